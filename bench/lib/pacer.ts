import { sleep } from "./stats";

/**
 * Calls `send(n)` at `rate` per second (n = 0, 1, …) on a 5 ms tick, catching up on what a late
 * tick missed, until `seconds` have passed or `limit` calls were made. Returns the calls made and
 * the elapsed seconds. `send` must not block: it starts work and returns.
 */
export async function paced(rate: number, seconds: number, send: (n: number) => void, limit = Infinity): Promise<{ sent: number; seconds: number }> {
  const started = performance.now();
  const endAt = started + seconds * 1000;
  let sent = 0;
  while (sent < limit) {
    const now = performance.now();
    if (now >= endAt) break;
    const due = Math.min(limit, Math.floor(((now - started) / 1000) * rate));
    while (sent < due) send(sent++);
    await sleep(5);
  }
  return { sent, seconds: (performance.now() - started) / 1000 };
}
