/**
 * One measured run of bench/walled.ts (its own process, so CPU and memory are its own): cycles of
 * the login-walled market's `jd-walled` channel (examples/demo.yaml) through the real render
 * path, exactly as `runLocalCycle` wires it (functions/local/local-cycle.ts): Chromium from
 * @sparticuz/chromium through `createRenderer` (default concurrency 2, resources blocked), the
 * stored sessions' storage states through `createSessionRender` (rotation, one page at a time per
 * session, the pacer), the page's own script signing and fetching the JSON, the responses
 * recorded, `observePage`, matching, rules and the store (the embedded store, served by another
 * process). The one difference from `runLocalCycle`: the renderer is kept across cycles (as the
 * render Lambda keeps one browser per container) so that Chromium's launch is outside the window.
 *
 * The pacer runs on a simulated clock (as test/e2e/walled-sessions.test.ts does): its waits take
 * no wall time, so the window measures rendering, not pacing, and the simulated clock says how
 * long the same loads take a paced session.
 *
 * Flags: --market URL --control URL --data DIR --tenant T --kind item|search --cycles N
 *        --out FILE [--market-pid P --store-pid P]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import type { TenantConfig } from "../functions/core/config.js";
import { parseConfigText } from "../functions/core/config-text.js";
import { createFetcher } from "../functions/crawl/fetcher.js";
import { createRenderer } from "../functions/crawl/render/chromium-renderer.js";
import { createSessionRender, type SessionProblem } from "../functions/crawl/render/session-render.js";
import { createLocalEvidenceRecorder, resolveEnvSecret } from "../functions/local/local-cycle.js";
import { openLocalStore } from "../functions/local/local-store.js";
import { WALLED_DEMO_HOST } from "../functions/local/walled-demo.js";
import type { WalledRequest } from "../functions/local/walled-market/request-log.js";
import { sendNotification } from "../functions/notify/notify-senders.js";
import { type CycleResult, runCycle } from "../functions/stages/cycle.js";
import { recordSessionAlert } from "../functions/stages/record-session.js";
import { descendants, memoryOf, processCpuSeconds, treeCpuSeconds, vmHwmMb } from "./proc-tree.js";

function flag(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  if (value === undefined) throw new Error(`missing --${name}`);
  return value;
}
const optional = (name: string) => (process.argv.includes(`--${name}`) ? flag(name) : undefined);

const marketUrl = flag("market");
const control = flag("control");
const dataDir = flag("data");
const tenant = flag("tenant");
const kind = flag("kind") as "item" | "search";
const cycles = Number(flag("cycles"));
const out = flag("out");
const marketPid = optional("market-pid");
const storePid = optional("store-pid");

/** Item pages the market serves a signed-in shopper: the brand's listings and the related items. */
const ITEM_SKUS = [
  "100061238801",
  "100061238802",
  "100061238803",
  "100061238804",
  "100061238806",
  "100061238807",
  "100061238808",
  ...Array.from({ length: 17 }, (_, i) => String(100061239001 + i)),
];
/** Full search pages (12 organic rows and the ads each): the brand word, everything, 血糖. */
const SEARCHES: Array<[string, number]> = [
  ["安可", 1],
  ["安可", 2],
  ["", 1],
  ["", 2],
  ["血糖", 1],
  ["血糖", 2],
];

function urls(): string[] {
  if (kind === "item") return ITEM_SKUS.map((sku) => `${marketUrl}/item/${sku}.html`);
  return SEARCHES.map(([kw, page]) => `${marketUrl}/search?keyword=${encodeURIComponent(kw)}&page=${page}`);
}

/** examples/demo.yaml's walled channel alone, at the default pacing (6 page loads a minute). */
function walledConfig(): TenantConfig {
  const text = readFileSync("examples/demo.yaml", "utf8")
    .replaceAll(WALLED_DEMO_HOST, new URL(marketUrl).host)
    .replace(/^tenant: .*$/m, `tenant: ${tenant}`)
    .replace(
      "session: { use: required, requestsPerMinute: 30,",
      "session: { use: required, requestsPerMinute: 6,",
    );
  const parsed = parseConfigText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const config = parsed.config;
  const keep = (channel: string) => channel === "jd-walled";
  const template = config.watch.find((w) => !("discover" in w) && w.channel === "jd-walled");
  if (!template || "discover" in template) throw new Error("demo.yaml has no jd-walled url entry");
  return {
    ...config,
    channels: config.channels.filter((c) => keep(c.id)),
    watch: urls().map((url) => ({ ...template, url })),
    officialSellers: config.officialSellers.filter((s) => keep(s.channel)),
    distributors: config.distributors.map((d) => ({
      ...d,
      sellers: d.sellers.filter((s) => keep(s.channel)),
    })),
    notify: [],
  };
}

// The bench sites run on 127.0.0.1: the operator's opt-in to local targets (functions/net).
process.env.PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES ??= "1";
const config = walledConfig();
const store = await openLocalStore(dataDir);
if (store.owner) throw new Error("the store server is not running");
const renderer = createRenderer({
  allowPrivateAddresses: config.network.allowPrivateAddresses,
  timeoutMs: config.network.timeoutMs,
  maxBytes: config.network.maxBytes,
  userAgent: config.network.userAgent,
});

let simulated = Date.parse("2026-12-06T08:00:00Z");
const pacerClock = {
  now: () => simulated,
  sleep: async (ms: number) => {
    simulated += ms;
  },
};

/** `runLocalCycle`, with the renderer kept. */
async function cycle(): Promise<CycleResult> {
  const fetcher = createFetcher(config.network);
  const problems: SessionProblem[] = [];
  const sessions = createSessionRender({
    tenant: config.tenant,
    renderer,
    sessions: store.sessions,
    pacerClock,
    onUnhealthy: async (problem) => {
      problems.push(problem);
    },
  });
  try {
    const evidence = await createLocalEvidenceRecorder(config, store, dataDir, () => renderer);
    return await runCycle({
      config,
      fetcher,
      render: (url, signal, channel) => sessions.render(url, signal, channel),
      sessionFeedback: (session, seen) => sessions.feedback(session, seen),
      beforeDelivery: async (runId, now) => {
        for (const problem of problems.splice(0))
          await recordSessionAlert({ config, alerts: store.alerts }, problem, runId, now);
      },
      alerts: store.alerts,
      listings: store.listings,
      runs: store.runs,
      send: sendNotification,
      resolveSecret: resolveEnvSecret,
      log: (m) => process.stderr.write(`${m}\n`),
      evidence,
    });
  } finally {
    await fetcher.close();
  }
}

interface Counts {
  pages: number;
  pagesOk: number;
  listings: number;
  ads: number;
  priced: number;
  outcomes: Record<string, number>;
}

function count(results: CycleResult["results"], into: Counts): void {
  for (const r of results) {
    if (r.kind === "discovered") continue;
    into.pages++;
    into.outcomes[r.outcome] = (into.outcomes[r.outcome] ?? 0) + 1;
    const rows = r.kind === "search" ? r.rows : [r];
    if (r.outcome === "ok" || r.outcome === "unmatched" || r.outcome === "no_price") into.pagesOk++;
    for (const row of rows) {
      if (!row.listing) continue;
      into.listings++;
      if (row.listing.ad) into.ads++;
      if (row.listing.price !== null) into.priced++;
    }
  }
}

async function marketLog(): Promise<WalledRequest[]> {
  return (await (await fetch(`${control}/requests`)).json()) as WalledRequest[];
}

const chromiumTree = () => descendants(process.pid, /chromium|chrome/i);

// Warm-up, outside the window: Chromium's launch and the first check of every listing.
const warm0 = performance.now();
const warmCpu0 = process.cpuUsage();
const warmCounts: Counts = { pages: 0, pagesOk: 0, listings: 0, ads: 0, priced: 0, outcomes: {} };
count((await cycle()).results, warmCounts);
const warmCpu = process.cpuUsage(warmCpu0);
const warmUp = {
  seconds: (performance.now() - warm0) / 1000,
  nodeCpuSeconds: (warmCpu.user + warmCpu.system) / 1e6,
  chromiumCpuSeconds: treeCpuSeconds(process.pid, /chromium|chrome/i),
  counts: warmCounts,
};

await fetch(`${control}/clear`);
const counts: Counts = { pages: 0, pagesOk: 0, listings: 0, ads: 0, priced: 0, outcomes: {} };
let nodeRssPeak = process.memoryUsage().rss;
let chromiumPeak = { rssMb: 0, pssMb: 0, processes: 0 };
const rssSampler = setInterval(() => {
  nodeRssPeak = Math.max(nodeRssPeak, process.memoryUsage().rss);
}, 50);
// Reading every process's /proc files costs this process CPU (smaps_rollup walks page tables):
// the sampler's own CPU is taken off Node's figure below.
let samplerCpuMicros = 0;
const treeSampler = setInterval(() => {
  const before = process.cpuUsage();
  const pids = chromiumTree();
  const m = memoryOf(pids);
  if (m.pssMb > chromiumPeak.pssMb) chromiumPeak = { ...m, processes: pids.length };
  const spent = process.cpuUsage(before);
  samplerCpuMicros += spent.user + spent.system;
}, 1000);

const sim0 = simulated;
const market0 = marketPid ? processCpuSeconds(Number(marketPid)) : 0;
const store0 = storePid ? processCpuSeconds(Number(storePid)) : 0;
const chromium0 = treeCpuSeconds(process.pid, /chromium|chrome/i);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < cycles; i++) count((await cycle()).results, counts);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const chromiumCpuSeconds = treeCpuSeconds(process.pid, /chromium|chrome/i) - chromium0;
const marketCpuSeconds = marketPid ? processCpuSeconds(Number(marketPid)) - market0 : null;
const storeCpuSeconds = storePid ? processCpuSeconds(Number(storePid)) - store0 : null;
const simulatedSeconds = (simulated - sim0) / 1000;
clearInterval(rssSampler);
clearInterval(treeSampler);

const log = await marketLog();
const byKind: Record<string, number> = {};
for (const r of log) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
const sessionsUsed = new Set(
  log.filter((r) => r.kind === "item" || r.kind === "search").map((r) => r.sessionId),
).size;

const samplerCpuSeconds = samplerCpuMicros / 1e6;
const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6 - samplerCpuSeconds;
const result = {
  kind,
  tenant,
  cycles,
  sessionsUsed,
  seconds,
  ...counts,
  pagesPerMinute: (60 * counts.pages) / seconds,
  listingsPerMinute: (60 * counts.listings) / seconds,
  nodeCpuSeconds,
  samplerCpuSeconds,
  chromiumCpuSeconds,
  marketCpuSeconds,
  storeCpuSeconds,
  nodeCpuMsPerPage: (1000 * nodeCpuSeconds) / counts.pages,
  chromiumCpuMsPerPage: (1000 * chromiumCpuSeconds) / counts.pages,
  totalCpuMsPerPage: (1000 * (nodeCpuSeconds + chromiumCpuSeconds)) / counts.pages,
  storeCpuMsPerPage: storeCpuSeconds === null ? null : (1000 * storeCpuSeconds) / counts.pages,
  marketCpuMsPerPage: marketCpuSeconds === null ? null : (1000 * marketCpuSeconds) / counts.pages,
  nodePeakRssMb: vmHwmMb(),
  nodeSampledPeakRssMb: nodeRssPeak / 1024 / 1024,
  chromiumPeak,
  /** Simulated time the same page loads take a paced session (pacer clock; all sessions share it). */
  simulatedSeconds,
  marketRequests: byKind,
  warmUp,
  loadAverage: loadavg()[0] ?? 0,
};
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
await renderer.close();
await store.close();
