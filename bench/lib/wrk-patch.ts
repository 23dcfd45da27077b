import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchContext } from "./context";
import { readTwinStates } from "./patch-load";
import { runWrk, type WrkResult } from "./wrk";

export type SentWrite = { deviceId: string; version: number; sentUs: number };

/**
 * Conditional twin PATCHes from wrk (twin-patch.lua) over the given devices, `connections` at a
 * time: a client that costs the machine far less than a Node one. Each run starts from the twins'
 * current etags. With `sendLog`, returns every write sent (device, the version it creates, the
 * CLOCK_MONOTONIC time in µs) so that events can be matched to writes.
 */
export function wrkPatchLoad(ctx: BenchContext, deviceIds: string[], connections: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-patch-"));
  const threads = Math.min(ctx.args.threads, connections);
  let runs = 0;
  return {
    threads,
    /** `connections` overrides the load's own (a paced run needs rate x latency of them in flight). */
    async run(options: { seconds: number; rate?: number; sendLog?: boolean; connections?: number }): Promise<WrkResult & { sent: SentWrite[]; errorCount: number }> {
      const statesFile = path.join(dir, "states.txt");
      const states = await readTwinStates(ctx.sql, deviceIds);
      fs.writeFileSync(statesFile, [...states].map(([id, state]) => `${id} ${state.etag} ${state.version}\n`).join(""));
      const logPrefix = path.join(dir, `sent-${++runs}`);
      const result = await runWrk({
        url: ctx.server.url,
        seconds: options.seconds,
        connections: options.connections ?? connections,
        threads,
        script: path.join(import.meta.dirname, "twin-patch.lua"),
        env: {
          BENCH_STATES: statesFile,
          BENCH_AUTH: ctx.token,
          BENCH_THREADS: String(threads),
          ...(options.rate ? { BENCH_RATE: String(options.rate) } : {}),
          ...(options.sendLog ? { BENCH_SEND_LOG: logPrefix } : {}),
        },
      });
      const sent: SentWrite[] = [];
      if (options.sendLog) {
        for (let k = 0; k < threads; k++) {
          for (const line of fs.readFileSync(`${logPrefix}.${k}`, "utf8").split("\n")) {
            const [deviceId, version, sentUs] = line.split(" ");
            if (sentUs) sent.push({ deviceId, version: Number(version), sentUs: Number(sentUs) });
          }
        }
      }
      const e = result.errors;
      return { ...result, sent, errorCount: e.connect + e.read + e.write + e.status + e.timeout };
    },
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
