/** Natural order (1.9 before 1.10), `latest` first: the order people look for a tag in. */
export function compareTags(a: string, b: string): number {
  if (a === "latest" || b === "latest") return a === b ? 0 : a === "latest" ? -1 : 1;
  return a.localeCompare(b, "en", { numeric: true });
}
