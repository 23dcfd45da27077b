/**
 * The `Link` header a registry sends with a paged catalog or tag list (distribution spec, "Listing
 * Repositories"): `</v2/_catalog?last=b&n=100>; rel="next"`. Returns the next page's absolute URL,
 * resolved against the URL of the page that carried it, or null on the last page.
 */
export function nextPageUrl(header: string | null | undefined, pageUrl: string): string | null {
  if (!header) return null;
  for (const part of splitLinks(header)) {
    const match = /^\s*<([^>]*)>(.*)$/s.exec(part);
    if (!match) continue;
    const rels = [...match[2]!.matchAll(/;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/gi)].flatMap((m) => (m[1] ?? m[2] ?? "").toLowerCase().split(/\s+/));
    if (!rels.includes("next")) continue;
    try {
      return new URL(match[1]!, pageUrl).toString();
    } catch {
      return null;
    }
  }
  return null;
}

/** Splits at commas outside `<…>` and quotes (a URL may hold commas). */
function splitLinks(header: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "<") depth++;
    else if (!quoted && c === ">") depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === ",") {
      parts.push(header.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(header.slice(start));
  return parts;
}
