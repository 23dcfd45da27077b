import { describe, expect, it } from "vitest";
import { Scheduler } from "./scheduler";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Scheduler", () => {
  it("runs tasks in due order (ties in insertion order), skips cancelled ones, and stops", async () => {
    const s = new Scheduler();
    const ran: string[] = [];
    const t0 = Date.now();
    s.at(t0 + 30, () => ran.push("c"));
    s.at(t0 + 10, () => ran.push("a1"));
    s.at(t0 + 10, () => ran.push("a2"));
    s.at(t0 + 20, () => ran.push("cancelled")).cancel();
    s.after(15, () => {
      ran.push("b");
      s.after(1, () => ran.push("b-child"));
    });
    await sleep(80);
    expect(ran).toEqual(["a1", "a2", "b", "b-child", "c"]);
    s.after(5, () => ran.push("after-stop"));
    s.stop();
    s.after(1, () => ran.push("never"));
    await sleep(30);
    expect(ran).not.toContain("after-stop");
    expect(ran).not.toContain("never");
  });

  it("keeps running after a task throws", async () => {
    const s = new Scheduler();
    const ran: number[] = [];
    const error = console.error;
    console.error = () => {};
    try {
      s.after(1, () => {
        throw new Error("boom");
      });
      s.after(2, () => ran.push(1));
      await sleep(30);
    } finally {
      console.error = error;
      s.stop();
    }
    expect(ran).toEqual([1]);
  });
});
