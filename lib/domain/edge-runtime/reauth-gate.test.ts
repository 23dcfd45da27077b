import { describe, expect, it } from "vitest";
import { mayAccept, mayForward, reauthSettled, type ModuleAuth } from "./reauth-gate";

describe("re-authentication gate", () => {
  const fresh: ModuleAuth = { isPresent: true, validatedAt: 100, tokenExpiresAt: 5_000, startedOffline: false };
  const ctx = { isOnline: true, onlineSince: 50, now: 200 };
  it.each([
    ["fresh token validated after reconnect", fresh, ctx, { ok: true }],
    ["device offline", fresh, { ...ctx, isOnline: false }, { ok: false, reason: "offline" }],
    ["module gone", undefined, ctx, { ok: false, reason: "gone" }],
    ["module not running", { ...fresh, isPresent: false }, ctx, { ok: false, reason: "gone" }],
    ["never authenticated", { ...fresh, validatedAt: null, tokenExpiresAt: null }, ctx, { ok: false, reason: "no-token" }],
    ["token from before the outage", { ...fresh, validatedAt: 40 }, ctx, { ok: false, reason: "stale-token" }],
    ["token expired", { ...fresh, tokenExpiresAt: 200 }, ctx, { ok: false, reason: "token-expired" }],
  ])("%s", (_name, auth, c, verdict) => expect(mayForward(auth, c)).toEqual(verdict));

  it.each([
    ["running module, online", fresh, true, true],
    ["running module, offline", fresh, false, true],
    ["restarted while offline, offline", { ...fresh, startedOffline: true }, false, false],
    ["restarted while offline, back online", { ...fresh, startedOffline: true }, true, true],
    ["gone", undefined, true, false],
  ])("accepts new messages: %s", (_name, auth, isOnline, ok) => expect(mayAccept(auth, isOnline)).toBe(ok));

  it.each([
    ["all re-authenticated", [fresh], 200, true],
    ["one not yet", [fresh, { ...fresh, validatedAt: 10 }], 200, false],
    ["one not yet, grace over", [fresh, { ...fresh, validatedAt: 10 }], 10_050, true],
    ["absent modules are not waited for", [{ ...fresh, isPresent: false, validatedAt: null }], 200, true],
  ])("settled: %s", (_name, waiting, now, settled) => expect(reauthSettled(waiting, { ...ctx, now, graceMs: 10_000 })).toBe(settled));
});
