import type { z } from "zod";
import { AppError, isAppError } from "@/lib/domain/errors";
import type { Right } from "@/lib/domain/identity";
import { env } from "@/lib/env";
import { actorOf, authenticate, authorize, type Principal } from "./authenticate";
import { errorResponse, jsonResponse } from "./error-response";
import { readJsonBody } from "./read-json-body";

type Params = Record<string, string>;

export type RouteContext<P extends Params, B> = {
  request: Request;
  params: P;
  body: B;
  principal: Principal | null;
  /** `user:alice` or `policy:iothubowner`: who a write is recorded against. */
  actor: string;
  now: Date;
  url: URL;
};

type RouteSpec<P extends Params, S extends z.ZodType | undefined> = {
  /** Rights of which the caller needs one; `public` skips authentication (health checks only). */
  permission: readonly Right[] | "public";
  body?: S;
  handle(context: RouteContext<P, S extends z.ZodType ? z.infer<S> : undefined>): Promise<Response | unknown>;
};

/**
 * The one wrapper every REST handler goes through: authentication and permission, body parsing with
 * a size limit, and mapping of every error to the one error shape. Handlers stay one data call.
 */
export function apiRoute<P extends Params = Params, S extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<P, S>,
) {
  return async (request: Request, segment?: { params?: Promise<P> }): Promise<Response> => {
    try {
      const now = new Date();
      const principal = spec.permission === "public" ? null : await authenticate(request, now.getTime() / 1000);
      if (principal && spec.permission !== "public") authorize(principal, spec.permission);
      // Next has already percent-decoded the segments; decoding again would corrupt ids containing `%`.
      const params = (await segment?.params) ?? ({} as P);
      const body = spec.body ? await readJsonBody(request, spec.body, env.API_MAX_BODY_BYTES) : undefined;
      const result = await spec.handle({
        request,
        params,
        body: body as never,
        principal,
        actor: principal ? actorOf(principal) : "anonymous",
        now,
        url: new URL(request.url),
      });
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      if (isAppError(error)) return errorResponse(error);
      console.error("[api] unhandled error", request.method, new URL(request.url).pathname, error);
      return errorResponse(new AppError("ServerError", "The server could not complete the request"));
    }
  };
}

export { jsonResponse };
