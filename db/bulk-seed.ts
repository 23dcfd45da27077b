import { sql, type SQL } from "drizzle-orm";
import type { Store } from "./client";

export type BulkSeedOptions = { devices: number; modulesPerDevice: number; prefix: string; batch?: number };

/**
 * Bulk-loads a large fleet for benchmarks with set-based inserts (generate_series), a batch of
 * devices per transaction. Every device is edge-enabled; `modulesPerDevice` counts `$edgeAgent` and
 * `$edgeHub`, the rest are custom modules `module1..`. Keys come from md5(random()): fine for load
 * tests, never for real devices (those are created through the API with crypto-random keys).
 */
export async function bulkSeed(store: Store, options: BulkSeedOptions, onProgress?: (done: number) => void) {
  const batch = options.batch ?? 10_000;
  const custom = Math.max(0, options.modulesPerDevice - 2);
  const moduleIds = ["$edgeAgent", "$edgeHub", ...Array.from({ length: custom }, (_, i) => `module${i + 1}`)].slice(
    0,
    Math.max(options.modulesPerDevice, 0),
  );
  const now = new Date().toISOString();
  for (let start = 1; start <= options.devices; start += batch) {
    const end = Math.min(options.devices, start + batch - 1);
    await store.db.transaction(async (tx) => {
      const run = (text: string, params: unknown[]) => tx.execute(parameterisedText(text, params));
      await run(DEVICE_INSERT, [options.prefix, start, end, now]);
      if (moduleIds.length) await run(MODULE_INSERT, [options.prefix, start, end, now, JSON.stringify(moduleIds)]);
    });
    onProgress?.(end);
  }
}

/** db/ must not import lib/data, so it keeps its own `$n` → bound-parameter conversion. */
function parameterisedText(text: string, params: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`)));
}

const KEY = `encode(decode(md5(random()::text || i::text) || md5(i::text || random()::text), 'hex'), 'base64')`;
const ID = `$1 || '-' || lpad(i::text, 7, '0')`;

const DEVICE_INSERT = `
insert into devices (device_id, generation_id, identity_etag, status, status_updated_time, auth_type, primary_key,
  secondary_key, edge_enabled, device_scope, tags, desired_metadata, reported, reported_metadata, connection_state)
select ${ID}, (639000000000000000 + i)::text, 'MQ==', 'enabled', $4::timestamptz, 'sas', ${KEY}, ${KEY}, true,
  'ms-azure-iot-edge://' || ${ID} || '-' || (639000000000000000 + i)::text,
  jsonb_build_object('site', 'site-' || (i % 50), 'environment', case when i % 10 = 0 then 'staging' else 'prod' end,
    'deviceType', (array['gateway-x86','rpi4-sensor-hub','jetson-vision'])[1 + i % 3], 'line', 'line-' || (i % 7)),
  jsonb_build_object('$lastUpdated', $4::text, '$lastUpdatedVersion', 1),
  jsonb_build_object('x', i % 10, 'fw', jsonb_build_object('version', '1.' || (i % 5))),
  jsonb_build_object('$lastUpdated', $4::text, 'x', jsonb_build_object('$lastUpdated', $4::text),
    'fw', jsonb_build_object('$lastUpdated', $4::text, 'version', jsonb_build_object('$lastUpdated', $4::text))),
  case when i % 4 = 0 then 'Connected' else 'Disconnected' end
from generate_series($2::int, $3::int) as i
on conflict (device_id) do nothing`;

const MODULE_INSERT = `
insert into modules (device_id, module_id, managed_by, generation_id, identity_etag, auth_type, primary_key, secondary_key,
  desired, desired_metadata, desired_version, reported, reported_metadata, reported_version)
select ${ID}, m.id, case when m.id like '$%' then null else 'IotEdge' end, (639000000000000000 + i)::text, 'MQ==', 'sas',
  ${KEY}, ${KEY},
  case when m.id = '$edgeAgent' then jsonb_build_object('schemaVersion', '1.1', 'runtime', jsonb_build_object('type', 'docker'),
         'modules', jsonb_build_object('module1', jsonb_build_object('version', '1.0', 'type', 'docker', 'status', 'running',
           'restartPolicy', 'always', 'settings', jsonb_build_object('image', 'edgedeck/samples/anomaly-filter:1.2.0', 'createOptions', '{}')))) 
       when m.id = '$edgeHub' then jsonb_build_object('schemaVersion', '1.1', 'routes', jsonb_build_object('upstream', 'FROM /messages/* INTO $upstream'),
         'storeAndForwardConfiguration', jsonb_build_object('timeToLiveSecs', 7200))
       else jsonb_build_object('telemetryIntervalSeconds', 5 + i % 4, 'threshold', jsonb_build_object('zScore', 3)) end,
  jsonb_build_object('$lastUpdated', $4::text, '$lastUpdatedVersion', 1), 1,
  case when m.id = '$edgeAgent' then jsonb_build_object('lastDesiredStatus', jsonb_build_object('code', case when i % 13 = 0 then 417 else 200 end),
         'modules', jsonb_build_object('module1', jsonb_build_object('runtimeStatus', case when i % 17 = 0 then 'backoff' else 'running' end, 'exitCode', 0)))
       else jsonb_build_object('status', 'ok') end,
  jsonb_build_object('$lastUpdated', $4::text), 1
from generate_series($2::int, $3::int) as i cross join jsonb_array_elements_text($5::jsonb) as m(id)
on conflict do nothing`;
