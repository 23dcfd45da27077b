/**
 * Test-only fixture: the `devices` and `modules` columns the compiler targets, with a varied fleet.
 * Takes the database as a parameter so this file stays free of driver imports (lib/domain is pure).
 */
export type FixtureDb = {
  exec(sql: string): Promise<unknown>;
  query(sql: string, params: unknown[]): Promise<unknown>;
};

const COMMON = `
  device_id text NOT NULL, generation_id text, identity_etag text, status text, status_reason text,
  status_updated_time timestamptz, auth_type text, model_id text, connection_state text,
  connection_state_updated_time timestamptz, last_activity_time timestamptz, c2d_message_count int,
  tags jsonb, desired jsonb, desired_metadata jsonb, desired_version int, reported jsonb,
  reported_metadata jsonb, reported_version int, twin_version bigint, configurations jsonb`;

type Row = {
  id: string;
  module?: string;
  edge?: boolean;
  status?: string;
  conn?: string;
  last?: string | null;
  tags?: unknown;
  reported?: unknown;
  desired?: unknown;
  dv?: number;
  config?: unknown;
  version?: number;
};

export const DEVICES: Row[] = [
  { id: "d01", edge: true, conn: "Connected", last: "2025-03-01T10:00:00Z", tags: { site: { plant: "p7" }, env: "prod", floor: 3 }, reported: { fw: { version: "1.2.0" }, temp: 21.5 }, version: 7 },
  { id: "d02", conn: "Disconnected", last: "2025-02-01T08:30:00.250Z", tags: { site: { plant: "p7" }, env: "staging", floor: "3" }, reported: { fw: { version: "1.2.0" }, temp: 30 } },
  { id: "d03", status: "disabled", conn: "Disconnected", last: null, tags: { env: "dev", floor: 5 }, reported: { fw: { version: "1.3.0" } } },
  { id: "d04", edge: true, conn: "Connected", tags: {}, reported: {} },
  { id: "d05", tags: { site: { plant: "p8" }, env: "prod", group: { name: "g1" }, "a'; DROP TABLE devices; --": 1 }, reported: { fw: { version: "1.3.0" }, temp: -4 } },
  { id: "d06", tags: { env: null, list: ["x", "y"] }, reported: { temp: "hot" } },
  { id: "d07", tags: { env: "prod", site: { plant: "p7" }, flag: true }, reported: { fw: { version: "1.2.0" }, temp: 25 } },
  { id: "d08", tags: { env: "Prod" }, reported: { temp: 0 } },
  { id: "d09", tags: { floor: 1 } },
  { id: "d10", tags: { floor: 2 } },
];

export const MODULES: Row[] = [
  { id: "d01", module: "$edgeAgent", dv: 4, reported: { lastDesiredVersion: 4, lastDesiredStatus: { code: 200 }, modules: { "local-historian": { runtimeStatus: "failed" } } }, config: { "prod-base": { status: "Applied" } } },
  { id: "d01", module: "$edgeHub", reported: { lastDesiredStatus: { code: 200 } } },
  { id: "d01", module: "scanner", reported: { status: "scanning" } },
  { id: "d04", module: "$edgeAgent", dv: 5, reported: { lastDesiredVersion: 4, lastDesiredStatus: { code: 200 } }, config: { "prod-base": { status: "Applied" } } },
  { id: "d04", module: "scanner", reported: { status: "idle" } },
  { id: "d05", module: "$edgeAgent", dv: 2, reported: { lastDesiredVersion: 2, lastDesiredStatus: { code: 400 } }, config: { "prod-base": { status: "Targeted" } } },
];

export async function loadFleet(pg: FixtureDb): Promise<void> {
  await pg.exec(`
    CREATE TABLE devices (${COMMON}, edge_enabled boolean, device_scope text, parent_scopes jsonb, PRIMARY KEY (device_id));
    CREATE TABLE modules (${COMMON}, module_id text NOT NULL, managed_by text, PRIMARY KEY (device_id, module_id));`);
  for (const [table, rows] of [["devices", DEVICES], ["modules", MODULES]] as const) {
    for (const r of rows) {
      const metadata = { $lastUpdated: "2025-03-01T10:00:00.000Z", temp: { $lastUpdated: r.id === "d01" ? "2025-03-02T00:00:00.000Z" : "2024-12-31T00:00:00.000Z" } };
      const cols = [
        r.id, r.status ?? "enabled", r.conn ?? "Disconnected", r.last ?? null, JSON.stringify(r.tags ?? {}),
        JSON.stringify(r.desired ?? { interval: 10 }), r.dv ?? 1, JSON.stringify(r.reported ?? {}),
        JSON.stringify(metadata), r.version ?? 3, JSON.stringify(r.config ?? {}),
      ];
      const extra = table === "devices" ? ["edge_enabled", r.edge ?? false] : ["module_id", r.module!];
      await pg.query(
        `INSERT INTO ${table} (device_id, status, connection_state, last_activity_time, tags, desired, desired_version,
           reported, reported_metadata, twin_version, configurations, desired_metadata, reported_version, ${extra[0]})
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8::jsonb, $9::jsonb, $10, $11::jsonb, '{}'::jsonb, 2, $12)`,
        [...cols, extra[1]],
      );
    }
  }
}
