import { describe, expect, it } from "vitest";
import type { JsonObject } from "../twins";
import { checkDeployment } from "./check-deployment";
import { completeExampleManifest } from "./test-fixtures";

describe("checkDeployment", () => {
  it("is empty for the §6.6 example", () => expect(checkDeployment(completeExampleManifest().modulesContent)).toEqual([]));

  it("reports a field once when validator and linter both name it, errors first", () => {
    const mc = completeExampleManifest().modulesContent;
    const hub = mc.$edgeHub!["properties.desired"] as JsonObject;
    hub.schemaVersion = "1.0";
    (hub.routes as JsonObject).x = "FROM /messages/modules/ghost/* INTO $upstream";
    const problems = checkDeployment(mc);
    const alerts = problems.filter((p) => p.path === "$edgeHub.properties.desired.routes.alertsUpstream");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.code).toBe("SchemaViolation");
    expect(problems.map((p) => p.severity)).toEqual([...problems.filter((p) => p.severity === "error").map(() => "error"), ...problems.filter((p) => p.severity === "warning").map(() => "warning")]);
    expect(problems.some((p) => p.code === "RouteUnknownModule")).toBe(true);
  });

  it("drops the lint warning for a missing store-and-forward section that the 1.1 schema already requires", () => {
    const mc = completeExampleManifest().modulesContent;
    delete (mc.$edgeHub!["properties.desired"] as JsonObject).storeAndForwardConfiguration;
    const problems = checkDeployment(mc).filter((p) => p.path.endsWith("storeAndForwardConfiguration"));
    expect(problems.map((p) => p.code)).toEqual(["SchemaViolation"]);
  });
});
