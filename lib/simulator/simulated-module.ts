import { rngFor } from "@/lib/domain/edge-runtime";
import { mergePatchDiff } from "@/lib/domain/edge-runtime";
import { applyMergePatch, type JsonObject } from "@/lib/domain/twins";
import { IdentityConnection, type ConnectionTarget } from "./identity-connection";
import type { Scheduler, TaskHandle } from "./scheduler";

/**
 * A running module instance as a well-behaved module behaves: its own MQTT identity, reported
 * properties mirroring desired (on connect and on every desired patch), and output events at a
 * modest, jittered rate on the outputs the routes name.
 */
export type ModuleContext = {
  scheduler: Scheduler;
  seed: number | string;
  telemetryIntervalMs: number;
  onConnection: (clientId: string, connected: boolean) => void;
  /** Hands a message to the device's edgeHub, which sends or stores it (store and forward). */
  produce: (moduleId: string, output: string, reading: JsonObject, properties: Record<string, string>) => void;
  log: (line: string) => void;
};

const withoutSystemKeys = (doc: JsonObject): JsonObject => Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith("$"))) as JsonObject;

export class SimulatedModule {
  readonly connection: IdentityConnection;
  private desiredVersion = 0;
  private desired: JsonObject = {};
  private reported: JsonObject = {};
  private telemetry: TaskHandle | null = null;
  private sequence = 0;
  outputs: string[];

  constructor(
    target: ConnectionTarget,
    outputs: string[],
    private readonly context: ModuleContext,
  ) {
    this.outputs = outputs;
    this.connection = new IdentityConnection(target, context.scheduler);
    this.connection.onConnect = () => {
      context.onConnection(this.connection.clientId, true);
      void this.refresh();
    };
    this.connection.onDisconnect = () => context.onConnection(this.connection.clientId, false);
    this.connection.onDesired = (patch, version) => void this.applyDesired(patch, version);
  }

  get moduleId(): string {
    return this.connection.target.moduleId!;
  }

  /** Offline, the module runs without a connection (edgeHub's upstream is unreachable). */
  start(isOnline: boolean): void {
    if (isOnline) this.connection.open();
    this.scheduleTelemetry();
  }

  setOnline(isOnline: boolean): Promise<void> {
    if (isOnline) this.connection.open();
    else return this.connection.close();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.telemetry?.cancel();
    this.telemetry = null;
    await this.connection.close();
  }

  private async refresh(): Promise<void> {
    try {
      const twin = await this.connection.getTwin();
      this.desiredVersion = typeof twin.desired.$version === "number" ? twin.desired.$version : 0;
      this.desired = withoutSystemKeys(twin.desired);
      this.reported = withoutSystemKeys(twin.reported);
      await this.mirror();
    } catch (error) {
      this.context.log(`${this.connection.clientId}: twin refresh failed: ${(error as Error).message}`);
      // A lost or unanswered GET: try again while connected (a reconnect refreshes anyway).
      this.context.scheduler.after(2_000, () => {
        if (this.connection.isConnected) void this.refresh();
      });
    }
  }

  private async applyDesired(patch: JsonObject, version: number): Promise<void> {
    // Patches older than what the twin GET returned are stale (§2.3): ignore them by $version.
    if (Number.isFinite(version) && version <= this.desiredVersion) return;
    this.desiredVersion = version;
    this.desired = applyMergePatch(this.desired, withoutSystemKeys(patch));
    await this.mirror().catch((error) => this.context.log(`${this.connection.clientId}: mirror failed: ${(error as Error).message}`));
  }

  private async mirror(): Promise<void> {
    const patch = mergePatchDiff(this.reported, this.desired);
    if (Object.keys(patch).length === 0) return;
    this.reported = this.desired;
    await this.connection.patchReported(patch);
  }

  private scheduleTelemetry(): void {
    const interval = this.context.telemetryIntervalMs;
    if (interval <= 0) return;
    const target = this.connection.target;
    // Jitter 50-150 % so a fleet does not send in lock-step.
    const jitter = rngFor(this.context.seed, target.deviceId, this.moduleId, "tick", this.sequence).between(0.5, 1.5);
    this.telemetry = this.context.scheduler.after(Math.round(interval * jitter), () => {
      this.sendTelemetry();
      this.scheduleTelemetry();
    });
  }

  private sendTelemetry(): void {
    const target = this.connection.target;
    const seq = this.sequence++;
    const r = rngFor(this.context.seed, target.deviceId, this.moduleId, "reading", seq);
    // Shaped like SimulatedTemperatureSensor's messages.
    const reading: JsonObject = {
      machine: { temperature: +(21 + seq * 0.05 + r.between(-0.5, 0.5)).toFixed(2), pressure: +r.between(1, 10).toFixed(3) },
      ambient: { temperature: +r.between(20, 22).toFixed(2), humidity: Math.round(r.between(24, 27)) },
      timeCreated: new Date().toISOString(),
    };
    for (const output of this.outputs) this.context.produce(this.moduleId, output, reading, { sequence: String(seq) });
  }
}
