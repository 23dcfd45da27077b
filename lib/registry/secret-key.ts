import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { parseSecretKey } from "@/lib/domain/registry";
import { env } from "@/lib/env";

/**
 * The key that seals registry passwords: EDGEDECK_SECRET_KEY, else DATA_DIR/secret.key (created on
 * first use with mode 0600; several processes racing to create it agree through an exclusive
 * create), else, with DATA_DIR=memory://, a random key that lives as long as the process.
 */
const holder = globalThis as unknown as { __edgedeckSecretKey?: Promise<Buffer> };

export function getSecretKey(): Promise<Buffer> {
  holder.__edgedeckSecretKey ??= loadKey().catch((error) => {
    holder.__edgedeckSecretKey = undefined;
    throw error;
  });
  return holder.__edgedeckSecretKey;
}

/** The current key first, then EDGEDECK_SECRET_KEY_PREVIOUS (rotation), for opening sealed values. */
export async function getSecretKeys(): Promise<Buffer[]> {
  const previous = (env.EDGEDECK_SECRET_KEY_PREVIOUS ?? "").split(",").map((k) => k.trim()).filter(Boolean).map(parseSecretKey);
  return [await getSecretKey(), ...previous];
}

async function loadKey(): Promise<Buffer> {
  if (env.EDGEDECK_SECRET_KEY) return parseSecretKey(env.EDGEDECK_SECRET_KEY);
  if (env.DATA_DIR.startsWith("memory://")) return randomBytes(32);
  const file = path.join(env.dataDir, "secret.key");
  await fs.mkdir(env.dataDir, { recursive: true });
  try {
    await fs.writeFile(file, randomBytes(32).toString("hex") + "\n", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // Read back what is on disk: another process may have created it first.
  for (let attempt = 0; ; attempt++) {
    const text = await fs.readFile(file, "utf8");
    if (text.trim() || attempt > 20) return parseSecretKey(text);
    await new Promise((resolve) => setTimeout(resolve, 25)); // the creator has not written it yet
  }
}
