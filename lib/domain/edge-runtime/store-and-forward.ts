/**
 * edgeHub's message store (reference §11), pure: one FIFO queue per (endpoint, priority), TTL
 * fixed at enqueue and measured from the enqueue time, a size cap that refuses new messages, and
 * counters for what expired or was refused, so that no message leaves the store uncounted. The
 * clock is passed in; the simulator persists `toState()` as JSON.
 */

/** Priority of string routes and of route objects without `priority` (below every explicit 0-9). */
export const DEFAULT_ROUTE_PRIORITY = 2_000_000_000;
export const UPSTREAM = "$upstream";
/** edgeHub's MaxUpstreamBatchSize: a batch never mixes priorities. */
export const MAX_BATCH = 10;

export type StoredMessage = {
  seq: number;
  module: string;
  output: string;
  /** `$upstream` or `/modules/{m}/inputs/{i}`. */
  endpoint: string;
  priority: number;
  /** TTL in force when the message was enqueued; negative = never expires. */
  ttlSecs: number;
  enqueuedAt: number;
  /** Bytes counted against the size cap (the body's UTF-8 length). */
  size: number;
  body: string;
  properties: Record<string, string>;
};

export type StoreState = {
  version: 1;
  nextSeq: number;
  droppedByTtl: number;
  refusedForSpace: number;
  forwarded: number;
  messages: StoredMessage[];
};

export type QueueStats = { endpoint: string; priority: number; length: number; bytes: number; oldestAgeSecs: number; timeUntilFirstExpirySecs: number | null };

export type StoreStats = {
  queueLength: number;
  storageBytes: number;
  /** null when the store is empty. */
  oldestAgeSecs: number | null;
  /** null when empty or nothing stored can expire. */
  timeUntilFirstExpirySecs: number | null;
  droppedByTtl: number;
  refusedForSpace: number;
  forwarded: number;
  queues: QueueStats[];
};

export const EMPTY_STORE_STATE: StoreState = { version: 1, nextSeq: 1, droppedByTtl: 0, refusedForSpace: 0, forwarded: 0, messages: [] };

/** The TTL a new message gets: the route's when > 0, else the global one (negative = never). */
export const effectiveTtlSecs = (routeTtlSecs: number | undefined, globalTtlSecs: number) => (routeTtlSecs !== undefined && routeTtlSecs > 0 ? routeTtlSecs : globalTtlSecs);

export const isExpired = (m: Pick<StoredMessage, "ttlSecs" | "enqueuedAt">, now: number) => m.ttlSecs >= 0 && now >= m.enqueuedAt + m.ttlSecs * 1000;

/** edgeHub's queue names: `{endpoint}_Pri{n}`, the default priority keeping the bare `{endpoint}`. */
export const queueName = (endpoint: string, priority: number) => (priority === DEFAULT_ROUTE_PRIORITY ? endpoint : `${endpoint}_Pri${priority}`);

const byQueue = (a: { endpoint: string; priority: number }, b: { endpoint: string; priority: number }) => a.priority - b.priority || (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0);

export type EnqueueResult = { ok: true } | { ok: false; reason: "full" };

export class MessageStore {
  private readonly queues = new Map<string, StoredMessage[]>();
  private bytes = 0;
  private nextSeq: number;
  private droppedByTtl: number;
  private refusedForSpace: number;
  private forwarded: number;

  constructor(state: StoreState = EMPTY_STORE_STATE) {
    this.nextSeq = state.nextSeq;
    this.droppedByTtl = state.droppedByTtl;
    this.refusedForSpace = state.refusedForSpace;
    this.forwarded = state.forwarded;
    for (const m of [...state.messages].sort((a, b) => a.seq - b.seq)) this.push(m);
  }

  get length(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  get storageBytes(): number {
    return this.bytes;
  }

  /** Sequence numbers are the device's: every produced message takes one, stored or not. */
  allocateSeq(): number {
    return this.nextSeq++;
  }

  /** Refused (and counted) when it would take the store past `maxSizeBytes` (null = no cap). */
  enqueue(message: StoredMessage, maxSizeBytes: number | null): EnqueueResult {
    if (maxSizeBytes !== null && this.bytes + message.size > maxSizeBytes) {
      this.refusedForSpace++;
      return { ok: false, reason: "full" };
    }
    this.push(message);
    return { ok: true };
  }

  /**
   * Drops every expired message (counted in droppedByTtl), then returns up to `max` messages of the
   * highest priority (lowest number) that has any message `mayForward` accepts, oldest first.
   * Messages it does not accept stay where they are (held), and do not block the others.
   */
  nextBatch(now: number, mayForward: (m: StoredMessage) => boolean, max = MAX_BATCH): { batch: StoredMessage[]; expired: StoredMessage[] } {
    const expired = this.sweep(now);
    const keys = [...this.queues.entries()].sort(([, a], [, b]) => byQueue(a[0]!, b[0]!));
    let priority: number | null = null;
    const batch: StoredMessage[] = [];
    for (const [, queue] of keys) {
      const p = queue[0]!.priority;
      if (priority !== null && p !== priority) break;
      for (const m of queue) {
        if (batch.length >= max) break;
        if (mayForward(m)) batch.push(m);
      }
      if (batch.length) priority = p;
    }
    return { batch: batch.sort((a, b) => a.seq - b.seq), expired };
  }

  /** Removes forwarded messages (acknowledged by the endpoint). */
  ack(seqs: readonly number[]): void {
    const done = new Set(seqs);
    for (const [key, queue] of this.queues) {
      const kept = queue.filter((m) => !done.has(m.seq));
      for (const m of queue) if (done.has(m.seq)) this.bytes -= m.size;
      this.forwarded += queue.length - kept.length;
      if (kept.length) this.queues.set(key, kept);
      else this.queues.delete(key);
    }
  }

  /** Removes and counts expired messages anywhere in the store (not only at queue heads). */
  sweep(now: number): StoredMessage[] {
    const expired: StoredMessage[] = [];
    for (const [key, queue] of this.queues) {
      const kept = queue.filter((m) => !isExpired(m, now) || (expired.push(m), false));
      if (kept.length === queue.length) continue;
      if (kept.length) this.queues.set(key, kept);
      else this.queues.delete(key);
    }
    for (const m of expired) this.bytes -= m.size;
    this.droppedByTtl += expired.length;
    return expired;
  }

  countOf(module: string): number {
    let n = 0;
    for (const q of this.queues.values()) for (const m of q) if (m.module === module) n++;
    return n;
  }

  modules(): Set<string> {
    const out = new Set<string>();
    for (const q of this.queues.values()) for (const m of q) out.add(m.module);
    return out;
  }

  stats(now: number): StoreStats {
    const queues: QueueStats[] = [];
    let oldest: number | null = null;
    let firstExpiry: number | null = null;
    for (const queue of this.queues.values()) {
      const head = queue[0]!;
      let expiry: number | null = null;
      let queueOldest = Infinity;
      let bytes = 0;
      for (const m of queue) {
        if (m.ttlSecs >= 0) expiry = Math.min(expiry ?? Infinity, m.enqueuedAt + m.ttlSecs * 1000);
        queueOldest = Math.min(queueOldest, m.enqueuedAt);
        bytes += m.size;
      }
      queues.push({
        endpoint: head.endpoint,
        priority: head.priority,
        length: queue.length,
        bytes,
        oldestAgeSecs: secs(now - queueOldest),
        timeUntilFirstExpirySecs: expiry === null ? null : secs(expiry - now),
      });
      oldest = Math.min(oldest ?? Infinity, queueOldest);
      if (expiry !== null) firstExpiry = Math.min(firstExpiry ?? Infinity, expiry);
    }
    return {
      queueLength: queues.reduce((s, q) => s + q.length, 0),
      storageBytes: this.bytes,
      oldestAgeSecs: oldest === null ? null : secs(now - oldest),
      timeUntilFirstExpirySecs: firstExpiry === null ? null : secs(firstExpiry - now),
      droppedByTtl: this.droppedByTtl,
      refusedForSpace: this.refusedForSpace,
      forwarded: this.forwarded,
      queues: queues.sort(byQueue),
    };
  }

  toState(): StoreState {
    const messages = [...this.queues.values()].flat().sort((a, b) => a.seq - b.seq);
    return { version: 1, nextSeq: this.nextSeq, droppedByTtl: this.droppedByTtl, refusedForSpace: this.refusedForSpace, forwarded: this.forwarded, messages };
  }

  private push(m: StoredMessage): void {
    const key = `${m.priority}\u0000${m.endpoint}`;
    const queue = this.queues.get(key);
    if (queue) queue.push(m);
    else this.queues.set(key, [m]);
    this.bytes += m.size;
  }
}

const secs = (ms: number) => Math.max(0, Math.floor(ms / 1000));
