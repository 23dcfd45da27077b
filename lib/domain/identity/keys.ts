import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";
import { AppError } from "../errors";

/** Source of cryptographic randomness; injectable so tests are deterministic. */
export type RandomBytes = (size: number) => Uint8Array;

const defaultRandom: RandomBytes = (size) => randomBytes(size);

/** 32 random bytes, base64: the length IoT Hub generates for symmetric keys. */
export function generateSymmetricKey(random: RandomBytes = defaultRandom): string {
  return Buffer.from(random(32)).toString("base64");
}

/** Milliseconds between 0001-01-01 and 1970-01-01, to express time as .NET ticks. */
const EPOCH_OFFSET_MS = 62135596800000n;
const TICKS_PER_MS = 10000n;

/**
 * 18-digit generation id shaped like the ones IoT Hub returns (e.g. `637121074930370650`), which
 * are .NET ticks (100 ns since 0001-01-01) of the creation time. Milliseconds only fill the upper
 * digits, so the sub-millisecond digits are random: two identities re-created in the same
 * millisecond still get different generations.
 */
export function generateGenerationId(nowMs: number, random: RandomBytes = defaultRandom): string {
  if (!Number.isFinite(nowMs) || nowMs < 0) {
    throw new AppError("ArgumentInvalid", `nowMs must be a non-negative time, got ${nowMs}`, { path: "nowMs" });
  }
  const bytes = random(2);
  const subMs = BigInt((((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)) % 10000);
  const ticks = (BigInt(Math.floor(nowMs)) + EPOCH_OFFSET_MS) * TICKS_PER_MS + subMs;
  return ticks.toString().padStart(18, "0");
}

/** Edge device scope, immutable once assigned; children reference it in `parentScopes`. */
export function deviceScopeFor(deviceId: string, generationId: string): string {
  return `ms-azure-iot-edge://${deviceId}-${generationId}`;
}
