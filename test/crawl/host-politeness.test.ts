import { describe, expect, it } from "vitest";
import { HostPoliteness } from "../../functions/crawl/host-politeness.js";

/** Runs `count` tasks for `host`, each holding its slot for `holdMs`; returns start times. */
async function run(
  gate: HostPoliteness,
  host: string,
  count: number,
  holdMs: number,
  log: Array<{ host: string; at: number; active: number }>,
) {
  let active = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      const release = await gate.acquire(host);
      active++;
      log.push({ host, at: performance.now(), active });
      await new Promise((r) => setTimeout(r, holdMs));
      active--;
      release();
    }),
  );
}

describe("HostPoliteness", () => {
  it("spaces starts to one host by delayMs and caps per-host concurrency", async () => {
    const gate = new HostPoliteness({ perHostConcurrency: 2, delayMs: 20, globalConcurrency: 10 });
    const log: Array<{ host: string; at: number; active: number }> = [];
    await run(gate, "a.test", 6, 60, log);
    expect(Math.max(...log.map((l) => l.active))).toBeLessThanOrEqual(2);
    for (let i = 1; i < log.length; i++) expect(log[i]!.at - log[i - 1]!.at).toBeGreaterThanOrEqual(20 - 2);
  });

  it("does not delay one host for another's sake", async () => {
    const gate = new HostPoliteness({ perHostConcurrency: 1, delayMs: 200, globalConcurrency: 10 });
    const log: Array<{ host: string; at: number; active: number }> = [];
    await Promise.all([run(gate, "a.test", 1, 0, log), run(gate, "b.test", 1, 0, log)]);
    expect(Math.abs(log[0]!.at - log[1]!.at)).toBeLessThan(150);
  });

  it("holds a global cap across hosts", async () => {
    const gate = new HostPoliteness({ perHostConcurrency: 4, delayMs: 0, globalConcurrency: 2 });
    let active = 0;
    let most = 0;
    await Promise.all(
      ["a", "b", "c", "d", "a", "b", "c", "d"].map(async (host) => {
        const release = await gate.acquire(host);
        most = Math.max(most, ++active);
        await new Promise((r) => setTimeout(r, 10));
        active--;
        release();
      }),
    );
    expect(most).toBe(2);
  });

  it("a pause holds every later start to that host", async () => {
    const gate = new HostPoliteness({ perHostConcurrency: 4, delayMs: 0, globalConcurrency: 10 });
    const pausedAt = performance.now();
    gate.pause("a.test", 100);
    const release = await gate.acquire("a.test");
    expect(performance.now() - pausedAt).toBeGreaterThanOrEqual(100 - 2);
    release();
    release(); // twice is harmless
  });

  it("raiseDelay spaces a host more, never less", async () => {
    const gate = new HostPoliteness({ perHostConcurrency: 4, delayMs: 10, globalConcurrency: 10 });
    gate.raiseDelay("a.test", 60);
    gate.raiseDelay("a.test", 5);
    const log: Array<{ host: string; at: number; active: number }> = [];
    await run(gate, "a.test", 3, 0, log);
    for (let i = 1; i < log.length; i++) expect(log[i]!.at - log[i - 1]!.at).toBeGreaterThanOrEqual(60 - 2);
  });
});
