import { sql } from "drizzle-orm";
import type { TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

export type ConnectCredentials = {
  /** The device's status; a module of a disabled device may not connect either. */
  deviceStatus: string;
  authType: string;
  keys: string[];
  /** For modules: the device's own keys, which device-scope tokens are signed with. */
  deviceKeys: string[];
  deviceAuthType: string;
};

type Row = {
  status: string;
  auth_type: string;
  primary_key: string | null;
  secondary_key: string | null;
  device_auth_type: string;
  device_primary_key: string | null;
  device_secondary_key: string | null;
};

const keysOf = (a: string | null, b: string | null) => [a, b].filter((k): k is string => Boolean(k));

/** What the MQTT endpoint needs to judge a CONNECT (reference §10.3 point 2); null when unknown. */
export async function findConnectCredentials(target: TwinTarget): Promise<ConnectCredentials | null> {
  const { db } = await getStore();
  const [row] =
    target.moduleId === undefined
      ? await rowsOf<Row>(
          db,
          sql`select status, auth_type, primary_key, secondary_key, auth_type as device_auth_type,
                primary_key as device_primary_key, secondary_key as device_secondary_key
              from devices where device_id = ${target.deviceId}`,
        )
      : await rowsOf<Row>(
          db,
          sql`select d.status, m.auth_type, m.primary_key, m.secondary_key, d.auth_type as device_auth_type,
                d.primary_key as device_primary_key, d.secondary_key as device_secondary_key
              from modules m join devices d on d.device_id = m.device_id
              where m.device_id = ${target.deviceId} and m.module_id = ${target.moduleId}`,
        );
  if (!row) return null;
  return {
    deviceStatus: row.status,
    authType: row.auth_type,
    keys: keysOf(row.primary_key, row.secondary_key),
    deviceAuthType: row.device_auth_type,
    deviceKeys: keysOf(row.device_primary_key, row.device_secondary_key),
  };
}
