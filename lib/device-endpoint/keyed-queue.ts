/**
 * Runs jobs one at a time per key (an identity), in submission order, and different keys in
 * parallel. Connection-state writes and desired pushes for one device must not overtake each other.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onError: (key: string, error: unknown) => void) {}

  run(key: string, job: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(job).catch((error) => this.onError(key, error));
    this.tails.set(key, next);
    void next.then(() => {
      // Forget idle keys so the map does not grow with every identity ever seen.
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  /** Resolves once every job submitted so far has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
