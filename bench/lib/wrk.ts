import { spawn } from "node:child_process";
import path from "node:path";
import { WRK } from "./machine";

export type WrkResult = {
  requests: number;
  durationUs: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { mean: number; p50: number; p90: number; p95: number; p99: number; max: number };
  requestsPerSecond: number;
};

export type WrkOptions = {
  url: string;
  seconds: number;
  connections: number;
  threads: number;
  /** Handed to the Lua script as environment variables. */
  env: Record<string, string>;
  script?: string;
};

/** Runs wrk with a Lua script that prints a `WRK_JSON {…}` summary line, and parses it. */
export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const script = options.script ?? path.join(import.meta.dirname, "twin-get.lua");
  const args = [
    `-t${Math.min(options.threads, options.connections)}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--timeout",
    "10s",
    "-s",
    script,
    options.url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(WRK, args, { env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("WRK_JSON "));
      if (!line) return reject(new Error(`wrk exited with ${code} without a summary:\n${out}`));
      const parsed = JSON.parse(line.slice("WRK_JSON ".length)) as Omit<WrkResult, "requestsPerSecond">;
      resolve({ ...parsed, requestsPerSecond: parsed.requests / (parsed.durationUs / 1e6) });
    });
  });
}
