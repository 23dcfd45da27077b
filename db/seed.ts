import { sql } from "drizzle-orm";
import type { Store } from "./client";
import { deviceScopeFor, generateGenerationId, generateSymmetricKey } from "@/lib/domain/identity";
import { buildMetadata, type JsonObject } from "@/lib/domain/twins";
import { DEMO_DEVICE_TYPES, DEMO_IMAGES, DEMO_SITES, RUNTIME_VERSION } from "./seed-demo-data";

type ModuleSeed = { moduleId: string; desired: JsonObject; reported: JsonObject; auth: "sas" | "none" };

function edgeAgentDesired(modules: readonly string[]): JsonObject {
  return {
    schemaVersion: "1.1",
    runtime: { type: "docker", settings: { minDockerVersion: "v1.25", loggingOptions: "" } },
    systemModules: {
      edgeAgent: { type: "docker", settings: { image: `mcr.microsoft.com/azureiotedge-agent:${RUNTIME_VERSION.slice(0, 3)}`, createOptions: "{}" } },
      edgeHub: {
        type: "docker",
        status: "running",
        restartPolicy: "always",
        settings: { image: `mcr.microsoft.com/azureiotedge-hub:${RUNTIME_VERSION.slice(0, 3)}`, createOptions: "{}" },
      },
    },
    modules: Object.fromEntries(
      modules.map((m) => [
        m,
        { version: "1.0", type: "docker", status: "running", restartPolicy: "always", settings: { image: DEMO_IMAGES[m], createOptions: "{}" } },
      ]),
    ),
  };
}

function edgeAgentReported(modules: readonly string[], now: Date, failing: string | null): JsonObject {
  const at = now.toISOString();
  return {
    schemaVersion: "1.1",
    version: 2,
    lastDesiredVersion: 2,
    lastDesiredStatus: { code: failing ? 417 : 200, description: failing ? `module ${failing} failed to start` : "" },
    runtime: { platform: { os: "linux", architecture: "x86_64", version: RUNTIME_VERSION } },
    systemModules: {
      edgeAgent: { runtimeStatus: "running", lastStartTimeUtc: at, exitCode: 0 },
      edgeHub: { runtimeStatus: "running", lastStartTimeUtc: at, restartCount: 0, exitCode: 0 },
    },
    modules: Object.fromEntries(
      modules.map((m) => [
        m,
        (m === failing
          ? { runtimeStatus: "backoff", exitCode: 137, restartCount: 4, lastExitTimeUtc: at, statusDescription: "OOMKilled" }
          : { runtimeStatus: "running", exitCode: 0, restartCount: 0, lastStartTimeUtc: at }) as JsonObject,
      ]),
    ),
  };
}

function demoModules(modules: readonly string[], now: Date, failing: string | null, index: number): ModuleSeed[] {
  return [
    { moduleId: "$edgeAgent", auth: "sas", desired: edgeAgentDesired(modules), reported: edgeAgentReported(modules, now, failing) },
    {
      moduleId: "$edgeHub",
      auth: "sas",
      desired: {
        schemaVersion: "1.1",
        routes: { upstream: { route: "FROM /messages/* INTO $upstream", priority: 0, timeToLiveSecs: 7200 } },
        storeAndForwardConfiguration: { timeToLiveSecs: 7200 },
      },
      reported: { schemaVersion: "1.1", lastDesiredVersion: 2, lastDesiredStatus: { code: 200 } },
    },
    ...modules.map((m) => ({
      moduleId: m,
      auth: "sas" as const,
      desired: (m === "filter"
        ? { threshold: { zScore: 3 + (index % 3) * 0.5 }, window: 60 }
        : { telemetryIntervalSeconds: 5 + (index % 4) * 5 }) as JsonObject,
      reported: { status: "ok", startedAt: now.toISOString() },
    })),
  ];
}

const DEMO_FLEET_SIZE = 25;

function demoDeviceId(i: number): string {
  const site = DEMO_SITES[i % DEMO_SITES.length];
  const kind = DEMO_DEVICE_TYPES[i % DEMO_DEVICE_TYPES.length];
  return `${site.site.split("-")[0]}-${kind.type.split("-")[0]}-${String(i + 1).padStart(2, "0")}`;
}

/** The ids the demo fleet is seeded with (`berlin-gateway-01`, …), for the simulator that runs it. */
export const demoDeviceIds = (): string[] => Array.from({ length: DEMO_FLEET_SIZE }, (_, i) => demoDeviceId(i));

/**
 * Seeds about 25 edge devices when the store has none. Returns how many were created (0 when the
 * store already held devices).
 */
export async function seedDemoFleet(store: Store, now: Date): Promise<number> {
  const [{ n }] = await store.query<{ n: string | number }>("select count(*) as n from devices", []);
  if (Number(n) > 0) return 0;
  const at = now.toISOString();
  let created = 0;
  await store.db.transaction(async (tx) => {
    for (let i = 0; i < DEMO_FLEET_SIZE; i++) {
      const site = DEMO_SITES[i % DEMO_SITES.length];
      const kind = DEMO_DEVICE_TYPES[i % DEMO_DEVICE_TYPES.length];
      const deviceId = demoDeviceId(i);
      const generationId = generateGenerationId(now.getTime() + i);
      const tags = { site: site.site, region: site.region, line: site.lines[i % site.lines.length], deviceType: kind.type, environment: i % 5 === 4 ? "staging" : "prod" };
      const failing = i % 9 === 7 ? kind.modules[kind.modules.length - 1] : null;
      await tx.execute(sql`insert into devices (device_id, generation_id, identity_etag, status, status_updated_time, auth_type,
          primary_key, secondary_key, edge_enabled, device_scope, tags, desired_metadata, reported, reported_metadata)
        values (${deviceId}, ${generationId}, ${"MQ=="}, 'enabled', ${at}, 'sas', ${generateSymmetricKey()}, ${generateSymmetricKey()},
          true, ${deviceScopeFor(deviceId, generationId)}, ${JSON.stringify(tags)}::jsonb,
          ${JSON.stringify({ $lastUpdated: at, $lastUpdatedVersion: 1 })}::jsonb,
          ${JSON.stringify({ hardware: { arch: kind.arch, os: kind.os } })}::jsonb,
          ${JSON.stringify(buildMetadata({ hardware: { arch: kind.arch, os: kind.os } }, { now: at }))}::jsonb)`);
      for (const m of demoModules(kind.modules, now, failing, i)) {
        await tx.execute(sql`insert into modules (device_id, module_id, managed_by, generation_id, identity_etag, auth_type,
            primary_key, secondary_key, desired, desired_metadata, desired_version, reported, reported_metadata, reported_version)
          values (${deviceId}, ${m.moduleId}, ${m.moduleId.startsWith("$") ? null : "IotEdge"}, ${generateGenerationId(now.getTime() + i)},
            ${"MQ=="}, ${m.auth}, ${generateSymmetricKey()}, ${generateSymmetricKey()}, ${JSON.stringify(m.desired)}::jsonb,
            ${JSON.stringify(buildMetadata(m.desired, { now: at, version: 2 }))}::jsonb, 2,
            ${JSON.stringify(m.reported)}::jsonb, ${JSON.stringify(buildMetadata(m.reported, { now: at }))}::jsonb, 2)`);
      }
      created++;
    }
  });
  return created;
}
