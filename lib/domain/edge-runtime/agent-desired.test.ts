import { describe, expect, it } from "vitest";
import type { JsonObject } from "../twins";
import { parseAgentDesired } from "./agent-desired";
import { agentDesired } from "./test-fixtures";

const set = (doc: JsonObject, path: string[], value: unknown): JsonObject => {
  const copy = structuredClone(doc);
  let at: JsonObject = copy;
  for (const key of path.slice(0, -1)) at = at[key] as JsonObject;
  if (value === undefined) delete at[path[path.length - 1]!];
  else at[path[path.length - 1]!] = value as JsonObject;
  return copy;
};
const base = agentDesired({ a: {}, b: { startupOrder: 1 } });

describe("parseAgentDesired", () => {
  it.each([
    ["empty (only $version)", { $version: 1 }, 417, "empty"],
    ["schemaVersion 2.0", set(base, ["schemaVersion"], "2.0"), 412, "2.0"],
    ["schemaVersion 1.2", set(base, ["schemaVersion"], "1.2"), 412, "1.2"],
    ["no schemaVersion", set(base, ["schemaVersion"], undefined), 400, "schemaVersion"],
    ["runtime.type not docker", set(base, ["runtime", "type"], "podman"), 400, "runtime.type"],
    ["no systemModules", set(base, ["systemModules"], undefined), 400, "systemModules"],
    ["edgeHub without image", set(base, ["systemModules", "edgeHub", "settings", "image"], undefined), 400, "systemModules.edgeHub.settings.image"],
    ["edgeHub restartPolicy never", set(base, ["systemModules", "edgeHub", "restartPolicy"], "never"), 400, "systemModules.edgeHub.restartPolicy"],
    ["module without image", set(base, ["modules", "a", "settings", "image"], undefined), 400, "modules.a.settings.image"],
    ["bad status", set(base, ["modules", "a", "status"], "paused"), 400, "modules.a.status"],
    ["bad restartPolicy", set(base, ["modules", "a", "restartPolicy"], "sometimes"), 400, "modules.a.restartPolicy"],
    ["bad startupOrder", set(base, ["modules", "a", "startupOrder"], -1), 400, "modules.a.startupOrder"],
    ["bad module name", set(base, ["modules", "a.b"], { type: "docker" }), 400, "modules.a.b"],
    ["no modules map", set(base, ["modules"], undefined), 400, "modules"],
  ])("%s ⇒ %i naming %s", (_name, desired, code, named) => {
    const outcome = parseAgentDesired(desired as JsonObject);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.code).toBe(code);
      expect(outcome.description).toContain(named);
    }
  });

  it.each(["1.0", "1.1", "1.1.0", "1.0.0"])("accepts schemaVersion %s", (v) => {
    expect(parseAgentDesired(set(base, ["schemaVersion"], v)).ok).toBe(true);
  });

  it("orders modules by startupOrder then name and fingerprints only container fields", () => {
    const outcome = parseAgentDesired(base);
    if (!outcome.ok) throw new Error(outcome.description);
    expect(outcome.config.modules.map((m) => [m.name, m.startupOrder])).toEqual([["b", 1], ["a", 4294967295]]);
    const stopped = parseAgentDesired(set(base, ["modules", "a", "status"], "stopped"));
    const newImage = parseAgentDesired(set(base, ["modules", "a", "settings", "image"], "x:1"));
    if (!stopped.ok || !newImage.ok) throw new Error("should parse");
    const fp = (o: typeof outcome) => (o.ok ? o.config.modules.find((m) => m.name === "a")!.fingerprint : "");
    expect(fp(stopped)).toBe(fp(outcome));
    expect(fp(newImage)).not.toBe(fp(outcome));
    // A module moving to another deployment unchanged is not re-created.
    const restamped = parseAgentDesired(set(base, ["modules", "a", "configuration"], { id: "other-deployment" }));
    if (!restamped.ok) throw new Error("should parse");
    expect(fp(restamped)).toBe(fp(outcome));
  });
});
