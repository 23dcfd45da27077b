import type { z } from "zod";
import { AppError, isAppError } from "@/lib/domain/errors";
import { isStorableText } from "@/lib/domain/storable-text";
import type { Action } from "@/lib/domain/access";
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
  /** Who wrote it, when and from where: what the data layer records with every write. */
  context: { actor: string; now: Date; clientAddress: string | null };
};

type RouteSpec<P extends Params, S extends z.ZodType | undefined> = {
  /**
   * The action the caller needs (lib/domain/access); `session` = any signed-in operator (their own
   * session and password); `public` skips authentication.
   */
  permission: Action | "public" | "session";
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
      if (principal && spec.permission === "session" && principal.kind !== "user") {
        // A policy lacking what is needed gets IoT Hub's 401, as for any other missing right.
        throw new AppError("IotHubUnauthorizedAccess", "Only a signed-in operator can do this", { permission: "session" });
      }
      if (principal && spec.permission !== "public" && spec.permission !== "session") authorize(principal, spec.permission);
      // Next has already percent-decoded the segments; decoding again would corrupt ids containing `%`.
      const params = (await segment?.params) ?? ({} as P);
      assertStorable(params, new URL(request.url).searchParams);
      const body = spec.body ? await readJsonBody(request, spec.body, env.API_MAX_BODY_BYTES) : undefined;
      const actor = principal ? actorOf(principal) : "anonymous";
      const result = await spec.handle({
        request,
        params,
        body: body as never,
        principal,
        actor,
        now,
        url: new URL(request.url),
        context: { actor, now, clientAddress: clientAddressOf(request) },
      });
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      if (isAppError(error)) return errorResponse(error);
      console.error("[api] unhandled error", request.method, new URL(request.url).pathname, error);
      return errorResponse(new AppError("ServerError", "The server could not complete the request"));
    }
  };
}

/** A NUL or lone surrogate in an id or filter can match nothing and would make PostgreSQL fail: 400. */
function assertStorable(params: Params, search: URLSearchParams) {
  for (const [key, value] of [...Object.entries(params), ...search.entries()]) {
    if (!isStorableText(value) || !isStorableText(key)) {
      throw new AppError("ArgumentInvalid", `${key} must not contain NUL characters or unpaired surrogates`, { path: key });
    }
  }
}

/**
 * server.ts stamps the socket's remote address into this header, overwriting anything a client sent,
 * so it can be trusted for audit and throttling (X-Forwarded-For could be forged).
 */
export const CLIENT_ADDRESS_HEADER = "x-edgedeck-client-address";
const clientAddressOf = (request: Request) => request.headers.get(CLIENT_ADDRESS_HEADER);

export { jsonResponse };
