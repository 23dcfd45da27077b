import { CHANGE_CHANNEL, type Store } from "@/db/client";
import type { ChangeEvent, ChangeKind } from "../events";

type ChangeRow = {
  seq: string | number;
  kind: string;
  device_id: string | null;
  module_id: string | null;
  version: string | number | null;
  payload: Record<string, unknown> | null;
  at: string | Date;
};

export const toChangeEvent = (row: ChangeRow): ChangeEvent => ({
  seq: Number(row.seq),
  kind: row.kind as ChangeKind,
  deviceId: row.device_id,
  moduleId: row.module_id,
  version: row.version === null ? null : Number(row.version),
  payload: row.payload,
  at: new Date(row.at).toISOString(),
});

const BATCH = 1000;
/** A seq that is missing this long belonged to a transaction that rolled back. */
const GAP_GRACE_MS = 5000;
/** Safety poll, in case a NOTIFY was lost between a disconnect and the re-LISTEN. */
const POLL_MS = 2000;

/**
 * Tails the `changes` table for one process (architecture §3). Sequence numbers are handed out
 * before commit, so a later seq can become visible before an earlier one: the relay remembers the
 * holes below its cursor and keeps asking for them until they appear (emitted then, once) or are old
 * enough to be a rolled-back transaction. After a lost connection, the re-LISTEN triggers a catch-up
 * from the cursor, so nothing is missed and nothing is emitted twice.
 */
export class ChangeRelay {
  private cursor = 0;
  private readonly holes = new Map<number, number>();
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private stopped = false;
  private readonly listeners = new Set<(event: ChangeEvent) => void>();

  constructor(
    private readonly store: Store,
    private readonly emit: (event: ChangeEvent) => void,
  ) {}

  /**
   * More consumers of the same feed (the MQTT endpoint beside Socket.IO), so a process tails the
   * `changes` table once. Returns the function that removes the listener.
   */
  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get position(): number {
    return this.cursor;
  }

  async start(): Promise<void> {
    const [row] = await this.store.query<{ seq: string | number | null }>("select max(seq) as seq from changes", []);
    this.cursor = Number(row?.seq ?? 0);
    this.unlisten = await this.store.listen(CHANGE_CHANNEL, () => void this.catchUp(), () => void this.catchUp());
    this.timer = setInterval(() => void this.catchUp(), POLL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.().catch(() => {});
    await this.running;
  }

  /** Reads everything new; concurrent calls coalesce into one more pass. */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.readBatch()) === BATCH) {
            /* keep reading full batches */
          }
        } while (this.again && !this.stopped);
      } catch (error) {
        console.error("[relay] catch-up failed; retrying on the next notification or poll", error);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async readBatch(): Promise<number> {
    // Two index scans, never an OR across them: with `seq > $1 or seq in (…)` PostgreSQL fell back
    // to scanning the whole table on every notification, and the feed slowed every writer.
    const holes = [...this.holes.keys()];
    const late = holes.length
      ? await this.store.query<ChangeRow>(
          `select seq, kind, device_id, module_id, version, payload, at from changes where seq = any($1::text::bigint[]) order by seq`,
          [`{${holes.join(",")}}`],
        )
      : [];
    const fresh = await this.store.query<ChangeRow>(
      `select seq, kind, device_id, module_id, version, payload, at from changes where seq > $1 order by seq limit ${BATCH}`,
      [this.cursor],
      // Not prepared: a plan cached while `changes` was small (a fresh hub, a pruned feed) stays a
      // sequential scan as the table grows until the next ANALYZE; planned per read, it is the
      // primary-key range scan it should be.
      { prepare: false },
    );
    const rows = [...late, ...fresh];
    const now = Date.now();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq > this.cursor) {
        // A huge jump is a rolled-back bulk write, not commits in flight: don't track every number.
        for (let missing = Math.max(this.cursor + 1, seq - 10_000); missing < seq; missing++) this.holes.set(missing, now);
        this.cursor = seq;
      } else if (!this.holes.delete(seq)) {
        continue;
      }
      const event = toChangeEvent(row);
      this.emit(event);
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          console.error("[relay] change listener failed", error);
        }
      }
    }
    for (const [seq, since] of this.holes) if (now - since > GAP_GRACE_MS) this.holes.delete(seq);
    return fresh.length;
  }
}
