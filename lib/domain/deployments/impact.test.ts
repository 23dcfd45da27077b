import { describe, expect, it } from "vitest";
import type { JsonObject } from "../twins";
import { compareDesired } from "./impact";
import type { DesiredImpact } from "./types";
import { mergeDeployments } from "./merge";
import { completeExampleManifest, layeredExampleContent } from "./test-fixtures";

const desiredOf = (mc = completeExampleManifest().modulesContent): Record<string, JsonObject> =>
  Object.fromEntries(Object.entries(mc).map(([k, v]) => [k, v["properties.desired"] as JsonObject]));
const base = () => desiredOf();
const edit = (doc: Record<string, JsonObject>, change: (agent: JsonObject, docs: Record<string, JsonObject>) => void) => {
  const copy = structuredClone(doc);
  change(copy.$edgeAgent!, copy);
  return copy;
};
const mod = (agent: JsonObject, name: string) => (agent.modules as Record<string, JsonObject>)[name]!;
const none: DesiredImpact = { added: [], removed: [], changed: [], restarted: [], resetTwins: [] };

describe("compareDesired", () => {
  it("finds nothing when nothing changes, ignoring $version/$metadata and configuration stamps", () => {
    const before = edit(base(), (agent, docs) => {
      agent.$version = 7;
      mod(agent, "anomaly-filter").configuration = { id: "old-deployment" };
      docs["anomaly-filter"]!.$version = 3;
    });
    expect(compareDesired(before, base())).toEqual(none);
  });

  it.each<[string, (agent: JsonObject, docs: Record<string, JsonObject>) => void, Partial<DesiredImpact>]>([
    ["status only", (a) => (mod(a, "anomaly-filter").status = "stopped"), { changed: ["anomaly-filter"], restarted: [] }],
    ["image", (a) => ((mod(a, "anomaly-filter").settings as JsonObject).image = "registry.example.com/anomaly-filter:1.5.0"), { changed: ["anomaly-filter"], restarted: ["anomaly-filter"] }],
    ["createOptions", (a) => ((mod(a, "anomaly-filter").settings as JsonObject).createOptions = '{"HostConfig":{"Memory":1}}'), { changed: ["anomaly-filter"], restarted: ["anomaly-filter"] }],
    ["env", (a) => (mod(a, "opcua-collector").env = {}), { changed: ["opcua-collector"], restarted: ["opcua-collector"] }],
    ["version label", (a) => (mod(a, "anomaly-filter").version = "1.5"), { changed: ["anomaly-filter"], restarted: ["anomaly-filter"] }],
    ["restartPolicy", (a) => (mod(a, "anomaly-filter").restartPolicy = "always"), { changed: ["anomaly-filter"], restarted: ["anomaly-filter"] }],
    ["edgeHub image", (a) => (((a.systemModules as JsonObject).edgeHub as JsonObject).settings = { image: "mcr.microsoft.com/azureiotedge-hub:1.4" }), { changed: ["edgeHub"], restarted: ["edgeHub"] }],
    ["module added", (a) => ((a.modules as JsonObject)["new-one"] = mod(a, "anomaly-filter")), { added: ["new-one"] }],
    ["module removed", (a) => delete (a.modules as JsonObject)["local-historian"], { removed: ["local-historian"] }],
    ["module twin desired", (_a, docs) => (docs["anomaly-filter"]!.emitAll = false), { resetTwins: ["anomaly-filter"] }],
    ["routes", (_a, docs) => delete (docs.$edgeHub!.routes as JsonObject).alertsUpstream, { resetTwins: ["$edgeHub"] }],
  ])("after changing %s", (_name, change, expected) => {
    expect(compareDesired(base(), edit(base(), change))).toEqual({ ...none, ...expected });
  });

  it("re-chunking the same createOptions is not a restart", () => {
    const after = edit(base(), (a) => {
      const settings = mod(a, "local-historian").settings as JsonObject;
      const value = settings.createOptions as string;
      settings.createOptions = value.slice(0, 10);
      settings.createOptions01 = value.slice(10);
    });
    expect(compareDesired(base(), after)).toEqual(none);
  });

  it("resets module twins a user edited by hand, and any twin that did not exist", () => {
    const before = edit(base(), (_a, docs) => {
      docs["local-historian"] = { retention: { days: 99 }, bucket: "line3", manual: true };
      delete docs["anomaly-filter"];
    });
    expect(compareDesired(before, base()).resetTwins).toEqual(["anomaly-filter", "local-historian"]);
  });

  it("a twin the new documents leave out is not reset", () => {
    const after = base();
    delete after["anomaly-filter"];
    expect(compareDesired(base(), after).resetTwins).toEqual([]);
  });

  it("a layer that stops matching: its module is removed, the twin it wrote is reset to the base's", () => {
    const b = { id: "prod-base", priority: 10, createdTimeUtc: "2026-01-01T00:00:00Z", modulesContent: completeExampleManifest().modulesContent };
    const l = { id: "layer-historian-v2", priority: 20, createdTimeUtc: "2026-02-01T00:00:00Z", modulesContent: layeredExampleContent() };
    const withLayer = mergeDeployments([b, l]).desiredByModule;
    const withoutLayer = mergeDeployments([b]).desiredByModule;
    const impact = compareDesired(withLayer, withoutLayer);
    // local-historian stays (the base has it) but goes back to the base's image and definition.
    expect(impact).toMatchObject({ added: [], removed: [], restarted: ["local-historian"], resetTwins: ["$edgeHub", "local-historian"] });
    // The layer's extra route is gone from $edgeHub, not left behind.
    expect(Object.keys(withoutLayer.$edgeHub!.routes as JsonObject)).not.toContain("filterToHistorian");
    expect(withoutLayer["local-historian"]).toEqual({ retention: { days: 14 }, bucket: "line3" });
  });

  it("treats a device with no $edgeAgent desired yet as adding every module", () => {
    expect(compareDesired({}, base())).toMatchObject({ added: ["anomaly-filter", "edgeAgent", "edgeHub", "local-historian", "opcua-collector"], resetTwins: ["$edgeHub", "anomaly-filter", "local-historian"] });
  });
});
