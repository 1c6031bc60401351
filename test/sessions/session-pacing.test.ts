import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SESSION_JITTER,
  DEFAULT_SESSION_RPM,
  nextAllowedAt,
  PACING_WINDOW_MS,
} from "../../functions/core/session-pacing.js";
import { SessionPacer } from "../../functions/sessions/session-pacer.js";

/** A simulated clock: `sleep` registers a timer; `run` fires timers in time order. No real waits. */
class SimClock {
  t = 0;
  private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  private seq = 0;
  now = () => this.t;
  sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve });
    });

  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const watched = work.finally(() => {
      done = true;
    });
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (done) return watched;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) throw new Error("nothing scheduled and the work is not done: a deadlock");
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

function checkPacing(times: readonly number[], rpm: number, jitter: number): void {
  const limit = Math.floor(rpm);
  const minGap = (PACING_WINDOW_MS / rpm) * (1 - jitter);
  // (A microsecond's tolerance for how floating point rounds 60000 / rpm × (1 − jitter) here.)
  for (let i = 1; i < times.length; i++)
    expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(minGap - 1e-3);
  // No 60 s window holds more than rpm loads: the load rpm places later is ≥ 60 s after.
  if (limit >= 1)
    for (let i = 0; i + limit < times.length; i++)
      expect(times[i + limit]! - times[i]!).toBeGreaterThanOrEqual(PACING_WINDOW_MS);
}

const rpmArb = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(0.5, 2.5, 6));
const jitterArb = fc.oneof(
  fc.constant(0),
  fc.constant(DEFAULT_SESSION_JITTER),
  fc.double({ min: 0, max: 0.9, noNaN: true }),
);

describe("nextAllowedAt", () => {
  it("the first load may go at once; defaults are 6 a minute with ±30 % jitter", () => {
    expect(nextAllowedAt([], 1000, 6, 0.3, () => 0.5)).toBe(1000);
    expect(DEFAULT_SESSION_RPM).toBe(6);
    expect(DEFAULT_SESSION_JITTER).toBe(0.3);
    // 6 a minute: 10 s apart, from 7 s (random 0) to 13 s (random → 1).
    expect(nextAllowedAt([0], 0, 6, 0.3, () => 0)).toBe(7000);
    expect(nextAllowedAt([0], 0, 6, 0.3, () => 0.5)).toBe(10_000);
    expect(nextAllowedAt([0], 0, 6, 0.3, () => 0.999_999)).toBe(13_000);
    // Six loads 7 s apart fill the window: the seventh waits for 60 s after the first.
    expect(nextAllowedAt([0, 7000, 14_000, 21_000, 28_000, 35_000], 42_000, 6, 0.3, () => 0)).toBe(60_000);
  });

  it("loads placed at the times it returns never exceed rpm in any 60 s window, nor come too close", () => {
    fc.assert(
      fc.property(
        rpmArb,
        jitterArb,
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 120_000 }),
            fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 80,
          },
        ),
        (rpm, jitter, arrivals) => {
          const history: number[] = [];
          let now = 0;
          for (const [delay, draw] of arrivals) {
            now += delay;
            const t = nextAllowedAt(history, now, rpm, jitter, () => draw);
            expect(t).toBeGreaterThanOrEqual(now);
            expect(Number.isInteger(t)).toBe(true);
            history.push(t);
            now = t;
          }
          checkPacing(history, rpm, jitter);
        },
      ),
    );
  });

  it("never asks for more than the rule needs: the returned time is one of its three bounds", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 12_000_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (rpm, raw, now, draw) => {
          const history = [...raw].sort((a, b) => a - b);
          const t = nextAllowedAt(history, now, rpm, 0.3, () => draw);
          const bounds = [now];
          if (history.length > 0)
            bounds.push(history.at(-1)! + Math.ceil((60_000 / rpm) * (1 + 0.3 * (2 * draw - 1))));
          if (history.length >= rpm) bounds.push(history[history.length - rpm]! + 60_000);
          expect(t).toBe(Math.max(...bounds));
        },
      ),
    );
  });

  it("rejects a nonsense rate or jitter", () => {
    expect(() => nextAllowedAt([], 0, 0, 0.3, Math.random)).toThrow(RangeError);
    expect(() => nextAllowedAt([], 0, 6, 1, Math.random)).toThrow(RangeError);
  });
});

describe("SessionPacer", () => {
  it("for random arrivals over several sessions, each session's loads respect the rule, on a simulated clock", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        jitterArb,
        fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.integer({ min: 0, max: 300_000 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })),
        async (rpm, jitter, arrivals, draws) => {
          const clock = new SimClock();
          const random = () => draws.next().value as number;
          const pacer = new SessionPacer({
            requestsPerMinute: rpm,
            jitter,
            now: clock.now,
            sleep: clock.sleep,
            random,
          });
          const granted: Record<string, Array<{ arrival: number; at: number }>> = {};
          const all = arrivals.map(async ([session, arrival]) => {
            await clock.sleep(arrival);
            await pacer.acquire(session);
            const loads = granted[session] ?? [];
            granted[session] = loads;
            loads.push({ arrival, at: clock.now() });
          });
          await clock.run(Promise.all(all));
          expect(Object.values(granted).flat()).toHaveLength(arrivals.length);
          const maxGap = Math.ceil((60_000 / rpm) * (1 + jitter));
          for (const loads of Object.values(granted)) {
            const times = loads.map((l) => l.at);
            expect([...times].sort((x, y) => x - y)).toEqual(times);
            checkPacing(times, rpm, jitter);
            // …and no load waits longer than its arrival, the longest gap, or the window ask.
            for (let i = 0; i < loads.length; i++) {
              const bound = Math.max(
                loads[i]!.arrival,
                i > 0 ? times[i - 1]! + maxGap : 0,
                i >= rpm ? times[i - rpm]! + 60_000 : 0,
              );
              expect(loads[i]!.at).toBeLessThanOrEqual(bound);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("sessions do not wait for each other, and a burst of one session is spread out", async () => {
    const clock = new SimClock();
    const pacer = new SessionPacer({ now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    const times: Record<string, number[]> = { a: [], b: [] };
    const burst = (id: string) =>
      Array.from({ length: 8 }, async () => {
        await pacer.acquire(id);
        times[id]!.push(clock.now());
      });
    await clock.run(Promise.all([...burst("a"), ...burst("b")]));
    // 6 a minute, 10 s apart with the middle draw; the 7th waits for the window, then 10 s on.
    const expected = [0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000];
    expect(times.a).toEqual(expected);
    expect(times.b).toEqual(expected);
  });
});
