import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";

export type ManagedProcess = {
  name: string;
  pid: number;
  url: string;
  logFile: string;
  stop(): Promise<void>;
};

/** Every child started here, killed on exit whatever happens (signals, a thrown error). */
const live = new Set<ChildProcess>();
let hooked = false;

function installHooks() {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
  // Before test-postgres' own handlers (they call process.exit): stop the servers first.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.prependListener(signal, () => {
      for (const child of live) child.kill("SIGTERM");
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

type StartOptions = {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  /** Path polled until it answers 2xx. */
  readyPath: string;
  logFile: string;
  timeoutMs?: number;
};

/** Starts `node …args` in the project folder, its output in `logFile`, and waits until it answers. */
export async function startNodeProcess(options: StartOptions): Promise<ManagedProcess> {
  installHooks();
  const log = fs.openSync(options.logFile, "w");
  const child = spawn(process.execPath, options.args, {
    cwd: process.cwd(),
    env: options.env,
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  live.add(child);
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = `exited with ${code ?? signal}`;
      live.delete(child);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (true) {
    if (exited) throw new Error(`${options.name} ${exited} before it was ready:\n${tail(options.logFile)}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${options.name} was not ready within ${(options.timeoutMs ?? 120_000) / 1000} s:\n${tail(options.logFile)}`);
    }
    if (await answers(`${url}${options.readyPath}`)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    name: options.name,
    pid: child.pid!,
    url,
    logFile: options.logFile,
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve((response.statusCode ?? 500) < 300);
    });
    request.on("error", () => resolve(false));
    request.on("timeout", () => {
      request.destroy();
      resolve(false);
    });
  });
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
