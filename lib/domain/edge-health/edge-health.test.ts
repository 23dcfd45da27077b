import { describe, expect, it } from "vitest";
import { explainDesiredStatus, fleetFilters, fleetListHref, formatAge, formatDuration, mergeModuleRows, parseTime, runtimeSummary, type FleetFilter } from "./index";

describe("explainDesiredStatus (reference §8.1 codes)", () => {
  it.each<[unknown, string, string]>([
    [200, "Successful", "ok"],
    [400, "Config format error", "error"],
    [406, "Unknown", "unknown"],
    [412, "Invalid schema version", "error"],
    [417, "Config empty", "warn"],
    [500, "Failed", "error"],
    [503, "Code 503", "unknown"],
    [undefined, "Not reported", "unknown"],
    ["200", "Not reported", "unknown"],
    [200.5, "Not reported", "unknown"],
  ])("%s → %s", (code, name, tone) => {
    const explained = explainDesiredStatus(code);
    expect(explained.name).toBe(name);
    expect(explained.tone).toBe(tone);
    expect(explained.meaning.length).toBeGreaterThan(10);
  });
});

describe("formatDuration / formatAge", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  it.each<[number, string]>([
    [0, "just now"],
    [4_999, "just now"],
    [45_000, "45 s"],
    [3 * 60_000 + 59_000, "3 min"],
    [2 * 3_600_000 + 1, "2 h"],
    [4 * 86_400_000, "4 d"],
  ])("%d ms → %s", (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each<[unknown, string]>([
    ["2026-03-01T11:57:00Z", "3 min ago"],
    ["2026-03-01T11:59:58Z", "just now"],
    ["2026-03-01T12:00:30Z", "just now"], // a device clock slightly ahead
    ["2026-02-27T12:00:00Z", "2 d ago"],
    ["0001-01-01T00:00:00Z", "never"],
    ["0001-01-01T00:00:00", "never"],
    ["not a time", "never"],
    [null, "never"],
  ])("%s → %s", (value, text) => expect(formatAge(value, now)).toBe(text));

  it("parseTime treats IoT Hub's year 1 as no time", () => {
    expect(parseTime("0001-01-01T00:00:00Z")).toBeNull();
    expect(parseTime("2026-03-01T12:00:00Z")?.toISOString()).toBe("2026-03-01T12:00:00.000Z");
  });
});

describe("mergeModuleRows", () => {
  const desired = {
    systemModules: { edgeAgent: { type: "docker", settings: { image: "agent:1.5" } }, edgeHub: { status: "running", settings: { image: "hub:1.5" } } },
    modules: {
      filter: { version: "1.4", status: "running", restartPolicy: "always", settings: { image: "filter:1.4" } },
      historian: { version: "2.0", status: "running", settings: { image: "historian:2.0" } },
      stopped: { status: "stopped", settings: { image: "s:1" } },
    },
  };
  const reported = {
    systemModules: { edgeAgent: { runtimeStatus: "running", settings: { image: "agent:1.5" } }, edgeHub: { runtimeStatus: "running", settings: { image: "hub:1.5" } } },
    modules: {
      filter: { version: "1.3", status: "running", runtimeStatus: "backoff", exitCode: 139, statusDescription: "Error", restartCount: 3, lastStartTimeUtc: "2026-03-01T10:01:02Z", lastExitTimeUtc: "2026-03-01T10:01:05Z", settings: { image: "filter:1.3" } },
      stopped: { status: "stopped", runtimeStatus: "stopped", exitCode: 0, settings: { image: "s:1" } },
      orphan: { runtimeStatus: "running", settings: { image: "o:1" } },
      removed: null,
    },
  };
  const reportedMetadata = {
    $lastUpdated: "2026-03-01T09:00:00Z",
    modules: {
      $lastUpdated: "2026-03-01T10:00:00Z",
      filter: { $lastUpdated: "2026-03-01T10:01:00Z", runtimeStatus: { $lastUpdated: "2026-03-01T10:01:05Z" }, settings: { $lastUpdated: "2026-03-01T10:00:30Z" } },
    },
  };
  const rows = mergeModuleRows({ desired, reported, reportedMetadata });
  const byName = Object.fromEntries(rows.map((r) => [r.name, r]));

  it("lists system modules first with their identity ids, then every custom module named on either side", () => {
    expect(rows.map((r) => [r.name, r.moduleId])).toEqual([
      ["edgeAgent", "$edgeAgent"],
      ["edgeHub", "$edgeHub"],
      ["filter", "filter"],
      ["historian", "historian"],
      ["orphan", "orphan"],
      ["stopped", "stopped"],
    ]);
  });

  it.each<[string, string[], boolean]>([
    ["filter", ["image differs", "version differs", "desired running, is backoff"], true],
    ["historian", ["not reported yet"], false],
    ["orphan", ["not in the deployment"], false],
    ["stopped", [], false],
    ["edgeHub", [], false],
  ])("%s: drift %j, failing %s", (name, drift, failing) => {
    expect(byName[name]!.drift).toEqual(drift);
    expect(byName[name]!.failing).toBe(failing);
  });

  it("carries the reported fields and the desired ones side by side", () => {
    expect(byName.filter!.desired).toEqual({ image: "filter:1.4", version: "1.4", status: "running", restartPolicy: "always" });
    expect(byName.filter!.reported).toMatchObject({ image: "filter:1.3", runtimeStatus: "backoff", exitCode: 139, restartCount: 3, lastExitTimeUtc: "2026-03-01T10:01:05Z" });
    expect(byName.historian!.reported).toBeNull();
  });

  it("dates each reported key by its own $lastUpdated, else the nearest ancestor's", () => {
    expect(byName.filter!.reportedAt.runtimeStatus).toBe("2026-03-01T10:01:05Z");
    expect(byName.filter!.reportedAt.exitCode).toBe("2026-03-01T10:01:00Z");
    expect(byName.filter!.reportedAt.image).toBe("2026-03-01T10:00:30Z");
    expect(byName.stopped!.reportedAt.runtimeStatus).toBe("2026-03-01T10:00:00Z");
    expect(byName.edgeAgent!.reportedAt.runtimeStatus).toBe("2026-03-01T09:00:00Z");
  });

  it("copes with an empty or malformed twin", () => {
    expect(mergeModuleRows({ desired: undefined, reported: null, reportedMetadata: 5 })).toEqual([]);
    expect(mergeModuleRows({ desired: { modules: [] }, reported: { modules: "x" }, reportedMetadata: {} })).toEqual([]);
  });
});

describe("runtimeSummary", () => {
  it("reads status, code, version and platform", () => {
    expect(
      runtimeSummary({
        version: { version: "1.5.4" },
        lastDesiredStatus: { code: 500, description: "The operation was canceled" },
        lastDesiredVersion: 14,
        runtime: { type: "docker", platform: { os: "linux", architecture: "x86_64", version: "1.5.4" } },
        systemModules: { edgeAgent: { runtimeStatus: "running" } },
      }),
    ).toEqual({
      hasReported: true,
      runtimeStatus: "running",
      lastDesiredStatusCode: 500,
      lastDesiredStatusDescription: "The operation was canceled",
      lastDesiredVersion: 14,
      runtimeVersion: "1.5.4",
      runtimeType: "docker",
      platform: { os: "linux", architecture: "x86_64", version: "1.5.4" },
    });
  });
  it("says when nothing was reported", () => {
    expect(runtimeSummary({ $version: 1, $metadata: {} }).hasReported).toBe(false);
  });
});

describe("fleet filters (links from the dashboard to the device list)", () => {
  it.each<[string, FleetFilter, string]>([
    ["connected", fleetFilters.connected(), "/devices?q=connectionState+%3D+%27Connected%27"],
    ["a device id with a quote", fleetFilters.device("o'brien"), "/devices?q=deviceId+%3D+%27o%27%27brien%27"],
    ["a desired status code", fleetFilters.lastDesiredStatus(500), "/devices?q=moduleId+%3D+%27%24edgeAgent%27+AND+properties.reported.lastDesiredStatus.code+%3D+500&from=modules"],
  ])("%s", (_name, filter, href) => expect(fleetListHref(filter)).toBe(href));

  it.each<[string, string[], string]>([
    ["one module", ["filter"], "moduleId = '$edgeAgent' AND properties.reported.modules.filter.runtimeStatus = 'failed'"],
    ["several, one not an identifier", ["a", "my-mod"], "moduleId = '$edgeAgent' AND (properties.reported.modules.a.runtimeStatus = 'failed' OR properties.reported.modules['my-mod'].runtimeStatus = 'failed')"],
    ["none", [], "moduleId = '$edgeAgent' AND false"],
  ])("module runtime status: %s", (_name, names, q) => {
    expect(fleetFilters.moduleRuntimeStatus("failed", names)).toEqual({ q, from: "modules" });
  });

  it("no desired status reported yet", () => {
    expect(fleetFilters.lastDesiredStatus(null).q).toBe("moduleId = '$edgeAgent' AND NOT is_defined(properties.reported.lastDesiredStatus.code)");
  });
});
