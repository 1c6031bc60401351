import { describe, expect, it } from "vitest";
import { runKillLoops } from "./kill-harness.js";

/**
 * Issue 14, item 6: kill -9 at random points of cycles, status changes (as the CLI and the
 * dashboard make them), deliveries and start-up, each followed by a check of every item against
 * every index. bench/kill-loops.ts runs the same loops with hundreds of kills.
 */
describe("kill -9 loops against the local store", () => {
  it("loses no alert, status change or delivery and leaves every index consistent", async () => {
    const lines: string[] = [];
    const counts = await runKillLoops({
      // One fresh data directory (one epoch); bench/kill-loops.ts runs hundreds of kills.
      kills: { cycle: 2, status: 4, dashboard: 3, delivery: 2, startup: 4 },
      log: (line) => lines.push(line),
    });
    const kills = Object.values(counts.kills).reduce((a, b) => a + b, 0);
    expect(kills, lines.join("\n")).toBeGreaterThanOrEqual(12);
    for (const phase of ["cycle", "status", "dashboard", "delivery", "startup"] as const)
      expect(counts.kills[phase], phase).toBeGreaterThan(0);
    expect(counts.lostAlerts, lines.join("\n")).toBe(0);
    expect(counts.indexInconsistencies, lines.join("\n")).toBe(0);
    expect(counts.lostStatusChanges, lines.join("\n")).toBe(0);
    expect(counts.lostDeliveries, lines.join("\n")).toBe(0);
    expect(counts.deliveryIds).toBeGreaterThan(0);
    expect(counts.deliveryIdsNeverSent).toBe(0);
  }, 1_800_000);
});
