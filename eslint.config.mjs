// ESLint flat config: typescript-eslint's recommended rules, and the import direction of
// docs/architecture.md §4 enforced with no-restricted-imports, one rule set per folder.
//
//   lib/domain  -> nothing outside lib/domain (node: builtins, zod and ajv (pure JSON Schema validation) are fine; vitest in tests)
//   lib/data    -> db, lib/domain; never next, react, components, app, lib/api
//   components  -> never lib/data, db, lib/api, lib/realtime/server, nor a database driver
//   app         -> never db, nor a database driver (go through lib/data)
//
// no-restricted-imports only sees the import string, so relative imports are matched per folder
// depth: from lib/data/x.ts `../api/y` is lib/api, from lib/data/sub/x.ts it is lib/data/api.
// The blocks below are generated for each depth so that both the `@/` alias and relative paths
// are caught exactly.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

const TS_FILES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];
const JS_FILES = ["**/*.js", "**/*.mjs", "**/*.cjs", "**/*.jsx"];
const SOURCE_EXT = "{ts,tsx,mts,cts,js,jsx,mjs,cjs}";
/** Folder depths below each layer root that get exact relative-path rules. */
const MAX_DEPTH = 8;

/** Package names as regex sources (matched as the whole name or a subpath of it). */
const DB_DRIVERS = ["drizzle-orm", "postgres", "pg", "@electric-sql/[^/]+"];

/** Each layer: which project paths and which packages its files must not import. */
const LAYERS = [
  {
    folder: "lib/domain",
    closed: true,
    why: "lib/domain is pure: it imports nothing outside lib/domain except node: builtins, zod and ajv (architecture.md §4)",
  },
  {
    folder: "lib/data",
    forbiddenPaths: ["components", "app", "lib/api"],
    forbiddenPackages: ["next", "react", "react-dom"],
    why: "lib/data may import db and lib/domain, not next, react, components, app or lib/api (architecture.md §4)",
  },
  {
    folder: "components",
    forbiddenPaths: ["lib/data", "db", "lib/api", "lib/realtime/server"],
    forbiddenPackages: DB_DRIVERS,
    why: "components read data through the REST API and React Query: no lib/data, db, lib/api, lib/realtime/server or database driver (architecture.md §4)",
  },
  {
    folder: "app",
    forbiddenPaths: ["db"],
    forbiddenPackages: DB_DRIVERS,
    why: "app never touches the database directly: call a lib/data function (architecture.md §4)",
  },
];

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const ups = (n) => `(\\./)?(\\.\\./){${n}}`;

/** no-restricted-imports patterns for a file `depth` folders below `layer.folder`. */
function patternsFor(layer, depth, { isTest }) {
  const message = layer.why;
  const patterns = [];
  if (layer.closed) {
    // Tests may also use vitest, an in-memory PGlite to prove generated SQL, and the official SDK to prove interop.
    const allowedPackages = ["node:", "zod(/|$)", "ajv(/|$)", ...(isTest ? ["vitest(/|$)", "@electric-sql/pglite(/|$)", "azure-iot-[a-z]+(/|$)"] : [])];
    patterns.push(
      // Any relative path that climbs out of the layer.
      { regex: `^${ups(depth + 1)}`, message },
      // The alias is fine only back into the layer itself.
      { regex: `^@/(?!${escapeRegex(layer.folder)}(/|$))`, message },
      // Bare specifiers: only the allowed packages.
      { regex: `^(?!\\.|@/|${allowedPackages.join("|")})`, message },
    );
  } else {
    const folderSegments = layer.folder.split("/");
    for (const target of layer.forbiddenPaths) {
      patterns.push({ regex: `^@/${escapeRegex(target)}(/|$)`, message });
      // Climb u levels from the file's folder: past `depth` levels the ancestors are known.
      for (let climb = depth + 1; climb <= depth + folderSegments.length; climb++) {
        const ancestor = folderSegments.slice(0, folderSegments.length - (climb - depth)).join("/");
        if (ancestor && !`${target}/`.startsWith(`${ancestor}/`)) continue;
        const rest = ancestor ? target.slice(ancestor.length + 1) : target;
        patterns.push({ regex: `^${ups(climb)}${escapeRegex(rest)}(/|$)`, message });
      }
    }
    for (const pkg of layer.forbiddenPackages) {
      patterns.push({ regex: `^${pkg}(/|$)`, message });
    }
  }
  return patterns;
}

function importDirectionBlocks() {
  const blocks = [];
  for (const layer of LAYERS) {
    for (let depth = MAX_DEPTH; depth >= 0; depth--) {
      // The deepest block also covers anything deeper (`**/`), with the alias and package rules
      // still exact and relative climbs checked as if at MAX_DEPTH.
      const dirs = depth === MAX_DEPTH ? `${"*/".repeat(depth)}**/` : "*/".repeat(depth);
      const files = `${layer.folder}/${dirs}*.${SOURCE_EXT}`;
      const testFiles = `${layer.folder}/${dirs}*.{test,spec}.${SOURCE_EXT}`;
      for (const isTest of [false, true]) {
        blocks.push({
          name: `edgedeck/import-direction/${layer.folder}/depth-${depth}${isTest ? "/tests" : ""}`,
          files: [isTest ? testFiles : files],
          rules: {
            "no-restricted-imports": ["error", { patterns: patternsFor(layer, depth, { isTest }).map((p) => ({ ...p, caseSensitive: true })) }],
          },
        });
      }
    }
  }
  return blocks;
}

const nodeGlobals = Object.fromEntries(
  [
    "process", "console", "Buffer", "URL", "URLSearchParams", "setTimeout", "clearTimeout", "setInterval",
    "clearInterval", "setImmediate", "clearImmediate", "queueMicrotask", "structuredClone", "fetch",
    "AbortController", "AbortSignal", "TextEncoder", "TextDecoder", "globalThis", "performance", "crypto",
  ].map((name) => [name, "readonly"]),
);

export default defineConfig([
  globalIgnores([
    ".next/",
    "node_modules/",
    ".data/",
    ".test-data/",
    "db/migrations/",
    "playwright-report/",
    "test-results/",
    "bench/results/",
    "next-env.d.ts",
  ]),
  {
    name: "edgedeck/javascript",
    files: JS_FILES,
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: "latest", sourceType: "module", globals: nodeGlobals },
  },
  {
    name: "edgedeck/typescript",
    files: TS_FILES,
    extends: [tseslint.configs.recommended],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  ...importDirectionBlocks(),
]);
