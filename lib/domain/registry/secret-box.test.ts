import { describe, expect, it } from "vitest";
import { appErrorOf } from "../twins/test-helpers";
import { openSecret, openSecretWithKeys, parseSecretKey, sealSecret } from "./secret-box";

const key = Buffer.alloc(32, 7);
const other = Buffer.alloc(32, 8);
const iv = Buffer.alloc(12, 1);

describe("sealSecret / openSecret", () => {
  it.each(["", "hunter2", "pässwörd ✓", "x".repeat(5000)])("round-trips %j", (plain) => {
    const sealed = sealSecret(plain, key, "reg-1");
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
    expect(sealed).not.toContain(Buffer.from(plain).toString("base64url") || "never");
    expect(openSecret(sealed, key, "reg-1")).toBe(plain);
  });

  it("is deterministic only for a fixed IV, random otherwise", () => {
    expect(sealSecret("a", key, "r", iv)).toBe(sealSecret("a", key, "r", iv));
    expect(sealSecret("a", key, "r")).not.toBe(sealSecret("a", key, "r"));
  });

  it.each<[string, (s: string) => string, Buffer, string]>([
    ["another key", (s) => s, other, "reg-1"],
    ["another row", (s) => s, key, "reg-2"],
    ["a flipped ciphertext byte", (s) => s.slice(0, -2) + (s.at(-2) === "A" ? "B" : "A") + s.at(-1), key, "reg-1"],
    ["a swapped tag", (s) => s.split(".").map((p, i) => (i === 2 ? Buffer.alloc(16).toString("base64url") : p)).join("."), key, "reg-1"],
  ])("refuses %s", (_name, tamper, k, aad) => {
    const sealed = tamper(sealSecret("secret-password", key, "reg-1"));
    const error = appErrorOf(() => openSecret(sealed, k, aad));
    expect(error.code).toBe("ServerError");
    expect(error.message).not.toContain("secret-password");
  });

  it.each(["", "v2.a.b.c", "v1.a.b", "v1.a.b.c.d"])("refuses the unknown format %j", (sealed) => {
    expect(appErrorOf(() => openSecret(sealed, key, "r")).message).toMatch(/unknown format/);
  });
});

describe("parseSecretKey", () => {
  it.each<[string, Buffer]>([
    ["07".repeat(32), key],
    [key.toString("base64"), key],
    [` ${"AB".repeat(32)}\n`, Buffer.alloc(32, 0xab)],
  ])("%s", (text, expected) => {
    expect(parseSecretKey(text).equals(expected)).toBe(true);
  });

  it.each(["", "abcd", "07".repeat(31), Buffer.alloc(16).toString("base64")])("refuses %j", (text) => {
    expect(appErrorOf(() => parseSecretKey(text)).code).toBe("ServerError");
  });
});

describe("openSecretWithKeys", () => {
  const third = Buffer.alloc(32, 9);
  it.each<[string, Buffer, Buffer[], number]>([
    ["the current key", key, [key, other], 0],
    ["a previous key", other, [key, other], 1],
    ["the second previous key", third, [key, other, third], 2],
  ])("finds %s", (_name, sealedWith, keys, keyIndex) => {
    expect(openSecretWithKeys(sealSecret("pw", sealedWith, "r"), keys, "r")).toEqual({ plaintext: "pw", keyIndex });
  });

  it.each<[string, Buffer[]]>([
    ["no key fits", [key, other]],
    ["no key at all", []],
  ])("fails when %s", (_name, keys) => {
    expect(appErrorOf(() => openSecretWithKeys(sealSecret("pw", third, "r"), keys, "r")).code).toBe("ServerError");
  });
});
