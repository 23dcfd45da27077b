import { describe, expect, it } from "vitest";
import { addCondition, decodeViewState, encodeViewState, queryPath, toggleSort, type FleetViewState } from "./view-state";

const decode = (s: string) => decodeViewState(new URLSearchParams(s));

describe("fleet view state in the URL", () => {
  it.each<[string, FleetViewState]>([
    ["", { filter: {}, sort: { key: "deviceId", dir: "asc" }, columns: [] }],
    [
      "q=tags.site+%3D+%27berlin%27&conn=Connected&health=unhealthy&failing=1&edge=1&sort=-tags.site&col=tags.site&col=properties.reported.fw",
      {
        filter: { query: "tags.site = 'berlin'", connection: "Connected", health: "unhealthy", moduleFailures: true, edge: true },
        sort: { key: "tags.site", dir: "desc" },
        columns: ["tags.site", "properties.reported.fw"],
      },
    ],
    ["edge=0&sort=lastActivityTime", { filter: { edge: false }, sort: { key: "lastActivityTime", dir: "asc" }, columns: [] }],
    // The dashboard's links for facts only $edgeAgent holds query devices.modules.
    [
      "q=moduleId+%3D+%27%24edgeAgent%27&from=modules",
      { filter: { query: "moduleId = '$edgeAgent'", scope: "modules" }, sort: { key: "deviceId", dir: "asc" }, columns: [] },
    ],
  ])("decodes %j and encodes it back unchanged", (search, state) => {
    expect(decode(search)).toEqual(state);
    expect(encodeViewState(state)).toBe(search);
  });

  it.each([
    ["conn=Sleeping", {}],
    ["health=great", {}],
    ["failing=yes", {}],
    ["edge=maybe", {}],
    ["q=+++", {}],
  ])("drops the malformed value in %j", (search, filter) => {
    expect(decode(search).filter).toEqual(filter);
  });

  it.each([
    ["sort=tags", "deviceId"],
    ["sort=-properties.secret.x", "deviceId"],
    ["sort=primaryKey", "deviceId"],
    ["sort=-status", "status"],
  ])("accepts only known sort keys: %j", (search, key) => {
    expect(decode(search).sort.key).toBe(key);
  });

  it("keeps twin columns only, once each, at most 12", () => {
    const cols = ["tags.a", "tags.a", "deviceId", "properties.reported", "tags.$x", ...Array.from({ length: 20 }, (_, i) => `tags.k${i}`)];
    const state = decode(cols.map((c) => `col=${encodeURIComponent(c)}`).join("&"));
    expect(state.columns[0]).toBe("tags.a");
    expect(state.columns).toHaveLength(12);
    expect(state.columns).not.toContain("deviceId");
  });

  it.each([
    [{ key: "deviceId", dir: "asc" }, "deviceId", { key: "deviceId", dir: "desc" }],
    [{ key: "deviceId", dir: "desc" }, "deviceId", { key: "deviceId", dir: "asc" }],
    [{ key: "deviceId", dir: "desc" }, "status", { key: "status", dir: "asc" }],
  ] as const)("toggleSort(%j, %s)", (current, key, next) => {
    expect(toggleSort(current, key)).toEqual(next);
  });
});

describe("facet conditions", () => {
  it.each([
    [undefined, "tags.site", "berlin", "tags.site = 'berlin'"],
    ["status = 'enabled'", "tags.site", "o'hare", "(status = 'enabled') AND tags.site = 'o\\'hare'"],
    ["SELECT * FROM devices", "tags.n", 3, "SELECT * FROM devices WHERE tags.n = 3"],
    ["SELECT * FROM devices WHERE a = 1 OR b = 2", "tags.ok", true, "SELECT * FROM devices WHERE (a = 1 OR b = 2) AND tags.ok = true"],
    [undefined, "tags.line-no", "x", "tags.[[line-no]] = 'x'"],
  ] as const)("adds to %j", (query, path, value, expected) => {
    expect(addCondition(query, path, value)).toBe(expected);
  });

  it("quotes non-identifier segments", () => {
    expect(queryPath("properties.reported.fw-version.major")).toBe("properties.reported.[[fw-version]].major");
  });
});
