import { buildEdgeHubReported, edgeHubDesiredStatus, mergePatchDiff, storeSettings, type ClientState, type StoreSettings } from "@/lib/domain/edge-runtime";
import { applyMergePatch, isJsonObject, type JsonObject } from "@/lib/domain/twins";
import { IdentityConnection, type ConnectionTarget } from "./identity-connection";
import type { Scheduler, TaskHandle } from "./scheduler";

/**
 * A simulated device's `$edgeHub`: reads its desired properties (the routes decide which outputs
 * modules send on) and reports the §8.3 document with the device's clients, at most every
 * `syncMs` (ReportedPropertiesSyncFrequencySecs).
 */
export type EdgeHubContext = {
  scheduler: Scheduler;
  syncMs: number;
  now: () => number;
  log: (line: string) => void;
  /** Called when the routes may have changed. */
  onRoutes: () => void;
  /** The `storeAndForward` reported object as of now. */
  storeReport: (settings: StoreSettings) => JsonObject;
  /** Cap used when desired sets no `storeLimits.maxSizeBytes`. */
  storeMaxSizeBytes: number | null;
};

const stripSystemKeys = (doc: JsonObject): JsonObject => Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith("$"))) as JsonObject;
const versionOf = (doc: JsonObject) => (typeof doc.$version === "number" ? doc.$version : 0);

export class SimulatedEdgeHub {
  readonly connection: IdentityConnection;
  private desired: JsonObject = {};
  private reported: JsonObject | null = null;
  private readonly clients = new Map<string, ClientState>();
  private reportTask: TaskHandle | null = null;
  private isStopped = false;

  constructor(
    target: ConnectionTarget,
    private readonly ctx: EdgeHubContext,
  ) {
    this.connection = new IdentityConnection(target, ctx.scheduler);
    this.connection.onConnect = () => void this.refresh();
    this.connection.onDesired = (patch, version) => {
      if (!(version > versionOf(this.desired))) return;
      this.desired = { ...applyMergePatch(this.desired, stripSystemKeys(patch)), $version: version };
      ctx.onRoutes();
      this.scheduleReport(0);
    };
  }

  get routes(): JsonObject | undefined {
    return isJsonObject(this.desired.routes) ? this.desired.routes : undefined;
  }

  /** Global TTL and size cap in force for new messages (§6.4). */
  get storeSettings(): StoreSettings {
    return storeSettings(this.desired, this.ctx.storeMaxSizeBytes);
  }

  /** The store changed: report it, within the report throttle. */
  storeChanged(): void {
    this.scheduleReport(this.ctx.syncMs);
  }

  open(): void {
    this.connection.open();
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  stop(): Promise<void> {
    this.isStopped = true;
    this.reportTask?.cancel();
    return this.connection.close();
  }

  clientChanged(clientId: string, connected: boolean): void {
    this.clients.set(clientId, { connected, at: this.ctx.now() });
    this.scheduleReport(this.ctx.syncMs);
  }

  private async refresh(): Promise<void> {
    try {
      const twin = await this.connection.getTwin();
      this.desired = twin.desired;
      this.reported = stripSystemKeys(twin.reported);
      this.ctx.onRoutes();
      this.scheduleReport(0);
    } catch (error) {
      this.ctx.log(`${this.connection.clientId}: twin refresh failed: ${(error as Error).message}`);
      // A lost or unanswered GET: try again while connected (a reconnect refreshes anyway).
      this.ctx.scheduler.after(2_000, () => {
        if (this.connection.isConnected) void this.refresh();
      });
    }
  }

  private scheduleReport(delayMs: number): void {
    if (this.reportTask || this.isStopped) return;
    this.reportTask = this.ctx.scheduler.after(delayMs, () => {
      this.reportTask = null;
      void this.flushReport();
    });
  }

  private async flushReport(): Promise<void> {
    if (!this.connection.isConnected) return;
    const doc = buildEdgeHubReported({
      lastDesiredVersion: versionOf(this.desired),
      lastDesiredStatus: edgeHubDesiredStatus(this.desired),
      clients: this.clients,
      storeAndForward: this.ctx.storeReport(this.storeSettings),
    });
    const patch = mergePatchDiff(this.reported ?? {}, doc);
    if (Object.keys(patch).length === 0) return;
    try {
      await this.connection.patchReported(patch);
      this.reported = doc;
    } catch (error) {
      this.ctx.log(`${this.connection.clientId}: report failed: ${(error as Error).message}`);
    }
  }
}
