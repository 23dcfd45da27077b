import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { sqlRows } from "./support/api";
import { CLIENT_ADDRESS_HEADER, makeUser, postLogin, randomAddress, tokenOf, uniqueUsername } from "./support/operators";

/**
 * Sign-in answers: one 401 for every kind of bad credentials, in similar time; 10 failures in 15
 * minutes lock that (username, client address) pair out for 15 minutes with a clear 429.
 */

const from = (address: string) => ({ [CLIENT_ADDRESS_HEADER]: address });
const throttleRow = async (username: string, address: string) =>
  (
    await sqlRows<{ failures: number; locked_until: Date | string | null }>(
      "select failures, locked_until from login_throttle where username = $1 and client_address = $2",
      [username, address],
    )
  )[0];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("bad credentials", () => {
  it("an unknown user, a wrong password, a malformed username and a disabled account all get the same 401", async () => {
    const user = await makeUser("viewer");
    const disabled = await makeUser("viewer");
    await sqlRows("update users set disabled = true where id = $1", [disabled.id]);
    const address = randomAddress();
    const answers = [
      await postLogin(uniqueUsername("it-nobody"), user.password, from(address)),
      await postLogin(user.username, `${user.password}!`, from(address)),
      await postLogin("not a username;", user.password, from(address)),
      await postLogin(disabled.username, disabled.password, from(address)),
      await postLogin(user.username, "", from(address)),
    ];
    for (const res of answers) {
      expect(res.status, res.text).toBe(401);
      expect(res.headers.get("iothub-errorcode")).toBe("IotHubUnauthorizedAccess");
      expect(tokenOf(res)).toBeNull();
    }
    const shape = (res: (typeof answers)[number]) => ({ error: res.json.error, Message: res.json.Message, errorCode: res.json.errorCode });
    for (const res of answers.slice(1)) expect(shape(res)).toEqual(shape(answers[0]!));
    expect(answers[0]!.json.error).toEqual({ code: "IotHubUnauthorizedAccess", message: "Invalid username or password" });
  });

  it("an unknown user takes about as long as a wrong password (median of 5, ratio within 0.5-2)", async () => {
    const user = await makeUser("viewer");
    const time = async (username: string) => {
      const started = performance.now();
      const res = await postLogin(username, "not-the-password-at-all", from(randomAddress()));
      expect(res.status).toBe(401);
      return performance.now() - started;
    };
    // Warm up both paths (the decoy hash is computed once, on first use).
    await time(uniqueUsername("it-ghost"));
    await time(user.username);
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) {
      unknown.push(await time(uniqueUsername("it-ghost")));
      wrong.push(await time(user.username));
    }
    const ratio = median(unknown) / median(wrong);
    expect(ratio, `unknown ${unknown.map(Math.round)} ms, wrong ${wrong.map(Math.round)} ms`).toBeGreaterThan(0.5);
    expect(ratio, `unknown ${unknown.map(Math.round)} ms, wrong ${wrong.map(Math.round)} ms`).toBeLessThan(2);
  });
});

describe("throttling", () => {
  it("10 failures lock that (user, address) pair: the 11th attempt, even with the right password, is 429 with a clear message", async () => {
    const user = await makeUser("operator");
    const address = randomAddress();
    for (let i = 1; i <= 10; i++) {
      // Case does not matter: usernames are case-insensitive, so `ALICE` counts against `alice`.
      const name = i % 2 ? user.username : user.username.toUpperCase();
      const res = await postLogin(name, `wrong-password-${i}`, from(address));
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const locked = await postLogin(user.username, user.password, from(address));
    expect(locked.status, locked.text).toBe(429);
    expect(locked.json.error.code).toBe("ThrottlingException");
    expect(locked.headers.get("iothub-errorcode")).toBe("ThrottlingException");
    expect(locked.json.error.message).toMatch(/too many failed sign-ins/i);
    expect(locked.json.error.message).toMatch(/try again in 15 minutes/i);
    expect(locked.json.error.details.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(locked.json.error.details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(tokenOf(locked)).toBeNull();
    // Still locked for a wrong password, and for the username in another case.
    expect((await postLogin(user.username.toUpperCase(), "wrong", from(address))).status).toBe(429);

    // Another address can still sign in as this user; this address can still sign in as someone else.
    expect((await postLogin(user.username, user.password, from(randomAddress()))).status).toBe(200);
    const other = await makeUser("viewer");
    expect((await postLogin(other.username, other.password, from(address))).status).toBe(200);

    const [audit] = await sqlRows<{ n: string | number }>(
      "select count(*) as n from audit_log where action = 'login.locked' and actor = $1 and client_address = $2 and outcome = 'failure'",
      [`user:${user.username}`, address],
    );
    expect(Number(audit!.n)).toBe(2);
  });

  it("9 failures do not lock", async () => {
    const user = await makeUser("viewer");
    const address = randomAddress();
    for (let i = 0; i < 9; i++) expect((await postLogin(user.username, "wrong-password", from(address))).status).toBe(401);
    expect((await postLogin(user.username, user.password, from(address))).status).toBe(200);
  });

  it("a lock for an unknown username works the same (nothing tells an attacker whether the account exists)", async () => {
    const ghost = uniqueUsername("it-ghost");
    const address = randomAddress();
    for (let i = 0; i < 10; i++) expect((await postLogin(ghost, "wrong-password", from(address))).status).toBe(401);
    const res = await postLogin(ghost, "wrong-password", from(address));
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("ThrottlingException");
  });

  it("once the lock expires, the right password signs in and the failure counter starts again from zero", async () => {
    const user = await makeUser("viewer");
    const address = randomAddress();
    for (let i = 0; i < 10; i++) await postLogin(user.username, "wrong-password", from(address));
    expect((await postLogin(user.username, user.password, from(address))).status).toBe(429);
    expect((await throttleRow(user.username, address))?.locked_until).not.toBeNull();

    await sqlRows("update login_throttle set locked_until = now() - interval '1 second' where username = $1 and client_address = $2", [
      user.username,
      address,
    ]);
    const res = await postLogin(user.username, user.password, from(address));
    expect(res.status, res.text).toBe(200);
    expect(tokenOf(res)).toBeTruthy();
    expect(await throttleRow(user.username, address)).toBeUndefined();

    // Counter reset: 9 new failures do not lock, the 10th does.
    for (let i = 0; i < 9; i++) expect((await postLogin(user.username, "wrong-password", from(address))).status).toBe(401);
    expect((await throttleRow(user.username, address))?.failures).toBe(9);
    expect((await postLogin(user.username, user.password, from(address))).status).toBe(200);
  });

  it("an expired lock followed by a wrong password starts a new window of 1 failure", async () => {
    const user = await makeUser("viewer");
    const address = randomAddress();
    for (let i = 0; i < 10; i++) await postLogin(user.username, "wrong-password", from(address));
    await sqlRows("update login_throttle set locked_until = now() - interval '1 second' where username = $1 and client_address = $2", [
      user.username,
      address,
    ]);
    expect((await postLogin(user.username, "wrong-password", from(address))).status).toBe(401);
    expect(await throttleRow(user.username, address)).toMatchObject({ failures: 1, locked_until: null });
  });

  it("failures sent in parallel are all counted (a burst of 20 wrong passwords locks the pair)", async () => {
    const user = await makeUser("viewer");
    const address = randomAddress();
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => postLogin(user.username, `wrong-${i}`, from(address))));
    for (const res of burst) expect([401, 429]).toContain(res.status);
    const row = await throttleRow(user.username, address);
    const res = await postLogin(user.username, user.password, from(address));
    expect(res.status, `stored failures after 20 parallel attempts: ${row?.failures}`).toBe(429);
  });
});
