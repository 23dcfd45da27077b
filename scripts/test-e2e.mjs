// `npm run test:e2e`: a production build, then the Playwright suite against server.ts.
// Extra args after `--` go to Playwright, e.g. `npm run test:e2e -- --project api`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const testAll = fileURLToPath(new URL("./test-all.mjs", import.meta.url));
const args = process.argv.slice(2);
const result = spawnSync(process.execPath, [testAll, "--only", "build,e2e", ...(args.length ? ["--", ...args] : [])], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
