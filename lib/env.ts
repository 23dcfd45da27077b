import path from "node:path";
import { z } from "zod";

/**
 * The only place that reads process.env. Parsed once; everything else imports `env`.
 */
const booleanFlag = z
  .enum(["0", "1", "true", "false", "on", "off", ""])
  .transform((v) => !(v === "0" || v === "false" || v === "off"));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./.data"),
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  HUB_HOSTNAME: z.string().min(1).default("localhost"),
  EDGEDECK_DEMO: booleanFlag.default(true),
  /** Upper bound on request bodies accepted by the REST API, in bytes. */
  API_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  /** How far behind (in change-feed rows) a socket client may be before it is told to resync. */
  REALTIME_MAX_CATCHUP: z.coerce.number().int().min(1).default(5000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Optional base64 key for the `iothubowner` policy on first start (tests, provisioning scripts). */
  EDGEDECK_OWNER_KEY: z.string().regex(/^[A-Za-z0-9+/]{40,}={0,2}$/, "must be a base64 key of at least 30 bytes")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /**
   * Key that encrypts registry passwords at rest (AES-256-GCM): 64 hex digits or base64 of 32 bytes.
   * Unset: generated once into DATA_DIR/secret.key (mode 0600), or kept in memory with memory://.
   * Set it when several processes share one PostgreSQL (docs/registries.md).
   */
  EDGEDECK_SECRET_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "must be 64 hex digits or base64 of 32 bytes")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /**
   * Key rotation: earlier EDGEDECK_SECRET_KEY values, comma-separated. A password sealed under one of
   * them still opens, and is sealed again under the current key when it is next used.
   */
  EDGEDECK_SECRET_KEY_PREVIOUS: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)(?:\s*,\s*(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=))*$/, "must be keys like EDGEDECK_SECRET_KEY, comma-separated")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** How long one request to a registry source may take before it counts as unreachable. */
  REGISTRY_TIMEOUT_SECONDS: z.coerce.number().min(1).max(300).default(15),
  /** Operator sessions end after this much inactivity, and at the latest after the absolute limit. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Audit entries older than this are deleted by the retention sweep. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Connections in the PostgreSQL pool of each process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** MQTT over TLS for devices and modules (reference §10); 0 picks a free port (tests). */
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(8883),
  /**
   * PEM files of the MQTT server certificate (chain) and key. Unset: a self-signed CA and server
   * certificate are generated once into DATA_DIR/tls, and the CA is served at /api/tls/ca.pem.
   */
  MQTT_TLS_CERT: z.string().min(1).optional().or(z.literal("").transform(() => undefined)),
  MQTT_TLS_KEY: z.string().min(1).optional().or(z.literal("").transform(() => undefined)),
  /**
   * Change-feed rows older than this are deleted by the housekeeping sweep; a console that comes
   * back after longer than this refetches instead of replaying what it missed.
   */
  CHANGE_FEED_RETENTION_HOURS: z.coerce.number().min(1).max(24 * 3650).default(24),
  /** Device telemetry older than this is deleted by the retention sweep. */
  MESSAGE_RETENTION_HOURS: z.coerce.number().min(0.01).max(24 * 365).default(24),
  /** Safety pass of the deployment reconciler; changes trigger it at once anyway. */
  DEPLOYMENT_RECONCILE_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
  /** IoT Hub allows 100 edge deployments per hub (reference §5.5); a self-hosted hub may allow more. */
  DEPLOYMENT_LIMIT: z.coerce.number().int().min(1).max(100_000).default(100),
  /**
   * Several processes on one PostgreSQL: a process silent (no heartbeat) for this long is taken for
   * dead and the device sessions it held are marked Disconnected by the others.
   */
  CLUSTER_NODE_TIMEOUT_SECONDS: z.coerce.number().int().min(2).max(3600).default(30),
  /**
   * With EDGEDECK_DEMO on, this many of the demo devices run in the in-process fleet simulator
   * (docs/simulator.md); 0 turns the simulator off while keeping the demo data.
   */
  SIMULATOR_DEVICES: z.coerce.number().int().min(0).max(10_000).default(25),
  /** Seed of the simulator's fault draws and readings: same seed, same crash loops and outages. */
  SIMULATOR_SEED: z.string().min(1).default("1"),
  /** Fault profile preset of the in-process simulator: none, demo or chaos. */
  SIMULATOR_FAULTS: z.enum(["none", "demo", "chaos"]).default("demo"),
  /** Seconds between telemetry messages per module output in the in-process simulator (0 = none). */
  SIMULATOR_TELEMETRY_SECONDS: z.coerce.number().min(0).max(86_400).default(30),
  /**
   * A reported status (module runtime status, store and forward, deployment status) older than this
   * is shown as stale in the console instead of keeping its healthy colour (docs/console.md).
   */
  STATUS_STALE_SECONDS: z.coerce.number().int().min(1).max(30 * 86_400).default(300),
  /** Directory for the in-process simulator's store-and-forward queues (unset: kept in memory). */
  SIMULATOR_STATE_DIR: z.string().min(1).optional().or(z.literal("").transform(() => undefined)),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string };

function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  if (Boolean(parsed.data.MQTT_TLS_CERT) !== Boolean(parsed.data.MQTT_TLS_KEY)) {
    throw new Error("Invalid configuration: MQTT_TLS_CERT and MQTT_TLS_KEY must be set together");
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}

export const env: Env = parseEnv(process.env);
