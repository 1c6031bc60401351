/**
 * Whole-cycle benchmark: what a user waits for.
 *
 *   node --import tsx bench/cycle.ts [--products 2000] [--concurrency 16] [--encoding gzip|br]
 *                                    [--skip-others] [--cli path/to/bin/pricewarden.js]
 *
 * The bench marketplace serves compressed pages (gzip by default, brotli with `--encoding br`)
 * from its own process. Pricewarden runs as users run it: `pricewarden run --once` (the built
 * CLI, its V8 flags) with a catalogue of 360 SKUs, 400 distributors and the brand's official
 * shops, discovering product pages from the listing pages, the embedded store served by a
 * process of its own that counts every request. The cycle runs twice: the first over new pages,
 * the second over the same, unchanged pages. Then Crawlee's CheerioCrawler and the raw ceiling
 * (bench/run-crawlee.ts, bench/run-raw.ts) crawl the same site in the same run.
 *
 * Prints pages/s, correctness (every catalogue product's stored price and seller against the
 * site's truth), CPU ms per page by stage (from a V8 CPU profile of the CLI), store requests and
 * item writes per page, and the peak RSS of every process. Writes bench/out/cycle.json. Prints
 * numbers; nothing here is a test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CRAWLER_V8_FLAGS } from "../functions/crawl/v8-flags.js";
import { openLocalStore } from "../functions/local/local-store.js";
import {
  BRANDS,
  catalog,
  ITEMS,
  LISTING_LINKS,
  LISTING_NEXT,
  listingPageCount,
  MARKET_PROFILE,
} from "./catalog.js";
import { STAGES, type Stage, stageMilliseconds } from "./cpu-profile-stages.js";
import type { RunnerResult } from "./harness.js";
import { startMarketplaceChild } from "./marketplace-child.js";

// As bin/pricewarden.js does: the SDK's Node-version notice would fill every child's stderr.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const outDir = join(here, "out");

const { values } = parseArgs({
  options: {
    products: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "16" },
    encoding: { type: "string", default: "gzip" },
    "skip-others": { type: "boolean", default: false },
    /** Only the unprofiled first and second cycles: a quick loop for memory and V8-flag experiments. */
    "only-plain": { type: "boolean", default: false },
    /** Another build's `bin/pricewarden.js`, to compare releases on the same site. */
    cli: { type: "string" },
  },
});
const products = Number(values.products);
const concurrency = Number(values.concurrency);
const encoding = values.encoding === "br" ? "br" : "gzip";

const CITIES_AS_DISTRIBUTORS = ["北京", "上海", "广州", "深圳", "杭州"];
const SHOP_KINDS = ["大药房旗舰店", "医疗器械专营店", "健康专营店", "医药专营店"];

/** A brand owner's catalogue over the bench site: every brand × item a SKU, with a floor. */
function benchConfig(origin: string, tenant = "bench"): unknown {
  const skus = BRANDS.flatMap((brand, b) =>
    ITEMS.map(([item], i) => ({
      sku: `B${b}-I${i}`,
      name: `${brand}${item}`,
      minPrice: 20,
      match: { keywords: [[brand, item]] },
    })),
  );
  const distributors = CITIES_AS_DISTRIBUTORS.flatMap((city) =>
    BRANDS.flatMap((brand) =>
      SHOP_KINDS.map((kind, k) => ({
        id: `d-${city}-${brand}-${k}`.replace(/[^\w-]/g, (c) => c.codePointAt(0)?.toString(36) ?? "x"),
        name: `${city}${brand}${kind}`,
        sellers: [{ channel: "market", name: `${city}${brand}${kind}` }],
      })),
    ),
  );
  return {
    tenant,
    channels: [{ id: "market", name: "Bench market", match: ["127.0.0.1"], extract: MARKET_PROFILE }],
    products: skus,
    distributors,
    officialSellers: BRANDS.map((brand) => ({ channel: "market", name: `${brand}官方旗舰店` })),
    rules: { minPrice: {}, authorizedSeller: {} },
    watch: [
      {
        discover: {
          channel: "market",
          start: `${origin}/list?page=1`,
          links: LISTING_LINKS,
          next: LISTING_NEXT,
          maxPages: listingPageCount(products) + 1,
        },
      },
    ],
    network: { allowPrivateAddresses: true, concurrency, perHostConcurrency: concurrency, delayMs: 0 },
    // No screenshots: a cycle without the browser (screenshots are a render's cost, bench/walled.ts).
    evidence: { screenshot: false },
    notify: [],
  };
}

async function firstJsonLine<T>(child: ChildProcess): Promise<T> {
  if (!child.stdout) throw new Error("child has no stdout");
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (line.startsWith("{")) {
      lines.close();
      return JSON.parse(line) as T;
    }
  }
  throw new Error("child ended before it printed its JSON line");
}

interface StoreStats {
  requests: Record<string, number>;
  itemWrites: number;
  putItems: number;
  putItemBytes: number;
  cpuSeconds: number;
  peakRssMb: number;
}

function vmHwmMb(pid: number): number | null {
  return procStatusMb(pid, "VmHWM");
}

function vmRssMb(pid: number): number | null {
  return procStatusMb(pid, "VmRSS");
}

function procStatusMb(pid: number, field: string): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

interface CycleRun {
  cycle: number | string;
  seconds: number;
  pages: number;
  pagesPerSec: number;
  listings: number;
  cpuSeconds: number;
  cpuMsPerPage: number;
  peakRssMb: number;
  stageMsPerPage: Record<Stage, number>;
  storeRequestsPerPage: number;
  storeRequests: Record<string, number>;
  itemWritesPerPage: number;
  putBytesPerPage: number;
  storeCpuSeconds: number;
  storePeakRssMb: number;
}

/** CPU of this process's reaped children (the CLI, once it exited). */
function childCpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[13]) + Number(f[14])) / 100;
}

async function runCli(
  cycle: number | string,
  configFile: string,
  dataDir: string,
  storeStats: () => Promise<StoreStats>,
  profiled = true,
) {
  const profDir = join(outDir, "cycle-prof", String(cycle));
  rmSync(profDir, { recursive: true, force: true });
  mkdirSync(profDir, { recursive: true });
  const before = await storeStats();
  const cpuBefore = childCpuSeconds();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...CRAWLER_V8_FLAGS,
      // Extra V8 flags for an investigation (e.g. --trace-gc, --heapsnapshot-signal=SIGUSR2).
      ...(process.env["BENCH_CLI_NODE_FLAGS"]?.split(" ").filter(Boolean) ?? []),
      ...(profiled ? ["--cpu-prof", "--cpu-prof-dir", profDir] : []),
      values.cli ?? join(root, "bin", "pricewarden.js"),
      "run",
      "--once",
      "--json",
      "--config",
      configFile,
      "--data-dir",
      dataDir,
    ],
    {
      stdio: ["ignore", "pipe", openSync(join(profDir, "stderr.log"), "w")],
      env: { ...process.env, PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES: "1" },
    },
  );
  let peak = 0;
  // RSS over the cycle (seconds, MB): where in the cycle the peak is, not only how high.
  const timeline: string[] = [];
  const sampler = setInterval(() => {
    if (!child.pid) return;
    peak = Math.max(peak, vmHwmMb(child.pid) ?? 0);
    const rss = vmRssMb(child.pid);
    if (rss !== null) timeline.push(`${((performance.now() - started) / 1000).toFixed(1)}\t${rss}`);
  }, 100);
  let last = "";
  const lines = createInterface({ input: child.stdout! });
  const other: string[] = [];
  for await (const line of lines) {
    if (line.startsWith("{")) last = line;
    else other.push(line);
  }
  writeFileSync(join(profDir, "stdout.log"), other.join("\n"));
  writeFileSync(join(profDir, "rss.tsv"), `${timeline.join("\n")}\n`);
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (c) => resolve(c));
  });
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  if (!last)
    throw new Error(
      `pricewarden run --once printed no summary (exit ${code}): ${readFileSync(join(profDir, "stderr.log"), "utf8").slice(-2000)}`,
    );
  const summary = JSON.parse(last) as { pages: number; listings: number };
  const cpuSeconds = childCpuSeconds() - cpuBefore;
  const after = await storeStats();
  const profile = readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
  const stages = profile ? stageMilliseconds(join(profDir, profile)) : null;
  const pages = summary.pages;
  const per = (n: number) => Math.round((n / Math.max(1, pages)) * 100) / 100;
  const requests: Record<string, number> = {};
  for (const [op, n] of Object.entries(after.requests)) {
    const d = n - (before.requests[op] ?? 0);
    if (d > 0) requests[op] = d;
  }
  const requestTotal = Object.values(requests).reduce((a, b) => a + b, 0);
  return {
    cycle,
    seconds: Math.round(seconds * 10) / 10,
    pages,
    pagesPerSec: Math.round((pages / seconds) * 10) / 10,
    listings: summary.listings,
    cpuSeconds: Math.round(cpuSeconds * 10) / 10,
    cpuMsPerPage: Math.round(((cpuSeconds * 1000) / Math.max(1, pages)) * 10) / 10,
    peakRssMb: peak,
    // The profiler samples on a wall clock, so a preempted thread's samples still land on its
    // stack: the profile gives each stage's share, the process's measured CPU the total.
    stageMsPerPage: stageShares(stages, (cpuSeconds * 1000) / Math.max(1, pages)),
    storeRequestsPerPage: per(requestTotal),
    storeRequests: requests,
    itemWritesPerPage: per(after.itemWrites - before.itemWrites),
    putBytesPerPage: Math.round((after.putItemBytes - before.putItemBytes) / Math.max(1, pages)),
    storeCpuSeconds: Math.round((after.cpuSeconds - before.cpuSeconds) * 10) / 10,
    storePeakRssMb: after.peakRssMb,
  } satisfies CycleRun;
}

function stageShares(stages: Record<Stage, number> | null, cpuMsPerPage: number): Record<Stage, number> {
  const total = stages ? STAGES.reduce((sum, s) => sum + stages[s], 0) : 0;
  return Object.fromEntries(
    STAGES.map((s) => [
      s,
      stages && total > 0 ? Math.round((stages[s] / total) * cpuMsPerPage * 100) / 100 : 0,
    ]),
  ) as Record<Stage, number>;
}

/** Every catalogue product's stored listing against the site's truth: price and seller. */
async function correctness(dataDir: string): Promise<{ correct: number; expected: number; wrong: string[] }> {
  const store = await openLocalStore(dataDir);
  try {
    const truth = catalog(products);
    const byPath = new Map<string, { price: number | null; seller: string | null }>();
    for (const [b] of BRANDS.entries())
      for (const [i] of ITEMS.entries())
        for (const state of await store.listings.listBySku("bench", `B${b}-I${i}`)) {
          const path = new URL(state.url).pathname;
          byPath.set(path, { price: state.listedPrice, seller: state.seller });
        }
    let correct = 0;
    const wrong: string[] = [];
    for (const p of truth) {
      const got = byPath.get(p.path);
      const price = Math.round(Number(p.price) * 100);
      if (got && got.price === price && got.seller === p.seller) correct++;
      else if (wrong.length < 5)
        wrong.push(`${p.path}: ${JSON.stringify(got ?? null)} ≠ ${price} ${p.seller}`);
    }
    return { correct, expected: truth.length, wrong };
  } finally {
    await store.close();
  }
}

async function runOther(file: string, origin: string): Promise<RunnerResult> {
  const out = join(outDir, `cycle-${file.replace(/\.ts$/, "")}.json`);
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(here, file),
      "--origin",
      origin,
      "--products",
      String(products),
      "--concurrency",
      String(concurrency),
      "--out",
      out,
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  await new Promise<void>((resolve, reject) =>
    child.once("exit", (c) => (c === 0 ? resolve() : reject(new Error(`${file} exited ${c}`)))),
  );
  return JSON.parse(readFileSync(out, "utf8")) as RunnerResult;
}

mkdirSync(outDir, { recursive: true });
const market = await startMarketplaceChild({
  products,
  gzip: encoding === "gzip",
  brotli: encoding === "br",
});
const dataDir = mkdtempSync(join(tmpdir(), "pricewarden-cycle-bench-"));
const storeChild = spawn(
  process.execPath,
  ["--import", "tsx", join(here, "counting-store-server.ts"), dataDir],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
try {
  const ready = await firstJsonLine<{ statsPort: number }>(storeChild);
  const storeStats = async () =>
    (await (await fetch(`http://127.0.0.1:${ready.statsPort}/`)).json()) as StoreStats;
  const configFile = join(dataDir, "bench.config.json");
  writeFileSync(configFile, JSON.stringify(benchConfig(market.origin), null, 2));
  process.stderr.write(`cycle bench: ${products} products, ${encoding}, concurrency ${concurrency}\n`);
  if (values["only-plain"]) {
    for (const cycle of ["1, no profiler", "2, no profiler"])
      console.log(JSON.stringify(await runCli(cycle, configFile, dataDir, storeStats, false)));
    storeChild.kill("SIGTERM");
    market.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
  const first = await runCli(1, configFile, dataDir, storeStats);
  const second = await runCli(2, configFile, dataDir, storeStats);
  // The profiler costs CPU and keeps its samples in memory: pages/s and peak RSS as users see them
  // come from a first cycle without it (another tenant on the same site, so every listing is new).
  const plainConfig = join(dataDir, "bench-plain.config.json");
  writeFileSync(plainConfig, JSON.stringify(benchConfig(market.origin, "bench-plain"), null, 2));
  const plain = await runCli("1, no profiler", plainConfig, dataDir, storeStats, false);
  const plainSecond = await runCli("2, no profiler", plainConfig, dataDir, storeStats, false);
  // As `pricewarden run --once` runs on a data directory no `start` serves: the embedded store on
  // the CLI's own thread (its CPU and memory included; no store counts).
  const ownDir = mkdtempSync(join(tmpdir(), "pricewarden-cycle-own-"));
  const noStats = async (): Promise<StoreStats> => ({
    requests: {},
    itemWrites: 0,
    putItems: 0,
    putItemBytes: 0,
    cpuSeconds: 0,
    peakRssMb: 0,
  });
  const standalone = await runCli("1, store in the CLI process", plainConfig, ownDir, noStats, false).finally(
    () => rmSync(ownDir, { recursive: true, force: true }),
  );
  const checked = await correctness(dataDir);
  const others = values["skip-others"]
    ? []
    : [await runOther("run-crawlee.ts", market.origin), await runOther("run-raw.ts", market.origin)];
  const crawlee = others.find((o) => o.runner.startsWith("crawlee"));
  const result = {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? "",
    cores: cpus().length,
    node: process.version,
    loadAverage: loadavg()[0],
    products,
    encoding,
    concurrency,
    pageBytes: market.pageBytes,
    cycles: [first, second, plain, plainSecond, standalone],
    correct: checked,
    others: others.map((o) => ({
      runner: o.runner,
      pagesPerSec: Math.round(o.pagesPerSec * 10) / 10,
      cpuMsPerPage: Math.round(o.cpuMsPerPage * 10) / 10,
      peakRssMb: Math.round(o.peakRssMb),
      correctPct: Math.round(o.correctPct * 10) / 10,
    })),
    vsCrawlee: crawlee ? Math.round((plain.pagesPerSec / crawlee.pagesPerSec) * 100) / 100 : null,
  };
  writeFileSync(join(outDir, "cycle.json"), `${JSON.stringify(result, null, 2)}\n`);
  const row = (c: CycleRun) =>
    `| ${c.cycle} | ${c.pages} | ${c.seconds} | ${c.pagesPerSec} | ${c.cpuMsPerPage} | ${STAGES.map((s) => c.stageMsPerPage[s]).join(" | ")} | ${c.storeRequestsPerPage} | ${c.itemWritesPerPage} | ${c.peakRssMb} | ${c.storePeakRssMb} |`;
  console.log(
    [
      `whole cycle, ${products} products, ${encoding}, concurrency ${concurrency}, ${result.cpu}, load ${(result.loadAverage ?? 0).toFixed(1)}`,
      "",
      `| cycle | pages | s | pages/s | CPU ms/page | ${STAGES.join(" | ")} | store req/page | item writes/page | CLI peak RSS MB | store peak RSS MB |`,
      `|${" --- |".repeat(10 + STAGES.length)}`,
      row(first),
      row(second),
      row(plain),
      row(plainSecond),
      row(standalone),
      "",
      `correct: ${checked.correct}/${checked.expected}${checked.wrong.length ? ` (e.g. ${checked.wrong.join("; ")})` : ""}`,
      ...result.others.map(
        (o) =>
          `${o.runner}: ${o.pagesPerSec} pages/s, ${o.cpuMsPerPage} CPU ms/page, peak RSS ${o.peakRssMb} MB, ${o.correctPct}% correct`,
      ),
      result.vsCrawlee === null
        ? ""
        : `Pricewarden's first cycle (no profiler) vs Crawlee: ${result.vsCrawlee}×`,
    ].join("\n"),
  );
} finally {
  storeChild.kill("SIGTERM");
  market.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
