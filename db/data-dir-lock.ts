import fs from "node:fs";
import path from "node:path";

/**
 * PGlite gives no error when a second process opens the same folder, and then corrupts it. A lock
 * file holding the owner's pid stops a second EdgeDeck on the same DATA_DIR; a stale lock left by a
 * crashed process (pid no longer alive) is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, "edgedeck.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(dataDir, owner);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class DataDirLockedError extends Error {
  constructor(dataDir: string, owner: number) {
    super(
      `The data folder ${dataDir} is in use by another EdgeDeck process (pid ${owner}). ` +
        `Stop it, or start this one with another DATA_DIR or with DATABASE_URL pointing at PostgreSQL.`,
    );
    this.name = "DataDirLockedError";
  }
}
