import {
  buildStoreAndForwardReported,
  deviceFaults,
  INITIAL_AGENT_MEMORY,
  moduleOutputs,
  parseAgentMethod,
  restartModule,
  rngFor,
  runAgentStep,
  type AgentMemory,
  type DeviceFaults,
} from "@/lib/domain/edge-runtime";
import { applyMergePatch, type JsonObject, type JsonValue } from "@/lib/domain/twins";
import type { DeviceContext } from "./device-context";
import { DeviceStore } from "./device-store";

export type { DeviceContext } from "./device-context";
import { IdentityConnection, type ConnectionTarget } from "./identity-connection";
import { ModuleIdentities } from "./module-identities";
import { ReportedSender } from "./reported-sender";
import type { TaskHandle } from "./scheduler";
import { SimulatedEdgeHub } from "./simulated-edge-hub";
import { SimulatedModule } from "./simulated-module";

const stripSystemKeys = (doc: JsonObject): JsonObject => Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith("$"))) as JsonObject;
const versionOf = (doc: JsonObject) => (typeof doc.$version === "number" ? doc.$version : 0);
const defaultOutput = (image: string) => (image.includes("simulated-temperature-sensor") ? "temperatureOutput" : "output1");
const LOGGED = new Set(["crash", "fail", "image-not-found", "stop", "remove"]);

/**
 * One simulated IoT Edge device: `$edgeAgent` and `$edgeHub` connections, one connection per
 * running module, the planner's state, and the device's offline windows. Everything timed goes
 * through the fleet's scheduler.
 */
export class SimulatedDevice {
  readonly faults: DeviceFaults;
  private readonly agent: IdentityConnection;
  private readonly hub: SimulatedEdgeHub;
  readonly store: DeviceStore;
  private agentRefreshedAt = -Infinity;
  private onlineSince: number;
  private readonly modules = new Map<string, SimulatedModule>();
  private readonly identities: ModuleIdentities;
  private desired: JsonObject = {};
  private hasDesired = false;
  private memory: AgentMemory = INITIAL_AGENT_MEMORY;
  private readonly agentReported: ReportedSender;
  private wake: TaskHandle | null = null;
  private offlineTask: TaskHandle | null = null;
  private offlineIndex = 0;
  private readonly startedAt: number;
  isOnline = true;
  private isStopped = false;

  constructor(
    private readonly ctx: DeviceContext,
    readonly deviceId: string,
    private readonly deviceKey: string,
  ) {
    this.faults = deviceFaults(ctx.seed, deviceId, ctx.faultProfile);
    this.identities = new ModuleIdentities(ctx.rest, deviceId, ctx.log);
    this.startedAt = ctx.now();
    this.onlineSince = this.startedAt;
    this.store = new DeviceStore({
      deviceId,
      scheduler: ctx.scheduler,
      now: ctx.now,
      log: ctx.log,
      stateDir: ctx.stateDir,
      reauthGraceMs: ctx.reauthGraceMs,
      settings: () => this.hub.storeSettings,
      routes: () => this.hub.routes,
      connectionOf: (module) => this.modules.get(module)?.connection,
      agentReady: () => this.agentRefreshedAt >= this.onlineSince,
      onChange: () => this.hub.storeChanged(),
      onLedger: ctx.onLedger,
    });
    this.agent = new IdentityConnection(this.target("$edgeAgent"), ctx.scheduler);
    this.agentReported = new ReportedSender(this.agent, ctx.log);
    this.hub = new SimulatedEdgeHub(this.target("$edgeHub"), {
      scheduler: ctx.scheduler,
      syncMs: ctx.edgeHubSyncMs,
      now: ctx.now,
      log: ctx.log,
      onRoutes: () => this.updateOutputs(),
      storeReport: (settings) => buildStoreAndForwardReported(this.store.stats(), settings, ctx.now()),
      storeMaxSizeBytes: ctx.storeMaxSizeBytes,
    });
    this.agent.onConnect = () => {
      this.clientChanged(this.agent.clientId, true);
      void this.refreshAgent();
    };
    this.agent.onDisconnect = () => this.clientChanged(this.agent.clientId, false);
    this.agent.onDesired = (patch, version) => {
      if (!(version > versionOf(this.desired))) return;
      this.desired = { ...applyMergePatch(this.desired, stripSystemKeys(patch)), $version: version };
      this.reconcile();
    };
    this.agent.onMethod = (name, payload) => Promise.resolve(this.answerAgentMethod(name, payload));
  }

  private target(moduleId: string): ConnectionTarget {
    // ±25 % per identity, so a fleet that lost its server does not come back in one burst.
    const reconnectMs = Math.round(this.ctx.reconnectMs * rngFor(this.ctx.seed, this.deviceId, moduleId, "reconnect").between(0.75, 1.25));
    return {
      url: this.ctx.mqttUrl,
      ca: this.ctx.ca,
      hostName: this.ctx.hostName,
      deviceId: this.deviceId,
      moduleId,
      deviceKey: this.deviceKey,
      reconnectMs,
      now: this.ctx.now,
      tokenValiditySecs: this.ctx.tokenValiditySecs,
    };
  }

  /** The planner's view, for tests and the CLI summary. */
  get agentMemory(): AgentMemory {
    return this.memory;
  }

  /** A running module's connection (tests read the token it presented). */
  moduleConnection(name: string): IdentityConnection | undefined {
    return this.modules.get(name)?.connection;
  }

  get connectionCount(): number {
    return [this.agent, this.hub.connection, ...[...this.modules.values()].map((m) => m.connection)].filter((c) => c.isConnected).length;
  }

  async start(): Promise<void> {
    await this.identities.load();
    if (this.isStopped) return;
    this.agent.open();
    this.hub.open();
    this.scheduleOffline();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    for (const task of [this.wake, this.offlineTask]) task?.cancel();
    this.store.stop();
    await this.hub.stop();
    const modules = [...this.modules.values()];
    this.modules.clear();
    await Promise.all([this.agent.close(), ...modules.map((m) => m.stop())]);
  }

  // ------------------------------------------------------------------ offline windows

  private scheduleOffline(): void {
    const window = this.faults.offlineWindow(this.offlineIndex);
    if (!window || this.isStopped) return;
    this.offlineTask = this.ctx.scheduler.after(window.onlineMs, () => void this.setOnline(false, window.offlineMs));
  }

  /**
   * Takes the device off the network (every connection) or brings it back. Modules keep running
   * locally while it is offline; their messages go into the store (store and forward).
   */
  async setOnline(isOnline: boolean, backAfterMs?: number): Promise<void> {
    if (this.isStopped || isOnline === this.isOnline) return;
    this.offlineTask?.cancel();
    this.isOnline = isOnline;
    this.store.setOnline(isOnline);
    if (!isOnline) {
      this.ctx.log(`${this.deviceId}: offline${backAfterMs ? ` for ${Math.round(backAfterMs / 1000)} s` : ""}`);
      await Promise.all([this.agent.close(), this.hub.close(), ...[...this.modules.values()].map((m) => m.setOnline(false))]);
      if (backAfterMs !== undefined) this.offlineTask = this.ctx.scheduler.after(backAfterMs, () => void this.setOnline(true));
      return;
    }
    this.ctx.log(`${this.deviceId}: back online`);
    this.onlineSince = this.ctx.now();
    this.offlineIndex++;
    this.agent.open();
    this.hub.open();
    for (const m of this.modules.values()) void m.setOnline(true);
    this.scheduleOffline();
  }

  /** Tests: an outage of `ms` (or until goOnline), as a fault-profile offline window is. */
  goOffline(ms?: number): Promise<void> {
    return this.setOnline(false, ms);
  }

  goOnline(): Promise<void> {
    return this.setOnline(true);
  }

  // ------------------------------------------------------------------ edgeAgent

  private async refreshAgent(): Promise<void> {
    try {
      const twin = await this.agent.getTwin();
      // §8.2: a full twin refresh on every (re)connect; later patches are judged by $version.
      this.desired = twin.desired;
      this.agentReported.hubHolds(stripSystemKeys(twin.reported));
      this.hasDesired = true;
      this.agentRefreshedAt = this.ctx.now();
      this.reconcile();
    } catch (error) {
      this.ctx.log(`${this.deviceId}: $edgeAgent twin refresh failed: ${(error as Error).message}`);
      // A lost or unanswered GET: try again while connected (a reconnect refreshes anyway).
      this.ctx.scheduler.after(2_000, () => {
        if (this.agent.isConnected) void this.refreshAgent();
      });
    }
  }

  private reconcile(): void {
    if (this.isStopped || !this.hasDesired) return;
    this.wake?.cancel();
    this.wake = null;
    const step = runAgentStep({
      desired: this.desired,
      memory: this.memory,
      now: this.ctx.now(),
      knownImages: this.ctx.knownImages,
      settings: this.ctx.restartSettings,
      faults: this.faults,
      agentStartTime: this.startedAt,
      edgeHubStartTime: this.startedAt,
    });
    this.memory = step.memory;
    for (const a of step.actions) if (LOGGED.has(a.kind)) this.ctx.log(`${this.deviceId}: ${a.kind} ${a.module}${a.detail ? ` (${a.detail})` : ""}`);
    if (step.nextWakeAt !== null) this.wake = this.ctx.scheduler.at(step.nextWakeAt, () => this.reconcile());
    void this.agentReported.send(step.reported);
    this.syncModules();
  }

  /** `ping` and `RestartModule` on `$edgeAgent` (reference §8.4). */
  private answerAgentMethod(name: string, payload: JsonValue | undefined): { status: number; payload: JsonValue } {
    const method = parseAgentMethod(name, payload);
    if (method.kind === "ping") return { status: 200, payload: null };
    if (method.kind === "error") return { status: method.status, payload: { message: method.message } };
    const result = this.restartModule(method.moduleName);
    return result.ok ? { status: 200, payload: null } : { status: 400, payload: { message: result.message } };
  }

  /** RestartModule, also what tests use for "a module restarted while offline" (as a crash would). */
  restartModule(moduleName: string): { ok: true } | { ok: false; message: string } {
    const result = restartModule(this.memory.state, moduleName, this.ctx.now(), this.faults);
    if (!result.ok) return result;
    this.ctx.log(`${this.deviceId}: RestartModule ${moduleName}`);
    this.memory = { ...this.memory, state: result.state };
    // The old instance's connection goes; the restarted one connects afresh.
    this.stopModule(moduleName);
    this.reconcile();
    return { ok: true };
  }

  private syncModules(): void {
    const instances = this.memory.state.instances;
    for (const [name, inst] of Object.entries(instances)) {
      const shouldRun = inst.runtimeStatus === "running";
      const running = this.modules.get(name);
      if (shouldRun && !running) void this.startModule(name, inst.image);
      if (!shouldRun && running) this.stopModule(name);
    }
    for (const name of this.modules.keys()) if (!instances[name]) this.stopModule(name);
    if (this.memory.config) this.identities.prune(new Set(this.memory.config.modules.map((m) => m.name)));
  }

  private stopModule(name: string): void {
    const m = this.modules.get(name);
    if (!m) return;
    this.modules.delete(name);
    this.store.moduleStopped(name);
    void m.stop();
  }

  private async startModule(name: string, image: string): Promise<void> {
    // Offline, identities cannot be created or given keys: such a module waits for the network.
    if (!this.isOnline && !this.identities.hasKeys(name)) return;
    const module: SimulatedModule = new SimulatedModule(this.target(name), this.outputsOf(name, image), {
      scheduler: this.ctx.scheduler,
      seed: this.ctx.seed,
      telemetryIntervalMs: this.ctx.telemetryIntervalMs,
      onConnection: (clientId, connected) => {
        this.clientChanged(clientId, connected);
        if (connected && this.modules.get(name) === module) this.store.moduleAuthenticated(name, module.connection.tokenExpiresAt);
      },
      produce: (moduleId, output, reading, properties) => {
        if (this.modules.get(name) === module) this.store.produce(moduleId, output, reading, properties);
      },
      log: this.ctx.log,
    });
    this.modules.set(name, module);
    this.store.moduleStarted(name);
    try {
      await this.identities.ensure(name);
    } catch (error) {
      this.ctx.log(`${this.deviceId}: creating module identity ${name} failed: ${(error as Error).message}`);
      if (this.modules.get(name) === module) {
        this.modules.delete(name);
        this.store.moduleStopped(name);
      }
      return;
    }
    if (this.modules.get(name) === module && !this.isStopped) module.start(this.isOnline);
  }

  private outputsOf(name: string, image: string): string[] {
    return moduleOutputs(this.hub.routes, name, defaultOutput(image));
  }

  private updateOutputs(): void {
    for (const [name, m] of this.modules) m.outputs = this.outputsOf(name, this.memory.state.instances[name]?.image ?? "");
  }

  private clientChanged(clientId: string, connected: boolean): void {
    this.hub.clientChanged(clientId, connected);
  }
}
