import { isSameOriginRequest } from "@/lib/domain/access";
import { AppError } from "@/lib/domain/errors";

/** For unauthenticated browser forms (sign-in, setup): refuse cross-site posts (login CSRF). */
export function assertSameOrigin(request: Request): void {
  const ok = isSameOriginRequest({
    method: request.method,
    origin: request.headers.get("origin"),
    referer: request.headers.get("referer"),
    host: request.headers.get("host"),
  });
  if (!ok) throw new AppError("Forbidden", "Cross-site request refused", { path: "origin" });
}
