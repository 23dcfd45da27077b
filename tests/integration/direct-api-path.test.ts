import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveApiRequest } from "@/lib/api/node-api-server";
import { env } from "@/lib/env";
import { createDevice, getTwin, sasToken, setupPolicies, twinPath } from "./support/api";

/**
 * The production server's direct API path (node-api-server.ts) over real HTTP: it reads bodies
 * itself and hands them to the handlers beside the Request (buffered-body.ts), so the JSON body
 * rules must hold there exactly as on Next's path.
 */
let server: Server;
let base = "";

beforeAll(async () => {
  await setupPolicies();
  server = createServer((req, res) => void serveApiRequest(req, res, base));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function patch(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method: "PATCH",
    headers: { authorization: await sasToken({ policy: "iothubowner" }), "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as { error?: { code: string }; tags?: unknown } };
}

describe("JSON bodies on the direct API path", () => {
  it("a PATCH body reaches the handler, multi-byte text intact", async () => {
    const { deviceId } = await createDevice();
    const res = await patch(twinPath(deviceId), JSON.stringify({ tags: { site: "Zürich", n: 1 } }));
    expect(res.status).toBe(200);
    expect(res.json.tags).toEqual({ site: "Zürich", n: 1 });
    expect((await getTwin(deviceId)).tags).toEqual({ site: "Zürich", n: 1 });
  });

  it.each([
    ["a body past API_MAX_BODY_BYTES", JSON.stringify({ tags: { big: "x".repeat(env.API_MAX_BODY_BYTES) } }), {}, 413, "MessageTooLarge"],
    ["malformed JSON", "{ tags: ", {}, 400, "ArgumentInvalid"],
    ["another media type", JSON.stringify({ tags: { a: 1 } }), { "content-type": "text/plain" }, 415, "UnsupportedMediaType"],
    ["an empty body", "", {}, 400, "ArgumentInvalid"],
  ])("%s is refused and writes nothing", async (_name, body, headers, status, code) => {
    const { deviceId } = await createDevice();
    const before = await getTwin(deviceId);
    const res = await patch(twinPath(deviceId), body, headers);
    expect(res.status).toBe(status);
    expect(res.json.error?.code).toBe(code);
    expect(await getTwin(deviceId)).toEqual(before);
  });
});
