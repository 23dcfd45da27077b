import { describe, expect, it } from "vitest";
import { updateReportedProperties } from "@/lib/data/update-reported-properties";
import { changesOf, getTwin, revisionsOf, twinTargets, type TwinTarget } from "./support/api";

const context = { actor: "test-device", now: new Date() };

/**
 * Reported writes are optimistic (compare-and-set on `reported_version`, falling back to the row
 * lock after lost races): concurrent reports of one identity must all land, each once, in distinct
 * versions, with one revision row and one change-feed row each, and a rejected report writes nothing.
 */
describe.each(twinTargets)("reported writes on a %s", (_kind, makeTarget) => {
  it("40 concurrent reports all land: every key kept, versions 2..41, one revision and one feed row each", async () => {
    const target = await makeTarget();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => updateReportedProperties(target, { [`k${i}`]: i }, context)));
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    const twin = await getTwin(target.deviceId, target.moduleId);
    const reported = twin.properties.reported;
    expect(reported.$version).toBe(41);
    for (let i = 0; i < 40; i++) expect(reported[`k${i}`]).toBe(i);
    const revisions = (await revisionsOf(target.deviceId, target.moduleId)).filter((r) => r.section === "reported");
    expect(revisions.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    const feed = (await changesOf(target.deviceId)).filter((c) => c.kind === "twin.reported" && (c.module_id ?? undefined) === target.moduleId);
    expect(feed.map((c) => Number(c.version)).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
  });

  it("planned on the section the caller wrote last, or on a stale copy of it, a report merges with what is stored", async () => {
    const target = await makeTarget();
    const first = await updateReportedProperties(target, { a: 1, nested: { x: 1 } }, context);
    const second = await updateReportedProperties(target, { b: 2, nested: { y: 2 } }, context, first.section);
    expect(second.version).toBe(3);
    // A copy two versions old: the compare-and-set misses, the row is read, nothing is lost.
    const third = await updateReportedProperties(target, { c: 3, nested: { x: null } }, context, first.section);
    expect(third.version).toBe(4);
    const { $metadata: _metadata, ...reported } = (await getTwin(target.deviceId, target.moduleId)).properties.reported;
    expect(reported).toEqual({ a: 1, b: 2, c: 3, nested: { y: 2 }, $version: 4 });
    expect(third.section).toMatchObject({ version: 4, doc: { a: 1, b: 2, c: 3, nested: { y: 2 } } });
  });

  it("a report that breaks a twin rule is refused and changes nothing", async () => {
    const target = await makeTarget();
    await updateReportedProperties(target, { ok: 1 }, context);
    await expect(updateReportedProperties(target, { "bad.key": 1 }, context)).rejects.toMatchObject({ code: expect.any(String) });
    const twin = await getTwin(target.deviceId, target.moduleId);
    expect(twin.properties.reported.$version).toBe(2);
    expect(twin.properties.reported["bad.key"]).toBeUndefined();
    expect((await revisionsOf(target.deviceId, target.moduleId)).filter((r) => r.section === "reported")).toHaveLength(1);
  });

  it("a report for an identity that does not exist is a not-found error", async () => {
    const target = await makeTarget();
    const missing: TwinTarget = target.moduleId === undefined ? { deviceId: `${target.deviceId}-gone` } : { ...target, moduleId: `${target.moduleId}-gone` };
    await expect(updateReportedProperties(missing, { a: 1 }, context)).rejects.toMatchObject({ code: missing.moduleId ? "ModuleNotFound" : "DeviceNotFound" });
  });
});
