import os from "node:os";
import { env } from "@/lib/env";

/**
 * Host names a SAS audience may name: HUB_HOSTNAME, and every address the hub listens on (all local
 * interfaces when bound to 0.0.0.0 or ::). Ports are ignored by the audience check.
 */
export function acceptedHosts(): string[] {
  const hosts = new Set([env.HUB_HOSTNAME.toLowerCase(), env.HOST.toLowerCase()]);
  if (["0.0.0.0", "::", "127.0.0.1", "localhost", "::1"].includes(env.HOST)) {
    hosts.add("localhost").add("127.0.0.1").add("::1");
  }
  if (env.HOST === "0.0.0.0" || env.HOST === "::") {
    for (const addresses of Object.values(os.networkInterfaces())) {
      for (const a of addresses ?? []) hosts.add(a.address.toLowerCase());
    }
    hosts.add(os.hostname().toLowerCase());
  }
  return [...hosts];
}
