import { AppError } from "../errors";

/**
 * A registry source's base URL as an operator types it: `https://registry.example.com`,
 * `http://127.0.0.1:5000`, or a bare host (`registry.example.com:5000` ⇒ https). Only the origin is
 * kept (the API lives at `/v2/`); credentials, paths, queries and fragments are refused so that what
 * is stored is exactly what is shown.
 */
export function normalizeRegistryUrl(input: string): { url: string; host: string } {
  const text = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw invalid(`'${input}' is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw invalid("The URL must use http or https");
  if (parsed.username || parsed.password) throw invalid("Put credentials in username and password, not in the URL");
  if (parsed.search || parsed.hash) throw invalid("The URL must not have a query or fragment");
  if (parsed.pathname !== "/" && parsed.pathname !== "/v2" && parsed.pathname !== "/v2/") {
    throw invalid("The URL must be the registry's origin (scheme, host and port), without a path");
  }
  if (!parsed.hostname) throw invalid("The URL has no host");
  return { url: parsed.origin, host: parsed.host };
}

const invalid = (message: string) => new AppError("ArgumentInvalid", message, { path: "url", field: "url" });

/** `host/repository:tag` as a deployment manifest names an image (the tag is left off when absent). */
export function imageRef(host: string, repository: string, reference?: string): string {
  const base = host ? `${host}/${repository}` : repository;
  if (!reference) return base;
  return reference.startsWith("sha256:") ? `${base}@${reference}` : `${base}:${reference}`;
}

/** Repository names of the distribution spec: lowercase path components separated by `/`. */
export const REPOSITORY_PATTERN = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
/** A tag, or a digest such as `sha256:` + 64 hex digits. */
export const REFERENCE_PATTERN = /^(?:[\w][\w.-]{0,127}|[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,})$/;
