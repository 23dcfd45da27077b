import { beforeAll, describe, expect, it } from "vitest";
import { setConnectionState } from "@/lib/data/set-connection-state";
import { updateReportedProperties } from "@/lib/data/update-reported-properties";
import { callApi, createDevice, createEdgeDevice, setupPolicies, sqlRows, suffix, twinPath, type Loose } from "./support/api";
import { asUser, signIn, type Session } from "./support/operators";

/**
 * The fleet browser's API on a run-tagged fleet of 8 devices (other files share the database):
 * e0-e3 edge devices with $edgeAgent reporting healthy / failing module / code 417 / nothing;
 * p0-p3 plain devices. Sites a, a, b, b, a, c, c, a; idx 0..7; e0 and p0 connected.
 */
const run = `f${suffix()}`;
const filter = (extra: Record<string, unknown> = {}) => ({ query: `tags.run = '${run}'`, ...extra });
const id = (name: string) => `${run}-${name}`;
const NAMES = ["e0", "e1", "e2", "e3", "p0", "p1", "p2", "p3"];
const SITES = ["a", "a", "b", "b", "a", "c", "c", "a"];
let viewer: Session;
let operator: Session;

const page = (body: Record<string, unknown>) => callApi("POST", "/api/fleet/page", { body });
const ids = (res: Loose) => (res.json.items as { deviceId: string }[]).map((d) => d.deviceId.slice(run.length + 1));

async function report(name: string, reported: Record<string, unknown>) {
  await updateReportedProperties({ deviceId: id(name), moduleId: "$edgeAgent" }, reported, { actor: "test", now: new Date() });
}

beforeAll(async () => {
  await setupPolicies();
  for (const [i, name] of NAMES.entries()) {
    await (name.startsWith("e") ? createEdgeDevice({ id: id(name) }) : createDevice({ id: id(name) }));
    const res = await callApi("PATCH", twinPath(id(name)), { body: { tags: { run, site: SITES[i], idx: i } } });
    expect(res.status).toBe(200);
  }
  await report("e0", { lastDesiredStatus: { code: 200 }, modules: { sensor: { runtimeStatus: "running" } } });
  await report("e1", { lastDesiredStatus: { code: 200 }, modules: { sensor: { runtimeStatus: "backoff" }, cam: { runtimeStatus: "running" } } });
  await report("e2", { lastDesiredStatus: { code: 417, description: "no deployment" } });
  await sqlRows("update devices set last_activity_time = now() where device_id = any($1)", [[id("e0"), id("p0")]]);
  // An edge device is connected while its $edgeAgent is (its own identity never connects).
  await setConnectionState({ deviceId: id("e0"), moduleId: "$edgeAgent" }, "Connected", new Date(), "it-fleet");
  await setConnectionState({ deviceId: id("p0") }, "Connected", new Date(), "it-fleet");
  viewer = await signIn("viewer");
  operator = await signIn("operator");
});

describe("POST /api/fleet/page", () => {
  it("pages through the filter by keyset with the sort key and deviceId as tiebreak, no row twice", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Loose = await page({ filter: filter(), sort: { key: "tags.site", dir: "desc" }, pageSize: 3, cursor });
      expect(res.status, res.text).toBe(200);
      seen.push(...ids(res));
      cursor = res.json.cursor;
    } while (cursor);
    // c, c, b, b, a, a, a, a; within a site, device ids descending.
    expect(seen).toEqual(["p2", "p1", "e3", "e2", "p3", "p0", "e1", "e0"]);
  });

  it.each(["lastActivityTime", "status", "edge", "connectionState", "tags.idx"])("pages by %s with cursors that round-trip the sort value", async (key) => {
    for (const dir of ["asc", "desc"]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Loose = await page({ filter: filter(), sort: { key, dir }, pageSize: 3, cursor });
        expect(res.status, res.text).toBe(200);
        seen.push(...ids(res));
        cursor = res.json.cursor;
      } while (cursor);
      expect([...seen].sort()).toEqual([...NAMES].sort());
    }
  });

  it("sorts by identity columns ascending and descending", async () => {
    const asc = await page({ filter: filter(), sort: { key: "connectionState", dir: "asc" }, pageSize: 2 });
    expect(ids(asc)).toEqual(["e0", "p0"]);
    const desc = await page({ filter: filter(), sort: { key: "lastActivityTime", dir: "desc" }, pageSize: 2 });
    expect(ids(desc)).toEqual(["p0", "e0"]);
    const byId = await page({ filter: filter(), sort: { key: "deviceId", dir: "desc" }, pageSize: 1 });
    expect(ids(byId)).toEqual(["p3"]);
    expect(byId.json.cursor).toEqual(expect.any(String));
  });

  it("returns edge health from $edgeAgent reported and the requested twin columns", async () => {
    const res = await page({ filter: filter({ edge: true }), columns: ["tags.site", "properties.reported.none"], pageSize: 10 });
    const byName = Object.fromEntries((res.json.items as Loose[]).map((d) => [d.deviceId.slice(run.length + 1), d]));
    expect(Object.keys(byName)).toEqual(["e0", "e1", "e2", "e3"]);
    // reportedAt: when $edgeAgent last reported, the age the console shows beside the health.
    const reportedAt = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(byName.e0.edgeHealth).toEqual({ state: "healthy", code: 200, failingModules: [], reportedAt });
    expect(byName.e1.edgeHealth).toEqual({ state: "unhealthy", code: 200, failingModules: ["sensor"], reportedAt });
    expect(byName.e2.edgeHealth).toEqual({ state: "unhealthy", code: 417, failingModules: [], reportedAt });
    expect(byName.e3.edgeHealth).toMatchObject({ state: "unknown", code: null, failingModules: [] });
    expect(byName.e0).toMatchObject({ edge: true, status: "enabled", connectionState: "Connected", values: { "tags.site": "a" } });
    expect(byName.e0.lastActivityTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(byName.e0.values).not.toHaveProperty("properties.reported.none");
    const plain = await page({ filter: filter({ edge: false }), pageSize: 1 });
    expect(plain.json.items[0].edgeHealth).toBeNull();
  });

  it.each([
    [{ connection: "Connected" }, ["e0", "p0"]],
    [{ connection: "Disconnected", edge: true }, ["e1", "e2", "e3"]],
    [{ health: "healthy" }, ["e0"]],
    [{ health: "unhealthy" }, ["e1", "e2"]],
    [{ health: "unknown" }, ["e3"]],
    [{ moduleFailures: true }, ["e1"]],
  ])("quick filter %j", async (quick, expected) => {
    const res = await page({ filter: filter(quick), pageSize: 20 });
    expect(res.status, res.text).toBe(200);
    expect(ids(res)).toEqual(expected);
  });

  it("with scope modules, lists the devices having a module that matches (the dashboard's links)", async () => {
    const failing = await page({
      filter: { query: `moduleId = '$edgeAgent' AND STARTS_WITH(deviceId, '${run}') AND properties.reported.lastDesiredStatus.code = 417`, scope: "modules" },
      pageSize: 20,
    });
    expect(failing.status, failing.text).toBe(200);
    expect(ids(failing)).toEqual(["e2"]);
    const refused = await page({ filter: { query: "SELECT * FROM devices WHERE deviceId = 'x'", scope: "modules" } });
    expect([refused.status, refused.json.error?.details?.path]).toEqual([400, "query"]);
  });

  it("accepts a whole SELECT * FROM devices WHERE … as well as a bare WHERE clause", async () => {
    const res = await page({ filter: { query: `SELECT * FROM devices WHERE tags.run = '${run}' AND tags.idx >= 6` } });
    expect(ids(res)).toEqual(["p2", "p3"]);
  });

  it.each([
    [{ filter: { query: "tags.site = " } }, "query", 12],
    [{ filter: { query: `tags.run = '${run}' AND ^` } }, "query", `tags.run = '${run}' AND `.length],
    [{ filter: { query: "SELECT * FROM devices.modules" } }, "query", 14],
  ])("a query error is 400 with its position: %j", async (body, path, position) => {
    const res = await page(body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "ArgumentInvalid", details: { path, position } });
  });

  it.each([
    [{ sort: { key: "primaryKey", dir: "asc" } }, "sort.key"],
    [{ sort: { key: "tags.$bad", dir: "asc" } }, "sort.key"],
    [{ columns: ["properties.secret.x"] }, "columns.0"],
    [{ cursor: "not-a-cursor!" }, "cursor"],
    [{ pageSize: 0 }, "pageSize"],
    [{ filter: { connection: "Sleeping" } }, "filter.connection"],
  ])("bad input %j is 400 naming %s", async (body, path) => {
    const res = await page({ filter: filter(), ...body });
    expect(res.status).toBe(400);
    expect(res.json.error.details.path).toBe(path);
  });

  it("refuses a cursor issued for another sort", async () => {
    const first = await page({ filter: filter(), pageSize: 1 });
    const res = await page({ filter: filter(), sort: { key: "status", dir: "asc" }, pageSize: 1, cursor: first.json.cursor });
    expect(res.status).toBe(400);
    expect(res.json.error.details.path).toBe("cursor");
  });

  it("is open to viewers", async () => {
    const res = await asUser(viewer, "POST", "/api/fleet/page", { body: { filter: filter() } });
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(8);
  });
});

describe("POST /api/fleet/summary", () => {
  it("counts the matching devices and facets their common tags", async () => {
    const res = await callApi("POST", "/api/fleet/summary", { body: { filter: filter() } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ total: 8, facetSample: null });
    const site = (res.json.facets as Loose[]).find((f) => f.key === "site");
    expect(site).toEqual({ key: "site", devices: 8, values: [{ value: "a", count: 4 }, { value: "b", count: 2 }, { value: "c", count: 2 }] });
    const connected = await callApi("POST", "/api/fleet/summary", { body: { filter: filter({ connection: "Connected" }) } });
    expect(connected.json.total).toBe(2);
  });

  it("reports a syntax error with its position", async () => {
    const res = await callApi("POST", "/api/fleet/summary", { body: { filter: { query: "tags.x = 'open" } } });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toMatchObject({ path: "query", position: 9 });
  });
});

describe("POST /api/fleet/bulk-tags", () => {
  const versions = async () =>
    Object.fromEntries(
      (await sqlRows<{ device_id: string; twin_version: string | number }>("select device_id, twin_version from devices where tags->>'run' = $1", [run])).map(
        (r) => [r.device_id, Number(r.twin_version)],
      ),
    );

  it("dry run shows per-device changes and writes nothing", async () => {
    const before = await versions();
    const res = await callApi("POST", "/api/fleet/bulk-tags", { body: { filter: filter({ query: `tags.run = '${run}' AND tags.site = 'a'` }), tags: { site: "z", owner: "ops" }, dryRun: true } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ total: 4, changed: 4, unchanged: 0, rejected: 0 });
    expect(res.json.sample[0]).toEqual({ deviceId: id("e0"), before: { site: "a" }, after: { site: "z", owner: "ops" } });
    expect(await versions()).toEqual(before);
  });

  it("applies as a job: tags, twin versions, revisions, change feed and audit; a re-run changes nothing", async () => {
    const target = filter({ query: `tags.run = '${run}' AND tags.idx >= 6` });
    const before = await versions();
    const started = await asUser(operator, "POST", "/api/fleet/bulk-tags", { body: { filter: target, tags: { owner: "line", idx: null }, dryRun: false } });
    expect(started.status, started.text).toBe(202);
    expect(started.json).toMatchObject({ total: 2, status: expect.stringMatching(/running|completed/) });
    const job = await waitForJob(started.json.id);
    expect(job).toMatchObject({ status: "completed", total: 2, processed: 2, changed: 2, rejected: 0 });

    const twin = await callApi("GET", twinPath(id("p2")));
    expect(twin.json.tags).toEqual({ run, site: "c", owner: "line" });
    const after = await versions();
    expect(after[id("p2")]).toBe(before[id("p2")]! + 1);
    expect(after[id("p1")]).toBe(before[id("p1")]);
    const revisions = await sqlRows("select section, operation, actor, patch from twin_revisions where device_id = $1 order by id desc limit 1", [id("p3")]);
    expect(revisions[0]).toMatchObject({ section: "tags", operation: "patch", actor: `user:${operator.username}`, patch: { owner: "line", idx: null } });
    // And it is in the twin's history like any other write (revision = the new twin version).
    const history = await callApi("GET", `${twinPath(id("p3"))}/revisions`);
    expect(history.json.items[0]).toMatchObject({ version: after[id("p3")] });
    const feed = await sqlRows<{ kind: string; version: string | number }>("select kind, version from changes where device_id = $1 order by seq desc limit 1", [id("p3")]);
    expect(feed[0]).toMatchObject({ kind: "twin.tags" });
    expect(Number(feed[0]!.version)).toBe(after[id("p3")]);
    const audit = await sqlRows("select action, before, after from audit_log where target_id = $1 order by id desc limit 1", [id("p3")]);
    expect(audit[0]).toMatchObject({ action: "twin.update", before: { tags: { idx: 7 } }, after: { tags: { owner: "line" }, bulkJob: started.json.id } });
    const summary = await sqlRows("select action from audit_log where target_id = $1", [`bulk:${started.json.id}`]);
    expect(summary).toEqual([{ action: "twin.bulk-update" }]);

    // The devices carry the patch already: a second run skips them (no version bump).
    const again = await callApi("POST", "/api/fleet/bulk-tags", { body: { filter: filter({ query: `tags.run = '${run}' AND tags.owner = 'line'` }), tags: { owner: "line" }, dryRun: false } });
    expect(await waitForJob(again.json.id)).toMatchObject({ status: "completed", total: 2, changed: 0 });
    expect(await versions()).toEqual(after);
  });

  it.each([
    [{ "bad.key": 1 }, "tags.bad.key"],
    [{ $version: 1 }, "tags.$version"],
    [{ big: "x".repeat(5000) }, "tags.big"],
    [{}, "tags"],
  ])("refuses the patch %# with 400 naming the key, writing nothing", async (tags, path) => {
    const jobsBefore = await sqlRows("select count(*)::int as n from bulk_jobs");
    for (const dryRun of [true, false]) {
      const res = await callApi("POST", "/api/fleet/bulk-tags", { body: { filter: filter(), tags, dryRun } });
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.details.path).toBe(path);
    }
    expect(await sqlRows("select count(*)::int as n from bulk_jobs")).toEqual(jobsBefore);
  });

  it("refuses a bad query with its position", async () => {
    const res = await callApi("POST", "/api/fleet/bulk-tags", { body: { filter: { query: "tags.site = = 1" }, tags: { a: 1 }, dryRun: true } });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toMatchObject({ path: "query", position: 12 });
  });

  it("is forbidden to viewers (twins.write), dry run included", async () => {
    for (const dryRun of [true, false]) {
      const res = await asUser(viewer, "POST", "/api/fleet/bulk-tags", { body: { filter: filter(), tags: { a: 1 }, dryRun } });
      expect(res.status).toBe(403);
    }
  });

  it("answers 404 for an unknown job", async () => {
    const res = await callApi("GET", "/api/fleet/bulk-tags/no-such-job");
    expect(res.status).toBe(404);
  });
});

async function waitForJob(jobId: string) {
  for (let i = 0; i < 100; i++) {
    const res = await callApi("GET", `/api/fleet/bulk-tags/${jobId}`);
    expect(res.status).toBe(200);
    if (res.json.status !== "running") return res.json;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("job did not finish");
}

describe("saved views", () => {
  it("are private to their owner, unique by name, and audited", async () => {
    const name = `berlin ${run}`;
    const created = await asUser(operator, "POST", "/api/views", { body: { name, state: "q=tags.site+%3D+%27a%27&conn=Connected" } });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ name, state: "q=tags.site+%3D+%27a%27&conn=Connected", id: expect.any(String) });
    const duplicate = await asUser(operator, "POST", "/api/views", { body: { name, state: "" } });
    expect(duplicate.status).toBe(409);

    const mine = await asUser(operator, "GET", "/api/views");
    expect(mine.json).toEqual([created.json]);
    expect((await asUser(viewer, "GET", "/api/views")).json).toEqual([]);
    expect((await asUser(viewer, "DELETE", `/api/views/${created.json.id}`)).status).toBe(404);

    expect((await asUser(operator, "DELETE", `/api/views/${created.json.id}`)).status).toBe(204);
    expect((await asUser(operator, "GET", "/api/views")).json).toEqual([]);
    const audit = await sqlRows("select action, actor from audit_log where target_id = $1 order by id", [created.json.id]);
    expect(audit).toEqual([
      { action: "view.create", actor: `user:${operator.username}` },
      { action: "view.delete", actor: `user:${operator.username}` },
    ]);
  });

  it.each([
    [{ name: "", state: "" }, "name"],
    [{ name: "x".repeat(101), state: "" }, "name"],
    [{ name: "ok", state: 5 }, "state"],
    [{ name: "ok", state: "", extra: 1 }, ""],
  ])("refuses %j", async (body, path) => {
    const res = await asUser(viewer, "POST", "/api/views", { body });
    expect(res.status).toBe(400);
    if (path) expect(res.json.error.details.path).toBe(path);
  });

  it("need a signed-in operator: a policy token is refused", async () => {
    expect((await callApi("GET", "/api/views")).status).toBe(401);
  });
});

describe("GET /api/devices/{id}/delete-impact", () => {
  it("lists the modules that go with the device and the deployments targeting it (none here)", async () => {
    const res = await callApi("GET", `/api/devices/${id("e0")}/delete-impact`);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({
      deviceId: id("e0"),
      edge: true,
      modules: [
        { moduleId: "$edgeAgent", managedBy: null },
        { moduleId: "$edgeHub", managedBy: null },
      ],
      deployments: { tracked: true, items: [] },
    });
    expect((await callApi("GET", `/api/devices/${id("p0")}/delete-impact`)).json.modules).toEqual([]);
    expect((await callApi("GET", `/api/devices/${run}-missing/delete-impact`)).status).toBe(404);
  });
});
