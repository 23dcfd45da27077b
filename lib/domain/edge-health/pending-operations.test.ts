import { describe, expect, it } from "vitest";
import {
  describeOutcome,
  describeWait,
  shapePendingOperations,
  summarizeFleetRow,
  type DeploymentStateRow,
  type MethodCallRow,
  type PendingOperationsInput,
} from "./pending-operations";

const now = new Date("2026-03-01T12:00:00Z");
const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString();

const revision = (moduleId: string | null, version: number, secondsAgo: number) => ({
  moduleId,
  version,
  twinVersion: version + 10,
  operation: "patch",
  actor: "user:alice",
  at: at(secondsAgo),
});

const call = (over: Partial<MethodCallRow>): MethodCallRow => ({
  id: 1,
  moduleId: null,
  methodName: "reboot",
  requestedBy: "user:alice",
  queuedAt: at(30),
  expiresAt: at(-30),
  status: "pending",
  statusCode: null,
  errorCode: null,
  deliveredAt: null,
  finishedAt: null,
  ...over,
});

const empty: PendingOperationsInput = { identities: [], revisions: [], methodCalls: [], deployment: null };

describe("shapePendingOperations: desired writes", () => {
  it.each<[string, number | null, number[], number[]]>([
    ["never delivered: every write pending", null, [2, 3], []],
    ["delivered up to 2: 3 pending, 2 received", 2, [3], [2]],
    ["delivered the latest: nothing pending", 3, [], [3, 2]],
    ["a later version delivers the earlier ones", 9, [], [3, 2]],
  ])("%s", (_name, delivered, pending, received) => {
    const result = shapePendingOperations(
      {
        ...empty,
        identities: [{ moduleId: "m1", desiredVersion: 3, deliveredVersion: delivered, deliveredAt: delivered === null ? null : at(5) }],
        revisions: [revision("m1", 2, 60), revision("m1", 3, 40)],
      },
      now,
    );
    expect(result.pending.map((p) => p.desiredVersion)).toEqual(pending);
    expect(result.receipts.map((r) => r.desiredVersion)).toEqual(received);
    for (const r of result.receipts) expect(r).toMatchObject({ kind: "desired", moduleId: "m1", outcome: "delivered", deliveredAt: at(5) });
    for (const p of result.pending) expect(p).toMatchObject({ kind: "desired", status: "pending", requestedBy: "user:alice", expiresAt: null });
  });

  it("keeps identities apart: the device's delivery does not count for its module", () => {
    const result = shapePendingOperations(
      {
        ...empty,
        identities: [
          { moduleId: null, desiredVersion: 2, deliveredVersion: 2, deliveredAt: at(1) },
          { moduleId: "m1", desiredVersion: 2, deliveredVersion: 1, deliveredAt: at(100) },
        ],
        revisions: [revision(null, 2, 50), revision("m1", 2, 50)],
      },
      now,
    );
    expect(result.pending.map((p) => [p.moduleId, p.what, p.revision])).toEqual([["m1", "desired $version 2", 12]]);
    expect(result.receipts.map((r) => r.moduleId)).toEqual([null]);
  });
});

describe("shapePendingOperations: method calls", () => {
  it.each<[string, Partial<MethodCallRow>, "pending" | "receipt", string]>([
    ["waiting for a connection", {}, "pending", "pending"],
    ["sent, awaiting the answer", { status: "delivered", deliveredAt: at(2) }, "pending", "delivered"],
    ["answered", { status: "answered", statusCode: 200, deliveredAt: at(2), finishedAt: at(1) }, "receipt", "answered"],
    ["expired", { status: "expired", statusCode: 404, errorCode: "DeviceNotOnline", finishedAt: at(1) }, "receipt", "expired"],
    ["failed after delivery", { status: "failed", statusCode: 504, errorCode: "GatewayTimeout", deliveredAt: at(5), finishedAt: at(1) }, "receipt", "failed"],
    ["still pending after its expiry (server died): expired", { expiresAt: at(5) }, "receipt", "expired"],
  ])("%s", (_name, over, where, state) => {
    const result = shapePendingOperations({ ...empty, methodCalls: [call(over)] }, now);
    if (where === "pending") {
      expect(result.receipts).toEqual([]);
      expect(result.pending).toMatchObject([{ kind: "method", what: "method reboot", status: state, expiresAt: call(over).expiresAt }]);
    } else {
      expect(result.pending).toEqual([]);
      expect(result.receipts).toMatchObject([{ kind: "method", methodName: "reboot", outcome: state }]);
    }
  });

  it("an orphaned call is reported as DeviceNotOnline, finished at its expiry", () => {
    const [receipt] = shapePendingOperations({ ...empty, methodCalls: [call({ expiresAt: at(5) })] }, now).receipts;
    expect(receipt).toMatchObject({ errorCode: "DeviceNotOnline", finishedAt: at(5) });
  });
});

describe("shapePendingOperations: deployments", () => {
  const deployment = (over: Partial<DeploymentStateRow>): DeploymentStateRow => ({
    deploymentIds: ["base-1"],
    desiredVersion: 4,
    lastDesiredVersion: 3,
    lastDesiredStatusCode: 200,
    writtenAt: at(120),
    reportedAt: at(10),
    ...over,
  });

  it.each<[string, Partial<DeploymentStateRow>, number, number]>([
    ["edgeAgent behind: pending", {}, 1, 0],
    ["edgeAgent never reported: pending", { lastDesiredVersion: null }, 1, 0],
    ["edgeAgent caught up: applied receipt", { lastDesiredVersion: 4 }, 0, 1],
    ["no deployment applied: nothing", { deploymentIds: [] }, 0, 0],
  ])("%s", (_name, over, pending, receipts) => {
    const result = shapePendingOperations({ ...empty, deployment: deployment(over) }, now);
    expect([result.pending.length, result.receipts.length]).toEqual([pending, receipts]);
  });

  it("names the deployments and times the receipt with the report", () => {
    const result = shapePendingOperations({ ...empty, deployment: deployment({ deploymentIds: ["a", "b"], lastDesiredVersion: 4 }) }, now);
    expect(result.receipts[0]).toMatchObject({ what: "deployment a + b", moduleId: "$edgeAgent", outcome: "applied", finishedAt: at(10), statusCode: 200 });
  });
});

describe("shapePendingOperations: order and limits", () => {
  it("lists pending oldest first and receipts newest first, capped", () => {
    const result = shapePendingOperations(
      {
        identities: [{ moduleId: null, desiredVersion: 5, deliveredVersion: 3, deliveredAt: at(20) }],
        revisions: [revision(null, 2, 500), revision(null, 3, 400), revision(null, 4, 300), revision(null, 5, 100)],
        methodCalls: [call({ id: 7, queuedAt: at(200) }), call({ id: 8, status: "answered", statusCode: 200, finishedAt: at(2) })],
        deployment: null,
      },
      now,
      2,
    );
    expect(result.pending.map((p) => p.what)).toEqual(["desired $version 4", "method reboot", "desired $version 5"]);
    expect(result.receipts.map((r) => r.what)).toEqual(["method reboot", "desired $version 3"]);
  });
});

describe("describeWait", () => {
  it.each<[string, string | null, { age: string; expires: string | null }]>([
    [at(90), null, { age: "1 min", expires: null }],
    [at(2), at(-3), { age: "just now", expires: "expires in 3 s" }],
    [at(2), at(-90), { age: "just now", expires: "expires in 1 min" }],
    [at(400), at(10), { age: "6 min", expires: "expired" }],
    ["", null, { age: "unknown", expires: null }],
  ])("queued %s, expires %s", (queuedAt, expiresAt, expected) => expect(describeWait({ queuedAt, expiresAt }, now)).toEqual(expected));
});

describe("describeOutcome", () => {
  it.each<[Parameters<typeof describeOutcome>[0], string]>([
    [{ outcome: "delivered", statusCode: null, errorCode: null }, "delivered"],
    [{ outcome: "answered", statusCode: 200, errorCode: null }, "answered 200"],
    [{ outcome: "expired", statusCode: 404, errorCode: "DeviceNotOnline" }, "expired (DeviceNotOnline)"],
    [{ outcome: "failed", statusCode: null, errorCode: null }, "failed"],
    [{ outcome: "applied", statusCode: 200, errorCode: null }, "applied (200)"],
    [{ outcome: "applied", statusCode: null, errorCode: null }, "applied"],
  ])("%j", (receipt, text) => expect(describeOutcome(receipt)).toBe(text));
});

describe("summarizeFleetRow", () => {
  const row = { deviceId: "d", connectionState: "Disconnected", oldestQueuedAt: null };
  it.each<[number, number, number, number, string]>([
    [2, 1, 0, 3, "2 desired · 1 method"],
    [0, 2, 1, 3, "2 methods · 1 deployment"],
    [0, 0, 0, 0, "nothing pending"],
  ])("%i desired, %i methods, %i deployments", (desired, methods, deployments, total, summary) =>
    expect(summarizeFleetRow({ ...row, desired, methods, deployments })).toEqual({ total, summary }),
  );
});
