// Small helpers shared by the scripts that start throwaway servers for the tests
// (test-postgres.mjs, test-registry.mjs).
import fs from "node:fs";
import net from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The last 20 lines of a log file, for an error message ("" when there is none). */
export function readTail(file) {
  try {
    return fs.readFileSync(file, "utf8").trim().split("\n").slice(-20).join("\n");
  } catch {
    return "";
  }
}

/** Whether a process still runs (EPERM: it does, as another user); the watchdogs poll their parent with it. */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
