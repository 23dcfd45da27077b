const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text PostgreSQL can store: no NUL and no unpaired UTF-16 surrogate (text and jsonb reject both at
 * run time, which would surface as a 500 instead of a clear 400).
 */
export function isStorableText(s: string): boolean {
  return !s.includes("\u0000") && !LONE_SURROGATE.test(s);
}

/** The dotted path of the first key or string value in a JSON value that PostgreSQL cannot store. */
export function findUnstorableText(value: unknown, path = ""): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!isStorableText(key)) return childPath;
      const found = findUnstorableText(child, childPath);
      if (found !== null) return found;
    }
  }
  return null;
}
