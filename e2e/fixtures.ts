import { createHmac } from "node:crypto";

export { expect, test } from "@playwright/test";

/** The hub host name the server signs its audience with (HUB_HOSTNAME, default `localhost`). */
export const HUB_HOSTNAME = "localhost";

/**
 * An `Authorization` value for the iothubowner policy, signed with the key playwright.config.ts
 * gave the server (EDGEDECK_OWNER_KEY): IoT Hub's SAS format, HMAC-SHA256 over
 * `${urlencoded resource}\n${expiry}` keyed with the base64-decoded policy key.
 */
export function ownerAuthHeader(options: { ttlSeconds?: number; resource?: string } = {}): string {
  const key = process.env.EDGEDECK_OWNER_KEY;
  if (!key) throw new Error("EDGEDECK_OWNER_KEY is not set: run the e2e tests through playwright.config.ts");
  const resource = encodeURIComponent(options.resource ?? HUB_HOSTNAME);
  const expiry = Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? 3600);
  const signature = createHmac("sha256", Buffer.from(key, "base64")).update(`${resource}\n${expiry}`).digest("base64");
  return `SharedAccessSignature sr=${resource}&sig=${encodeURIComponent(signature)}&se=${expiry}&skn=iothubowner`;
}

/** Headers for an owner-authorised API request. */
export function ownerHeaders(): Record<string, string> {
  return { Authorization: ownerAuthHeader() };
}
