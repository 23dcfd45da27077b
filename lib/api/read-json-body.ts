import type { z } from "zod";
import { AppError } from "@/lib/domain/errors";
import { findUnstorableText } from "@/lib/domain/storable-text";
import { bufferedBodyOf } from "./buffered-body";

/**
 * Reads a JSON body under a byte limit and validates it: 413 past the limit, 415 for another media
 * type, 400 for malformed JSON or a schema failure naming the field.
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, maxBytes: number): Promise<z.infer<S>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType && !/^application\/(json|[\w.+-]+\+json)\b/i.test(contentType)) {
    throw new AppError("UnsupportedMediaType", `Expected application/json, got ${contentType}`, { path: "content-type" });
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readLimited(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError("ArgumentInvalid", `Malformed JSON body: ${(error as Error).message}`, { path: "" });
  }
  const unstorable = findUnstorableText(value);
  if (unstorable !== null) {
    throw new AppError("ArgumentInvalid", `${unstorable || "body"}: text must not contain NUL characters or unpaired surrogates`, {
      path: unstorable,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys : [];
    const path = [...issue.path, ...keys.slice(0, 1)].map(String).join(".");
    const message = keys.length ? `Unknown field '${path}'` : `${path || "body"}: ${issue.message}`;
    throw new AppError("ArgumentInvalid", message, {
      path,
      // The top-level body field at fault, for forms that mark the input (e.g. the registry form).
      field: path.split(".")[0] ?? "",
      issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    });
  }
  return parsed.data;
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  const buffered = bufferedBodyOf(request);
  if (buffered !== undefined) {
    if (buffered.byteLength > maxBytes) throw tooLarge(maxBytes);
    return buffered.toString("utf8");
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const tooLarge = (maxBytes: number) =>
  new AppError("MessageTooLarge", `The request body is larger than ${maxBytes} bytes`, { path: "", limit: maxBytes });
