const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated requests: a state-changing request must come from the
 * console's own origin, shown by `Origin` (or, failing that, `Referer`). A request that shows
 * neither is refused: every browser that sends cookies also sends `Origin` on POST/PUT/PATCH/DELETE.
 */
export function isSameOriginRequest(input: {
  method: string;
  origin: string | null;
  referer: string | null;
  host: string | null;
}): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return true;
  if (!input.host) return false;
  const source = input.origin && input.origin !== "null" ? input.origin : input.referer;
  if (!source) return false;
  try {
    return new URL(source).host.toLowerCase() === input.host.toLowerCase();
  } catch {
    return false;
  }
}
