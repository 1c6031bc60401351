/**
 * The session render path against the login-walled market: `node --import tsx bench/walled.ts`.
 *
 * Starts the market (bench/walled-market-server.ts) and the embedded store
 * (bench/walled-store-server.ts) in processes of their own, imports browser sessions, then runs
 * bench/walled-runner.ts (one process per run, esbuild bundle, the crawlers' V8 flags) for each
 * variant, every round, in order:
 *
 *   item-2s    24 item pages a cycle, two sessions (the renderer's default concurrency 2 in use)
 *   search-2s  6 full search pages a cycle (12 organic rows and the ads each), two sessions
 *   item-1s    the same item pages with one session: pages go one at a time (a session never has
 *              two in flight), so seconds per page is one check's latency
 *   search-1s  the same search pages with one session
 *
 * Each run does one warm-up cycle (Chromium's launch, every listing's first check), then
 * `--cycles` measured cycles. Pacing is on (6 page loads a minute, jitter 0.3, the default) but
 * on a simulated clock, so it takes no wall time; the simulated clock says what the same loads
 * take a paced session.
 *
 * Flags: --rounds N (3), --cycles N (item cycles, 3), --search-cycles N (2 × cycles),
 *        --only item-2s,search-2s,… , --tsx (no bundles), --cpu-prof (V8 CPU profile of each
 *        runner in bench/out/prof-walled/<run>/; profiles cost CPU, so not for the table).
 * Output: a table on stdout, every run in bench/out/walled.json.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  DEFAULT_SESSION_JITTER,
  DEFAULT_SESSION_RPM,
  nextAllowedAt,
} from "../functions/core/session-pacing.js";
import { CRAWLER_V8_FLAGS } from "../functions/crawl/v8-flags.js";
import { openLocalStore } from "../functions/local/local-store.js";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, "out");
mkdirSync(outDir, { recursive: true });

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const rounds = Number(arg("rounds", "3"));
const cycles = Number(arg("cycles", "3"));
const searchCycles = Number(arg("search-cycles", String(2 * cycles)));
const useTsx = process.argv.includes("--tsx");
const cpuProf = process.argv.includes("--cpu-prof");
const VARIANTS = [
  { name: "item-2s", kind: "item", sessions: 2 },
  { name: "search-2s", kind: "search", sessions: 2 },
  { name: "item-1s", kind: "item", sessions: 1 },
  { name: "search-1s", kind: "search", sessions: 1 },
] as const;
const only = new Set(arg("only", VARIANTS.map((v) => v.name).join(",")).split(","));

async function startChild(
  file: string,
  args: string[],
): Promise<{ child: ChildProcess; ready: Record<string, unknown> }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, file), ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const ready = JSON.parse(line) as Record<string, unknown>;
    if (ready.ready) {
      lines.close();
      return { child, ready };
    }
  }
  throw new Error(`${file} exited before it was ready`);
}

async function entry(file: string): Promise<string[]> {
  if (useTsx) return ["--import", "tsx", join(here, file)];
  const { build } = await import("esbuild");
  const bundle = join(outDir, "bundle", file.replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [join(here, file)],
    outfile: bundle,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
  });
  return [bundle];
}

const dataDir = mkdtempSync(join(tmpdir(), "pricewarden-bench-walled-"));
const storeChild = await startChild("walled-store-server.ts", [dataDir]);
const marketChild = await startChild("walled-market-server.ts", []);
const market = marketChild.ready as { url: string; control: string; pid: number };
const storePid = storeChild.ready["pid"] as number;
process.stderr.write(`market ${market.url}, store pid ${storePid}, data ${dataDir}\n`);

// Sessions: signed in at the market, imported as `pricewarden session import` stores them.
{
  const store = await openLocalStore(dataDir);
  for (const v of VARIANTS)
    for (let i = 0; i < v.sessions; i++) {
      const created = (await (await fetch(`${market.control}/session`)).json()) as {
        storageState: Parameters<typeof store.sessions.put>[2];
      };
      await store.sessions.put(`bench-${v.name}`, "jd-walled", created.storageState, {
        label: `bench ${i + 1}`,
      });
    }
  await store.close();
}

const runner = await entry("walled-runner.ts");
/** What bench/walled-runner.ts writes (the fields the tables read), with its variant and round. */
interface Run {
  name: string;
  round: number;
  pages: number;
  listings: number;
  ads: number;
  seconds: number;
  pagesPerMinute: number;
  listingsPerMinute: number;
  nodeCpuMsPerPage: number;
  chromiumCpuMsPerPage: number;
  totalCpuMsPerPage: number;
  storeCpuMsPerPage: number;
  nodeSampledPeakRssMb: number;
  chromiumPeak: { rssMb: number; pssMb: number; processes: number };
  marketRequests: Record<string, number>;
  loadAverage: number;
}
const runs: Run[] = [];
const started = new Date();
try {
  for (let round = 1; round <= rounds; round++)
    for (const v of VARIANTS) {
      if (!only.has(v.name)) continue;
      const out = join(outDir, `walled-${v.name}.json`);
      const child = spawn(
        process.execPath,
        [
          ...CRAWLER_V8_FLAGS,
          ...(cpuProf ? ["--cpu-prof", "--cpu-prof-dir", join(outDir, "prof-walled", v.name)] : []),
          ...runner,
          ...["--market", market.url, "--control", market.control, "--data", dataDir],
          ...["--tenant", `bench-${v.name}`, "--kind", v.kind, "--out", out],
          ...["--cycles", String(v.kind === "item" ? cycles : searchCycles)],
          ...["--market-pid", String(market.pid), "--store-pid", String(storePid)],
        ],
        // NODE_NO_WARNINGS: the AWS SDK's Node-version notice, once per process.
        { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_NO_WARNINGS: "1" } },
      );
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      if (code !== 0) throw new Error(`${v.name} exited with ${code}`);
      const r = { ...JSON.parse(readFileSync(out, "utf8")), name: v.name, round } as Run;
      runs.push(r);
      process.stderr.write(
        `round ${round} ${v.name}: ${r.pages} pages in ${r.seconds.toFixed(1)} s = ${r.pagesPerMinute.toFixed(1)} pages/min, ${r.listingsPerMinute.toFixed(1)} listings/min, CPU ms/page node ${r.nodeCpuMsPerPage.toFixed(0)} + chromium ${r.chromiumCpuMsPerPage.toFixed(0)}, RSS ${r.nodeSampledPeakRssMb.toFixed(0)} MB (load ${r.loadAverage.toFixed(1)})\n`,
      );
    }
} finally {
  storeChild.child.kill("SIGTERM");
  marketChild.child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 300));
  rmSync(dataDir, { recursive: true, force: true });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (xs: number[], digits = 1) => {
  const f = (x: number) =>
    x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
};

const rows: string[] = [];
rows.push(
  "| run | pages | listings (ads) | s/page | pages/min | listings/min | CPU ms/page Node | Chromium | total | store | Node peak RSS MB | Chromium PSS MB |",
);
rows.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const v of VARIANTS) {
  const rs = runs.filter((r) => r.name === v.name);
  if (rs.length === 0) continue;
  const pick = (f: (r: Run) => number, d = 1) => fmt(rs.map(f), d);
  rows.push(
    `| ${v.name} | ${rs[0]!.pages} | ${rs[0]!.listings} (${rs[0]!.ads}) | ${pick((r) => r.seconds / r.pages, 2)} | ${pick((r) => r.pagesPerMinute)} | ${pick((r) => r.listingsPerMinute)} | ${pick((r) => r.nodeCpuMsPerPage, 0)} | ${pick((r) => r.chromiumCpuMsPerPage, 0)} | ${pick((r) => r.totalCpuMsPerPage, 0)} | ${pick((r) => r.storeCpuMsPerPage, 0)} | ${pick((r) => r.nodeSampledPeakRssMb, 0)} | ${pick((r) => r.chromiumPeak.pssMb, 0)} |`,
  );
}
const requestRows: string[] = [
  "| run | page loads | API calls | other requests | listings per page load | ads per page load | listings per request |",
  "|---|---:|---:|---:|---:|---:|---:|",
];
for (const v of VARIANTS) {
  const r = runs.find((x) => x.name === v.name);
  if (!r) continue;
  const m = r.marketRequests as Record<string, number>;
  const loads = (m["item"] ?? 0) + (m["search"] ?? 0);
  const api = m["api"] ?? 0;
  const other = Object.entries(m)
    .filter(([k]) => !["item", "search", "api"].includes(k))
    .reduce((n, [, c]) => n + c, 0);
  requestRows.push(
    `| ${v.name} | ${loads} | ${api} | ${other} | ${(r.listings / loads).toFixed(2)} | ${(r.ads / loads).toFixed(2)} | ${(r.listings / (loads + api + other)).toFixed(2)} |`,
  );
}
// What the default pacing lets one session load in an hour, in the long run: the pacer's own
// rule (nextAllowedAt), 100,000 loads of one session, each as early as allowed.
function pacedLoadsPerHour(rpm: number, jitter: number, loads = 100_000): number {
  const history: number[] = [];
  let now = 0;
  for (let i = 0; i < loads; i++) {
    const draw = Math.random();
    now = nextAllowedAt(history, now, rpm, jitter, () => draw);
    history.push(now);
    if (history.length > Math.floor(rpm)) history.shift();
  }
  return ((loads - 1) / now) * 3_600_000;
}
const paced = pacedLoadsPerHour(DEFAULT_SESSION_RPM, DEFAULT_SESSION_JITTER);
const pacedLine = `Paced: one session at ${DEFAULT_SESSION_RPM} page loads a minute, jitter ${DEFAULT_SESSION_JITTER}: ${paced.toFixed(0)} page loads an hour in the long run (nextAllowedAt, 100,000 loads), ${(paced * 24).toFixed(0)} a day.`;
const table = [...rows, "", ...requestRows, "", pacedLine].join("\n");
process.stdout.write(
  `\n${started.toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${rounds} rounds × ${cycles} item / ${searchCycles} search cycles, load ${runs.map((r) => r.loadAverage.toFixed(1)).join(" ")}\n\n${table}\n`,
);
writeFileSync(
  join(outDir, "walled.json"),
  `${JSON.stringify({ started, rounds, cycles, searchCycles, pacedLoadsPerHour: paced, runs }, null, 2)}\n`,
);
