import { closeStore } from "@/lib/data/store";

/** Runs a command-line script against the store, closes it, and turns a failure into exit code 1. */
export function runWithStore(main: () => Promise<void>, prefix = ""): void {
  main()
    .then(() => closeStore())
    .catch(async (error) => {
      console.error(`${prefix}${error instanceof Error ? error.message : error}`);
      await closeStore().catch(() => {});
      process.exit(1);
    });
}
