import { getConnectionStrings } from "@/lib/data/get-connection-strings";
import { regenerateIdentityKey } from "@/lib/data/regenerate-identity-key";
import { env } from "@/lib/env";
import { regenerateKeySchema } from "@/lib/schemas/identity";
import { can } from "./permissions";
import { apiRoute } from "./route";

type P = { deviceId: string; moduleId?: string };
const target = (p: P) => ({ deviceId: p.deviceId, ...(p.moduleId === undefined ? {} : { moduleId: p.moduleId }) });

/** EdgeDeck extensions beside IoT Hub's API: rotate one SAS key, read connection strings. */
export function regenerateKeyHandlers() {
  return {
    POST: apiRoute<P, typeof regenerateKeySchema>({
      permission: can.writeRegistry,
      body: regenerateKeySchema,
      handle: ({ params, body, context }) => regenerateIdentityKey(target(params), body.key, context),
    }),
  };
}

export function connectionStringHandlers() {
  return {
    GET: apiRoute<P>({
      permission: can.readSecrets,
      handle: ({ params }) => getConnectionStrings(target(params), env.HUB_HOSTNAME),
    }),
  };
}
