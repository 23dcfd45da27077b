import { describe, expect, it } from "vitest";
import { deviceConfigurationMetricQueries, systemMetricQueries } from "./metrics";

const applied = "select deviceId from devices.modules where moduleId = '$edgeAgent' and configurations.[[dep1]].status = 'Applied'";

describe("systemMetricQueries (reference §5.4, exact strings)", () => {
  it.each([
    ["tags.env='prod'", "select deviceId from devices where capabilities.iotEdge = true and tags.env='prod'"],
    ["*", "select deviceId from devices where capabilities.iotEdge = true"],
    [" * ", "select deviceId from devices where capabilities.iotEdge = true"],
  ])("targetedCount for %j", (condition, expected) => {
    expect(systemMetricQueries("dep1", condition).targetedCount).toBe(expected);
  });

  it("applied, successful and failed counts", () => {
    expect(systemMetricQueries("dep1", "*")).toMatchObject({
      appliedCount: applied,
      reportedSuccessfulCount: `${applied} and properties.desired.$version = properties.reported.lastDesiredVersion and properties.reported.lastDesiredStatus.code = 200`,
      reportedFailedCount: `${applied} and properties.desired.$version = properties.reported.lastDesiredVersion and properties.reported.lastDesiredStatus.code != 200`,
    });
  });

  it("device ADM configurations have no edge prefix", () => {
    expect(deviceConfigurationMetricQueries("cfg", "tags.a='b'")).toEqual({
      targetedCount: "select deviceId from devices where tags.a='b'",
      appliedCount: "select deviceId from devices where configurations.[[cfg]].status = 'Applied'",
    });
  });
});
