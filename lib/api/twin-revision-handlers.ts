import type { z } from "zod";
import { listTwinRevisions } from "@/lib/data/list-twin-revisions";
import { revertTwin } from "@/lib/data/revert-twin";
import { AppError } from "@/lib/domain/errors";
import { revisionPageSchema, revisionVersionSchema } from "@/lib/schemas/twin-revisions";
import { can } from "./permissions";
import { apiRoute } from "./route";

type P = { deviceId: string; moduleId?: string; version?: string };

const target = (p: P) => ({ deviceId: p.deviceId, ...(p.moduleId === undefined ? {} : { moduleId: p.moduleId }) });

/** Query-string and path parameters fail like bodies do: 400 ArgumentInvalid naming the parameter. */
function parseParameter<S extends z.ZodType>(schema: S, value: unknown, fallbackPath: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const unknown = issue.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys[0] : undefined;
  const path = unknown ?? (issue.path.join(".") || fallbackPath);
  throw new AppError("ArgumentInvalid", unknown ? `Unknown parameter '${unknown}'` : `${path}: ${issue.message}`, { path });
}

/** The Azure SDKs send `api-version` everywhere; it is accepted and ignored, as on every route. */
const pageParameters = (url: URL) => {
  const { "api-version": _ignored, ...rest } = Object.fromEntries(url.searchParams);
  return rest;
};

/**
 * GET …/revisions (history, newest first) and POST …/revisions/{version}/revert (a new write
 * restoring that revision's desired, and tags for device twins), for device and module twins alike.
 */
export function twinRevisionHandlers() {
  return {
    GET: apiRoute<P>({
      permission: can.readTwins,
      handle: ({ params, url }) =>
        listTwinRevisions(target(params), parseParameter(revisionPageSchema, pageParameters(url), "limit")),
    }),
    POST: apiRoute<P>({
      permission: can.writeTwins,
      handle: ({ params, request, context }) =>
        revertTwin(
          target(params),
          parseParameter(revisionVersionSchema, params.version, "version"),
          request.headers.get("if-match"),
          context,
        ),
    }),
  };
}
