/**
 * Kill -9 loops at scale (issue 14, item 6): at least 200 SIGKILLs across cycles, status changes
 * (CLI and dashboard), deliveries and start-up, each followed by a check of every item against
 * every index. Prints the counts; test/reliability/kill-loops.test.ts runs the same loops smaller.
 *
 *   npx tsx bench/kill-loops.ts [cycle=40,status=40,dashboard=40,delivery=40,startup=40] [seed]
 */
import { PHASES, type Phase, runKillLoops } from "../test/reliability/kill-harness.js";
import { rng } from "./catalog.js";

/** Kills per phase, e.g. `cycle=40,status=68,delivery=24,startup=68` (default: 40 in every phase). */
const plan = new Map(
  (process.argv[2] ?? PHASES.map((p) => `${p}=40`).join(","))
    .split(",")
    .map((pair) => pair.split("=") as [string, string]),
);
const firstSeed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
// Seeded, so a failing run can be repeated with its seed.
const random = rng(firstSeed);

const started = performance.now();
const kills = Object.fromEntries(PHASES.map((p) => [p, Number(plan.get(p) ?? 0)])) as Record<Phase, number>;
const counts = await runKillLoops({ kills, random, log: (line) => console.error(line) });
const total = Object.values(counts.kills).reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify(
    { seed: firstSeed, totalKills: total, minutes: (performance.now() - started) / 60_000, ...counts },
    null,
    2,
  ),
);
const clean =
  counts.lostAlerts === 0 &&
  counts.indexInconsistencies === 0 &&
  counts.lostStatusChanges === 0 &&
  counts.lostDeliveries === 0 &&
  counts.deliveryIdsNeverSent === 0;
process.exitCode = clean ? 0 : 1;
