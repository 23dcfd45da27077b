// The twin GET baseline: a bare node:http server answering GET /api/twins/{deviceId} with the same
// JSON as EdgeDeck (the same `toTwinDto` over the same row), straight from postgres.js, no auth,
// no framework. What is left between EdgeDeck and this is routing, auth and Next.js itself.
//
//   DATABASE_URL=postgres://… PORT=4100 node --import tsx bench/baselines/bare-twin-server.ts
import { createServer } from "node:http";
import { connectSql } from "../lib/sql-client";
import { toTwinDto, type TwinRow } from "@/lib/data/rows";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
const port = Number(process.env.PORT ?? 4100);
// The same pool size and prepared statements as EdgeDeck's store (db/client.ts).
const sql = connectSql(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), prepare: true });

const PREFIX = "/api/twins/";

const server = createServer(async (req, res) => {
  try {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/health") return send(res, 200, '{"status":"ok"}');
    if (req.method !== "GET" || !path.startsWith(PREFIX) || path.indexOf("/", PREFIX.length) !== -1) {
      return send(res, 404, '{"error":{"code":"NotFound"}}');
    }
    const deviceId = decodeURIComponent(path.slice(PREFIX.length));
    // `unsafe` does not prepare unless told to (and then describes before every bind: a round trip more).
    const [row] = await sql.unsafe<TwinRow[]>("select * from devices where device_id = $1", [deviceId], { prepare: true });
    if (!row) return send(res, 404, '{"error":{"code":"DeviceNotFound"}}');
    send(res, 200, JSON.stringify(toTwinDto(row)));
  } catch (error) {
    console.error(error);
    send(res, 500, '{"error":{"code":"ServerError"}}');
  }
});

function send(res: import("node:http").ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

server.listen(port, "127.0.0.1", () => console.log(`[bare-twin-server] http://127.0.0.1:${port}`));
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.close();
    server.closeIdleConnections();
    void sql.end({ timeout: 2 }).finally(() => process.exit(0));
  });
}
