import { AppError, numericErrorCode } from "@/lib/domain/errors";
import { randomUUID } from "node:crypto";

/**
 * The one wire shape for errors: `{ error: { code, message, details } }`, plus IoT Hub's
 * `Message`/`ExceptionMessage` and the `iothub-errorcode` header so that the Azure SDKs map the error
 * to the right class (reference §4.3).
 */
export function errorResponse(error: AppError): Response {
  const trackingId = randomUUID().replaceAll("-", "");
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    },
    Message: `ErrorCode:${error.code};${error.message}`,
    ExceptionMessage: `Tracking ID:${trackingId}-TimeStamp:${new Date().toISOString()}`,
    ...(numericErrorCode[error.code] ? { errorCode: numericErrorCode[error.code] } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "iothub-errorcode": error.code,
    },
  });
}

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }), ...init.headers },
  });
}
