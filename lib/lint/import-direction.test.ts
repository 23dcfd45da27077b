import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// Proves that eslint.config.mjs enforces the import direction of docs/architecture.md §4.
const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, "eslint.config.mjs") });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(root, filePath) });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("import direction (eslint no-restricted-imports)", () => {
  it.each([
    ["lib/domain/x.ts", `import { db } from "@/db/client";`],
    ["lib/domain/twins/x.ts", `import { listDevices } from "../../data/list-devices";`],
    ["lib/domain/twins/x.ts", `import { sql } from "drizzle-orm";`],
    ["lib/domain/twins/x.ts", `import type { Env } from "@/lib/env";`],
    ["lib/data/x.ts", `import { NextResponse } from "next/server";`],
    ["lib/data/x.ts", `import { withApi } from "../api/with-api";`],
    ["components/devices/device-list.tsx", `import { listDevices } from "@/lib/data/list-devices";`],
    ["components/devices/device-list.tsx", `import { listDevices } from "../../lib/data/list-devices";`],
    ["components/devices/device-list.tsx", `import { startRelay } from "@/lib/realtime/server/relay";`],
    ["app/api/devices/route.ts", `import { openStore } from "@/db/client";`],
  ])("reports %s: %s", async (filePath, code) => {
    const messages = await restrictedImports(filePath, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("architecture.md");
  });

  it.each([
    ["lib/domain/x.ts", `import { x } from "./y";`],
    ["lib/domain/twins/x.ts", `import { AppError } from "../errors";`],
    ["lib/domain/twins/x.ts", `import { AppError } from "@/lib/domain/errors";`],
    ["lib/domain/identity/x.ts", `import { createHmac } from "node:crypto";`],
    ["lib/domain/identity/x.ts", `import { z } from "zod";`],
    ["lib/domain/deployments/x.ts", `import Ajv from "ajv";`],
    ["lib/domain/twins/x.test.ts", `import { it } from "vitest";`],
    ["lib/data/x.ts", `import { openStore } from "@/db/client";`],
    ["lib/data/x.ts", `import { applyMergePatch } from "@/lib/domain/twins";`],
    ["components/devices/device-list.tsx", `import { deviceSchema } from "@/lib/schemas/device";`],
    ["app/api/devices/route.ts", `import { listDevices } from "@/lib/data/list-devices";`],
  ])("allows %s: %s", async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([]);
  });
});
