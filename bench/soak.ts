/**
 * Soak: `node --expose-gc --import tsx bench/soak.ts [--cycles 10] [--products 5000]`.
 * Runs whole local cycles (`runLocalCycle`, as `pricewarden start` runs them: fetcher,
 * discovery, extraction, matching, rules, the embedded store on disk, evidence) over the bench
 * marketplace serving gzip, and prints after every cycle the process's RSS (after a full GC),
 * heap, and its open handles by type. Passes (exit 0) when RSS after the last cycle is within
 * 10% of RSS after cycle 2 and no kind of open handle grew past the first half of the run's peak
 * (sockets: within 8);
 * `SOAK_DATA_DIR=D` uses a data directory whose store another process already serves (a running
 * `pricewarden start --data-dir D`), so the store's memory is measured apart from the cycle's.
 * Prints numbers, never a test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { validateConfig } from "../functions/core/config.js";
import { runLocalCycle } from "../functions/local/local-cycle.js";
import { openLocalStore } from "../functions/local/local-store.js";
import { LISTING_LINKS, LISTING_NEXT, listingPageCount, MARKET_PROFILE } from "./catalog.js";
import { startMarketplace } from "./marketplace.js";

const { values } = parseArgs({
  options: { cycles: { type: "string", default: "10" }, products: { type: "string", default: "5000" } },
});
const cycles = Number(values.cycles);
const products = Number(values.products);
// The operator's opt-in for local targets: the bench marketplace runs on 127.0.0.1.
process.env.PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES ??= "1";
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

const market = await startMarketplace({ products, gzip: true });
const dataDir = process.env.SOAK_DATA_DIR ?? mkdtempSync(join(tmpdir(), "pricewarden-soak-"));
const items = ["电子血压计", "血糖试纸", "创可贴", "电子体温计", "家用制氧机", "雾化器", "血氧仪", "助行器"];
const parsed = validateConfig({
  tenant: "soak",
  channels: [{ id: "market", name: "Bench market", match: ["127.0.0.1"], extract: MARKET_PROFILE }],
  // Products with a floor many listings break, and no authorized seller: the store fills with
  // alerts as it would for a brand with many unauthorized sellers.
  products: items.map((item, i) => ({
    sku: `S${i}`,
    name: item,
    minPrice: 200,
    match: { keywords: [[item]] },
  })),
  distributors: [],
  rules: { minPrice: {}, authorizedSeller: {} },
  watch: [
    {
      discover: {
        channel: "market",
        start: `${market.origin}/list?page=1`,
        links: LISTING_LINKS,
        next: LISTING_NEXT,
        maxPages: Math.min(500, listingPageCount(products) + 1),
      },
    },
  ],
  network: { allowPrivateAddresses: true, concurrency: 16, perHostConcurrency: 16, delayMs: 0 },
  evidence: { screenshot: false },
});
if (!parsed.ok) throw new Error(`soak config: ${JSON.stringify(parsed.issues)}`);
const config = parsed.config;

function handles(): string {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return [...counts]
    .sort()
    .map(([type, n]) => `${type}:${n}`)
    .join(" ");
}

const store = await openLocalStore(dataDir);
const rows: { cycle: number; rssMb: number; heapMb: number; handles: string }[] = [];
try {
  for (let cycle = 1; cycle <= cycles; cycle++) {
    const started = Date.now();
    const result = await runLocalCycle(config, store, () => {}, dataDir);
    gc();
    const memory = process.memoryUsage();
    const row = {
      cycle,
      rssMb: memory.rss / 2 ** 20,
      heapMb: memory.heapUsed / 2 ** 20,
      handles: handles(),
    };
    rows.push(row);
    process.stdout.write(
      `cycle ${cycle}: ${result.summary.pages} pages, ${result.summary.alertsOpen} open alerts in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `rss ${row.rssMb.toFixed(0)} MB, heap ${row.heapMb.toFixed(0)} MB; handles ${row.handles}\n`,
    );
  }
} finally {
  await store.close();
  await market.close();
  rmSync(dataDir, { recursive: true, force: true });
}
const second = rows[1];
const last = rows[rows.length - 1];
if (second && last) {
  const growth = (last.rssMb - second.rssMb) / second.rssMb;
  // Keep-alive pools fill over the first cycles (at 2,000 products sockets went 5, 10, 20 and then
  // stayed at 20–22): a leak is growth in the second half of the run over the first half's peak.
  // Sockets may vary within a pool's churn; any other kind of handle must not grow at all.
  const countsOf = (text: string) =>
    new Map(text.split(" ").map((pair) => [pair.split(":")[0] ?? "", Number(pair.split(":")[1])]));
  const early = rows.slice(0, Math.ceil(rows.length / 2)).map((row) => countsOf(row.handles));
  const ceiling = (type: string) =>
    Math.max(...early.map((counts) => counts.get(type) ?? 0)) + (type === "TCPSocketWrap" ? 8 : 0);
  const grown = [...countsOf(last.handles)].filter(([type, n]) => n > ceiling(type));
  const stable = growth <= 0.1 && grown.length === 0;
  process.stdout.write(
    `soak: ${cycles} cycles × ${products} products; rss after cycle 2 ${second.rssMb.toFixed(0)} MB, after cycle ${last.cycle} ${last.rssMb.toFixed(0)} MB (${(growth * 100).toFixed(1)}%); handles ${grown.length === 0 ? "not growing" : `grew: first half's peak exceeded, cycle 2 [${second.handles}] vs last [${last.handles}]`} → ${stable ? "ok" : "NOT STABLE"}\n`,
  );
  process.exitCode = stable ? 0 : 1;
}
