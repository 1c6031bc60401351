import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isQuietTime } from "../../functions/notify/quiet-hours.js";
import { ROBOT_LIMITS, recentSends, waitForRoom } from "../../functions/notify/robot-limits.js";

/** The pure rules behind quiet hours and robot rate limits (no store, no clock but the argument). */

describe("quiet hours on the tenant's wall clock", () => {
  const night = { from: "22:00", to: "08:00" };
  const at = (iso: string) => new Date(iso);

  it("a span over midnight: from is inside, to is not", () => {
    // Asia/Shanghai is UTC+8: 14:00Z is 22:00, 23:59Z is 07:59, 00:00Z is 08:00.
    expect(isQuietTime(at("2026-03-02T13:59:00Z"), night, "Asia/Shanghai")).toBe(false);
    expect(isQuietTime(at("2026-03-02T14:00:00Z"), night, "Asia/Shanghai")).toBe(true);
    expect(isQuietTime(at("2026-03-02T18:00:00Z"), night, "Asia/Shanghai")).toBe(true);
    expect(isQuietTime(at("2026-03-02T23:59:00Z"), night, "Asia/Shanghai")).toBe(true);
    expect(isQuietTime(at("2026-03-03T00:00:00Z"), night, "Asia/Shanghai")).toBe(false);
  });

  it("a span within a day, another zone, and no quiet hours", () => {
    const lunch = { from: "12:00", to: "13:30" };
    expect(isQuietTime(at("2026-03-02T04:30:00Z"), lunch, "Asia/Shanghai")).toBe(true);
    expect(isQuietTime(at("2026-03-02T05:30:00Z"), lunch, "Asia/Shanghai")).toBe(false);
    expect(isQuietTime(at("2026-03-02T12:15:00Z"), lunch, "Europe/Berlin")).toBe(true);
    expect(isQuietTime(at("2026-03-02T18:00:00Z"), undefined, "Asia/Shanghai")).toBe(false);
    expect(isQuietTime(at("2026-03-02T18:00:00Z"), { from: "08:00", to: "08:00" }, "Asia/Shanghai")).toBe(
      false,
    );
  });
});

describe("robot send windows", () => {
  it("a full window says how long until the oldest send leaves it", () => {
    const limits = ROBOT_LIMITS.wecom;
    const sent = Array.from({ length: 20 }, (_, i) => 1_000 * i);
    expect(waitForRoom(sent.slice(0, 19), limits, 19_000)).toBe(0);
    expect(waitForRoom(sent, limits, 20_000)).toBe(40_000);
    expect(waitForRoom(sent, limits, 60_000)).toBe(0);
    expect(recentSends(sent, limits, 60_000)).toHaveLength(19);
  });

  it("sending whenever it says there is room never puts more than the limit in any span", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("wecom", "dingtalk", "feishu") as fc.Arbitrary<"wecom" | "dingtalk" | "feishu">,
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 300 }),
        (kind, gaps) => {
          const limits = ROBOT_LIMITS[kind];
          let now = 0;
          let kept: number[] = [];
          const all: number[] = [];
          for (const gap of gaps) {
            now += gap;
            // Like a drain: try now; if full, wait as long as it says, then send.
            now += waitForRoom(kept, limits, now);
            expect(waitForRoom(kept, limits, now)).toBe(0);
            kept = [...recentSends(kept, limits, now), now];
            all.push(now);
          }
          for (const window of limits)
            for (const start of all)
              expect(all.filter((t) => t >= start && t < start + window.ms).length).toBeLessThanOrEqual(
                window.max,
              );
        },
      ),
      { numRuns: 200 },
    );
  });
});
