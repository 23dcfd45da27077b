import type { z } from "zod";
import { AppError } from "@/lib/domain/errors";

/** A query string checked against a strict zod object: the first problem becomes a 400 naming the parameter. */
export function parseQueryParams<S extends z.ZodType>(schema: S, url: URL): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const unknown = issue.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys[0] : undefined;
  const path = unknown ?? issue.path.join(".");
  throw new AppError("ArgumentInvalid", unknown ? `Unknown parameter '${unknown}'` : `${path}: ${issue.message}`, { path });
}
