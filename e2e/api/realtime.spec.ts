import { io, type Socket } from "socket.io-client";
import { expect, ownerAuthHeader, ownerHeaders, test } from "../fixtures";

type Change = { seq: number; kind: string; deviceId: string | null; moduleId: string | null; version: number | null };

/** Change events from the server's Socket.IO relay, end to end through the real process. */
test.describe("realtime change feed", () => {
  const deviceId = `rt-${Date.now().toString(36)}`;
  let baseURL = "";

  test.beforeAll(async ({ request }, info) => {
    baseURL = String(info.project.use.baseURL);
    const created = await request.put(`/api/devices/${deviceId}`, {
      headers: ownerHeaders(),
      data: { deviceId, capabilities: { iotEdge: true } },
    });
    expect(created.status()).toBe(200);
  });

  const connect = (token = ownerAuthHeader()) =>
    io(baseURL, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });

  const subscribe = (socket: Socket, room: string, since?: number) =>
    socket.emitWithAck("subscribe", { room, since }) as Promise<{ ok: boolean; cursor: number; replayed: number }>;

  const patchTags = (request: import("@playwright/test").APIRequestContext, n: number) =>
    request.patch(`/api/twins/${deviceId}`, {
      headers: { ...ownerHeaders(), "If-Match": "*" },
      data: { tags: { n } },
    });

  test("a twin write reaches a device-room subscriber with its seq", async ({ request }) => {
    const socket = connect();
    const received: Change[] = [];
    socket.on("changes", (batch: Change[]) => received.push(...batch));
    const ack = await subscribe(socket, `device:${deviceId}`);
    expect(ack.ok).toBe(true);
    expect((await patchTags(request, 1)).status()).toBe(200);
    await expect.poll(() => received.filter((c) => c.kind === "twin.tags").length).toBe(1);
    expect(received[0]).toMatchObject({ deviceId, kind: "twin.tags", version: 2 });
    socket.close();
  });

  test("a client that reconnects with its last seq gets exactly the events it missed", async ({ request }) => {
    const first = connect();
    const ack = await subscribe(first, `device:${deviceId}`);
    const lastSeen = ack.cursor;
    first.close();
    for (let n = 10; n < 15; n++) expect((await patchTags(request, n)).status()).toBe(200);

    const second = connect();
    const replayed: Change[] = [];
    second.on("changes", (batch: Change[]) => replayed.push(...batch));
    const resumed = await subscribe(second, `device:${deviceId}`, lastSeen);
    expect(resumed.replayed).toBe(5);
    await expect.poll(() => replayed.length).toBe(5);
    const seqs = replayed.map((c) => c.seq);
    expect(new Set(seqs).size).toBe(5);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(replayed.every((c) => c.deviceId === deviceId && c.seq > lastSeen)).toBe(true);
    second.close();
  });

  test("events arrive in seq-ordered `changes` frames, each once, whether a socket is in the fleet room, its device room or both", async ({ request }) => {
    const other = `${deviceId}-other`;
    expect((await request.put(`/api/devices/${other}`, { headers: ownerHeaders(), data: { deviceId: other } })).status()).toBe(200);
    const listen = async (rooms: string[]) => {
      const socket = connect();
      const frames: Change[][] = [];
      socket.on("changes", (batch: Change[]) => frames.push(batch));
      for (const room of rooms) expect((await subscribe(socket, room)).ok).toBe(true);
      return { socket, frames, events: () => frames.flat().filter((c) => c.kind === "twin.tags" && (c.deviceId === deviceId || c.deviceId === other)) };
    };
    const both = await listen(["fleet", `device:${deviceId}`]);
    const deviceOnly = await listen([`device:${deviceId}`]);
    const fleetOnly = await listen(["fleet"]);
    const patchOther = (n: number) => request.patch(`/api/twins/${other}`, { headers: { ...ownerHeaders(), "If-Match": "*" }, data: { tags: { n } } });
    // 40 concurrent writes on two devices: the relay reads several per notification.
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => [patchTags(request, 200 + n), patchOther(n)]).flat());
    expect(results.every((r) => r.status() === 200)).toBe(true);
    await expect.poll(() => both.events().length).toBe(40);
    await expect.poll(() => fleetOnly.events().length).toBe(40);
    await expect.poll(() => deviceOnly.events().length).toBe(20);
    for (const client of [both, deviceOnly, fleetOnly]) {
      const seqs = client.events().map((c) => c.seq);
      expect(new Set(seqs).size).toBe(seqs.length); // each event once, even in two rooms
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs); // in seq order across frames
      client.socket.close();
    }
    expect(deviceOnly.events().every((c) => c.deviceId === deviceId)).toBe(true);
  });

  test("a client too far behind is told to resync instead of being replayed", async ({ request }) => {
    const first = connect();
    const { cursor } = await subscribe(first, "fleet");
    first.close();
    // REALTIME_MAX_CATCHUP is 50 in playwright.config.ts.
    await Promise.all(Array.from({ length: 60 }, (_, n) => patchTags(request, 100 + n)));
    const second = connect();
    let resync = false;
    second.on("resync", () => (resync = true));
    const resumed = await subscribe(second, "fleet", cursor);
    expect(resumed.replayed).toBe(0);
    await expect.poll(() => resync).toBe(true);
    second.close();
  });

  test("the handshake refuses a missing or forged token", async () => {
    for (const token of ["", ownerAuthHeader().replace(/sig=[^&]+/, "sig=AAAA")]) {
      const socket = connect(token);
      const error = await new Promise<Error>((resolve) => socket.on("connect_error", resolve));
      expect(error.message).toBe("IotHubUnauthorizedAccess");
      socket.close();
    }
  });
});
