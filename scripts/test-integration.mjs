// `npm run test:integration`: the integration suite on a throwaway PostgreSQL, then on PGlite.
// Extra args after `--` go to vitest, e.g. `npm run test:integration -- tests/integration/devices`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const testAll = fileURLToPath(new URL("./test-all.mjs", import.meta.url));
const args = process.argv.slice(2);
const result = spawnSync(process.execPath, [testAll, "--only", "integration", ...(args.length ? ["--", ...args] : [])], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
