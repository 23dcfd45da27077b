/**
 * One timer for the whole fleet: tasks sit in a binary heap ordered by due time and a single
 * setTimeout fires for the earliest. 10,000 connections then cost no timers of their own (a
 * connection's own keepalive timer in mqtt.js aside). Cancelled tasks are dropped when they surface.
 */
export type TaskHandle = { cancel(): void };
type Task = { at: number; seq: number; run: () => void; isCancelled: boolean };

export class Scheduler {
  private heap: Task[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private isStopped = false;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.heap.length;
  }

  at(at: number, run: () => void): TaskHandle {
    const task: Task = { at, seq: this.seq++, run, isCancelled: false };
    if (this.isStopped) return { cancel() {} };
    this.push(task);
    if (at < this.timerAt) this.arm();
    return {
      cancel: () => {
        task.isCancelled = true;
      },
    };
  }

  after(ms: number, run: () => void): TaskHandle {
    return this.at(this.now() + ms, run);
  }

  stop(): void {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.heap = [];
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    while (this.heap.length && this.heap[0]!.isCancelled) this.pop();
    const first = this.heap[0];
    if (!first || this.isStopped) return;
    this.timerAt = first.at;
    // setTimeout caps at ~24.8 days; re-arming on wake is enough for anything longer.
    this.timer = setTimeout(() => this.fire(), Math.min(Math.max(0, first.at - this.now()), 2 ** 31 - 1));
    this.timer.unref?.();
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.now();
    // Run what is due; tasks scheduled while running go into the heap and wait for the next arm.
    for (let n = 0; n < 10_000 && this.heap.length && this.heap[0]!.at <= now; n++) {
      const task = this.pop()!;
      if (task.isCancelled) continue;
      try {
        task.run();
      } catch (error) {
        console.error("[simulator] scheduled task failed", error);
      }
    }
    this.arm();
  }

  private push(task: Task): void {
    const h = this.heap;
    h.push(task);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Task | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

const before = (a: Task, b: Task) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
