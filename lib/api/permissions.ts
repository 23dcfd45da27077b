import type { Right } from "@/lib/domain/identity";

/** Which policy rights each endpoint family needs (reference §3.3). */
export const can = {
  readRegistry: ["registryRead"],
  writeRegistry: ["registryWrite"],
  readTwins: ["serviceConnect", "registryRead"],
  writeTwins: ["serviceConnect"],
  query: ["serviceConnect", "registryRead"],
} as const satisfies Record<string, readonly Right[]>;
