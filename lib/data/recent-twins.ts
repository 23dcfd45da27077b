import type { TwinTarget } from "./select-twin-row";

/** What a service twin write plans on: the sections it may change and the versions that guard them. */
export type PlanningRow = {
  generation_id: string;
  twin_version: number | string;
  tags: unknown;
  desired: unknown;
  desired_metadata: unknown;
  desired_version: number;
};

/** JSON text kept at most (the heap holds a few times this). */
const BUDGET_CHARS = 8 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

/**
 * The twins this node wrote last, as written, so that the next PATCH of the same twin can plan
 * without reading the row first (one round trip instead of two: operators and tools tend to write
 * the same twins in a row, with the etag of the previous answer).
 *
 * Never trusted: a write planned on an entry is a compare-and-set on the twin version *and* the
 * identity's generation, so an entry that another node, a deployment or a re-created identity made
 * stale matches no row, is dropped, and the write reads the row and plans again. Bounded by entry
 * count and by the size of the JSON it holds, oldest first out.
 */
export class RecentTwins {
  private readonly entries = new Map<string, { row: PlanningRow; chars: number }>();
  private chars = 0;

  constructor(
    private readonly budgetChars = BUDGET_CHARS,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  get(target: TwinTarget): PlanningRow | undefined {
    const key = keyOf(target);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last: re-insert.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.row;
  }

  remember(target: TwinTarget, written: PlanningRow) {
    const row: PlanningRow = {
      generation_id: written.generation_id,
      twin_version: Number(written.twin_version),
      tags: written.tags,
      desired: written.desired,
      desired_metadata: written.desired_metadata,
      desired_version: Number(written.desired_version),
    };
    const chars = JSON.stringify(row.tags).length + JSON.stringify(row.desired).length + JSON.stringify(row.desired_metadata).length;
    this.forget(target);
    if (chars > this.budgetChars / 16) return; // one huge twin must not push out everything else
    this.entries.set(keyOf(target), { row, chars });
    this.chars += chars;
    for (const [key, entry] of this.entries) {
      if (this.chars <= this.budgetChars && this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
      this.chars -= entry.chars;
    }
  }

  forget(target: TwinTarget) {
    const key = keyOf(target);
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.chars -= entry.chars;
  }

  get size() {
    return this.entries.size;
  }
}

// Ids cannot contain NUL (isStorableText), so it separates device and module unambiguously.
const keyOf = (target: TwinTarget) => (target.moduleId === undefined ? target.deviceId : `${target.deviceId}\u0000${target.moduleId}`);
