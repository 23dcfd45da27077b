import { clearedSessionCookie, sessionCookie } from "@/lib/auth/session-token";
import { sessionLimits } from "@/lib/auth/session-principal";
import { jsonResponse } from "./error-response";

/** Secure cookies whenever the console is reached over HTTPS (directly or through a TLS proxy). */
export const isHttps = (request: Request) =>
  new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";

export function withSessionCookie(request: Request, token: string, body: unknown): Response {
  const maxAgeSeconds = Math.floor(sessionLimits().absoluteMs / 1000);
  return jsonResponse(body, { headers: { "set-cookie": sessionCookie(token, { secure: isHttps(request), maxAgeSeconds }) } });
}

export function withClearedSessionCookie(request: Request, body: unknown, status = 200): Response {
  return jsonResponse(body, { status, headers: { "set-cookie": clearedSessionCookie(isHttps(request)) } });
}
