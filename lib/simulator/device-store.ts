import fs from "node:fs";
import path from "node:path";
import {
  MessageStore,
  mayAccept,
  mayForward,
  placeMessage,
  reauthSettled,
  type GateContext,
  type ModuleAuth,
  type StoredMessage,
  type StoreSettings,
  type StoreState,
} from "@/lib/domain/edge-runtime";
import type { JsonObject } from "@/lib/domain/twins";
import type { IdentityConnection } from "./identity-connection";
import type { Scheduler, TaskHandle } from "./scheduler";

/**
 * A simulated device's edgeHub message store (docs/simulator.md, "Store and forward"): module
 * messages go upstream at once while the device is online and nothing is waiting; otherwise they
 * are stored (per endpoint and priority, TTL fixed at enqueue) and forwarded in priority order once
 * the device is back and each sending module has presented a fresh token the hub accepted. The
 * store is written to `{stateDir}/{device}.store.json` when it changes and read on start.
 */
export type LedgerEvent = {
  deviceId: string;
  seq: number;
  module: string;
  output: string;
  priority: number;
  ttlSecs: number;
  at: number;
  outcome: "sent" | "stored" | "refused" | "forwarded" | "expired";
};

export type DeviceStoreContext = {
  deviceId: string;
  scheduler: Scheduler;
  now: () => number;
  log: (line: string) => void;
  stateDir: string | null;
  reauthGraceMs: number;
  settings: () => StoreSettings;
  routes: () => JsonObject | undefined;
  /** The module's connection while it has a running instance. */
  connectionOf: (module: string) => IdentityConnection | undefined;
  /** edgeAgent has read its twin since the device came online (it knows which modules run). */
  agentReady: () => boolean;
  onChange: () => void;
  onLedger?: (event: LedgerEvent) => void;
};

const PERSIST_DELAY_MS = 500;
const PUBLISH_TIMEOUT_MS = 30_000;
const RETRY_MS = 1_000;

export class DeviceStore {
  private store: MessageStore;
  private readonly auth = new Map<string, ModuleAuth>();
  private isOnline = true;
  private onlineSince: number;
  private isPumping = false;
  private persistTask: TaskHandle | null = null;
  private retryTask: TaskHandle | null = null;
  private expiryTask: TaskHandle | null = null;

  constructor(private readonly ctx: DeviceStoreContext) {
    this.onlineSince = ctx.now();
    this.store = new MessageStore(this.load() ?? undefined);
    // A store read from disk waits for the modules to re-authenticate, at most the grace period.
    if (this.store.length) ctx.scheduler.after(ctx.reauthGraceMs, () => void this.pump());
  }

  private get file(): string | null {
    return this.ctx.stateDir ? path.join(this.ctx.stateDir, `${encodeURIComponent(this.ctx.deviceId)}.store.json`) : null;
  }

  private load(): StoreState | null {
    const file = this.file;
    if (!file || !fs.existsSync(file)) return null;
    try {
      const state = JSON.parse(fs.readFileSync(file, "utf8")) as StoreState;
      if (state.version !== 1 || !Array.isArray(state.messages)) throw new Error("unknown format");
      return state;
    } catch (error) {
      this.ctx.log(`${this.ctx.deviceId}: ignoring unreadable store ${file}: ${(error as Error).message}`);
      return null;
    }
  }

  /** Writes now (on stop) or soon (debounced, on change). */
  persist(now = false): void {
    const file = this.file;
    if (!file) return;
    if (!now) {
      this.persistTask ??= this.ctx.scheduler.after(PERSIST_DELAY_MS, () => {
        this.persistTask = null;
        this.persist(true);
      });
      return;
    }
    this.persistTask?.cancel();
    this.persistTask = null;
    try {
      // Write-then-rename: a crash mid-write leaves the previous store, not half a file.
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(this.store.toState()));
      fs.renameSync(`${file}.tmp`, file);
    } catch (error) {
      this.ctx.log(`${this.ctx.deviceId}: could not write ${file}: ${(error as Error).message}`);
    }
  }

  stop(): void {
    this.retryTask?.cancel();
    this.expiryTask?.cancel();
    this.persist(true);
  }

  stats() {
    return this.store.stats(this.ctx.now());
  }

  private gate(): GateContext {
    return { isOnline: this.isOnline, onlineSince: this.onlineSince, now: this.ctx.now() };
  }

  private changed(): void {
    this.persist();
    this.ctx.onChange();
  }

  private ledger(m: Pick<StoredMessage, "seq" | "module" | "output" | "priority" | "ttlSecs">, outcome: LedgerEvent["outcome"]): void {
    this.ctx.onLedger?.({ deviceId: this.ctx.deviceId, seq: m.seq, module: m.module, output: m.output, priority: m.priority, ttlSecs: m.ttlSecs, at: this.ctx.now(), outcome });
  }

  // ------------------------------------------------------------------ module lifecycle

  moduleStarted(module: string): void {
    this.auth.set(module, { isPresent: true, validatedAt: null, tokenExpiresAt: null, startedOffline: !this.isOnline });
  }

  moduleStopped(module: string): void {
    const a = this.auth.get(module);
    if (a) this.auth.set(module, { ...a, isPresent: false });
  }

  /** The hub accepted the module's CONNECT with this token: edgeHub validated a fresh token. */
  moduleAuthenticated(module: string, tokenExpiresAt: number | null): void {
    const a = this.auth.get(module);
    if (!a) return;
    this.auth.set(module, { ...a, validatedAt: this.ctx.now(), tokenExpiresAt, startedOffline: false });
    void this.pump();
  }

  setOnline(isOnline: boolean): void {
    this.isOnline = isOnline;
    if (!isOnline) {
      // edgeHub keeps no tokens (CacheTokens=false): every module presents a fresh one afterwards.
      for (const [m, a] of this.auth) this.auth.set(m, { ...a, validatedAt: null, tokenExpiresAt: null });
      return;
    }
    this.onlineSince = this.ctx.now();
    // Forward what is ready when the grace period ends, even if some module never re-authenticates.
    this.ctx.scheduler.after(this.ctx.reauthGraceMs, () => void this.pump());
    void this.pump();
  }

  // ------------------------------------------------------------------ messages

  produce(module: string, output: string, reading: JsonObject, properties: Record<string, string>): void {
    const auth = this.auth.get(module);
    // A module (re)started while offline could not authenticate with edgeHub: it cannot send.
    if (!mayAccept(auth, this.isOnline)) return;
    const seq = this.store.allocateSeq();
    const settings = this.ctx.settings();
    const place = placeMessage(this.ctx.routes(), module, output, settings.timeToLiveSecs);
    const body = JSON.stringify({ ...reading, seq, module });
    const props = { ...properties, seq: String(seq) };
    const message: StoredMessage = { seq, module, output, endpoint: place.endpoint, priority: place.priority, ttlSecs: place.ttlSecs, enqueuedAt: this.ctx.now(), size: Buffer.byteLength(body), body, properties: props };
    const connection = this.ctx.connectionOf(module);
    if (this.isOnline && this.store.length === 0 && connection?.isConnected && mayForward(auth, this.gate()).ok) {
      connection.sendOutputEvent(output, body, props);
      this.ledger(message, "sent");
      // The moved sequence number is written with the next store change or on stop, not per message.
      return;
    }
    const result = this.store.enqueue(message, settings.maxSizeBytes);
    this.ledger(message, result.ok ? "stored" : "refused");
    this.changed();
    void this.pump();
  }

  private forwardable(m: StoredMessage): boolean {
    return mayForward(this.auth.get(m.module), this.gate()).ok && this.ctx.connectionOf(m.module)?.isConnected === true;
  }

  private settled(): boolean {
    if (!this.ctx.agentReady()) return this.ctx.now() >= this.onlineSince + this.ctx.reauthGraceMs;
    const waiting = [...this.store.modules()].map((m) => this.auth.get(m)).filter((a): a is ModuleAuth => a !== undefined);
    return reauthSettled(waiting, { ...this.gate(), graceMs: this.ctx.reauthGraceMs });
  }

  /** Forwards batch by batch, always resuming at the highest priority (§11 pump order). */
  async pump(): Promise<void> {
    if (this.isPumping || !this.isOnline || this.store.length === 0 || !this.settled()) return;
    this.isPumping = true;
    try {
      while (this.isOnline) {
        const { batch, expired } = this.store.nextBatch(this.ctx.now(), (m) => this.forwardable(m));
        for (const m of expired) this.ledger(m, "expired");
        if (expired.length) this.changed();
        if (!batch.length) break;
        for (const m of batch) {
          await this.publish(m);
          this.store.ack([m.seq]);
          this.ledger(m, "forwarded");
          this.changed();
        }
      }
    } catch (error) {
      this.ctx.log(`${this.ctx.deviceId}: forwarding paused: ${(error as Error).message}`);
      this.retryTask?.cancel();
      this.retryTask = this.ctx.scheduler.after(RETRY_MS, () => void this.pump());
    } finally {
      this.isPumping = false;
      this.wakeAtFirstExpiry();
    }
  }

  /** Held messages expire without anyone reading them: look again when the first one is due. */
  private wakeAtFirstExpiry(): void {
    this.expiryTask?.cancel();
    this.expiryTask = null;
    const secs = this.isOnline && this.store.length ? this.store.stats(this.ctx.now()).timeUntilFirstExpirySecs : null;
    if (secs !== null) this.expiryTask = this.ctx.scheduler.after((secs + 1) * 1000, () => void this.pump());
  }

  private publish(m: StoredMessage): Promise<void> {
    const connection = this.ctx.connectionOf(m.module);
    if (!connection) return Promise.reject(new Error(`${m.module} has no connection`));
    return new Promise<void>((resolve, reject) => {
      const timeout = this.ctx.scheduler.after(PUBLISH_TIMEOUT_MS, () => reject(new Error(`no PUBACK for ${m.seq}`)));
      connection.publishOutputEvent(m.output, m.body, m.properties).then(
        () => (timeout.cancel(), resolve()),
        (error: Error) => (timeout.cancel(), reject(error)),
      );
    });
  }
}
