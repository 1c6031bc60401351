import { canonicalUrl } from "../../../functions/core/canonical-url.js";
import { createFetcher } from "../../../functions/crawl/fetcher.js";
import { sendNotification } from "../../../functions/notify/notify-senders.js";
import { type ListingResult, runCycle } from "../../../functions/stages/cycle.js";
import type { AlertRepository } from "../../../functions/store/alert-repository.js";
import type { ListingRepository } from "../../../functions/store/listing-repository.js";
import type { RunRepository } from "../../../functions/store/run-repository.js";
import { type ConfusionTable, compare } from "./confusion.js";
import { DAYS, generateScenario } from "./generator.js";
import { expectedOn, type Jurisdiction, perPackOn } from "./ground-truth.js";
import type { ListingSpec } from "./listing-model.js";
import { layoutName, pagePath } from "./pages/render-page.js";
import { startIndependentSite } from "./scenario-server.js";
import { independentConfig } from "./tenant-config.js";

/**
 * One seed of the independent scenario: its marketplace served on 127.0.0.1, one cycle a day
 * under its own tenant, and the stored alerts compared with the generator's answer key per
 * (listing, rule, monitoring-only).
 */

export interface Repos {
  alerts: AlertRepository;
  listings: ListingRepository;
  runs: RunRepository;
}

export interface SeedOutcome {
  seed: number;
  jurisdiction: Jurisdiction;
  listings: number;
  table: ConfusionTable;
  /** One line per false positive and false negative, with what the page meant and what was read. */
  misses: string[];
  /** Layouts served, per channel. */
  layouts: Set<string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const START = Date.parse("2026-06-01T02:00:00.000Z");

const fenText = (fen: number | null) => (fen === null ? "-" : (fen / 100).toFixed(2));

function describeSpec(spec: ListingSpec): string {
  const promos = spec.promos.map((p) => JSON.stringify(p)).join(" ");
  const prices = Array.from({ length: DAYS }, (_, d) => fenText(perPackOn(spec, d))).join("/");
  return `${spec.channel}/${layoutName(spec)} #${spec.id} ${spec.product?.sku ?? "foreign"} packs=${spec.packs} seller=${
    spec.seller.name
  }(${spec.seller.role}${spec.seller.authorized ? "" : ", unauthorized"}) listed=${spec.listedByDay
    .map((v) => fenText(v))
    .join(
      "/",
    )} perPack=${prices} promos=[${promos}] final=${spec.statesFinal} traps=[${[...spec.traps].join(",")}]${
    spec.noPrice ? ` noPrice=${spec.noPrice}` : ""
  }`;
}

function describeRead(r: ListingResult | undefined): string {
  if (!r) return "no result";
  const l = r.listing;
  const read = l
    ? `title="${l.title}" price=${l.price} list=${l.listPrice} final=${l.finalPrice} seller=${l.seller}/${l.sellerId} ship=${
        l.shipFrom
      } promos=${JSON.stringify(l.promotions)}`
    : "no listing";
  const findings = r.findings.map((f) => `${f.type}: ${f.explanation}`).join(" | ");
  return `outcome=${r.outcome}${r.reason ? ` (${r.reason})` : ""} ${read}${findings ? `\n      findings: ${findings}` : ""}`;
}

export async function runSeed(seed: number, repos: Repos): Promise<SeedOutcome> {
  const { listings } = generateScenario(seed);
  const jurisdiction: Jurisdiction = seed % 2 === 1 ? "CN" : "US";
  const tenant = `independent-s${seed}`;
  const site = await startIndependentSite(listings);
  const byUrl = new Map<string, ListingSpec>();
  for (const spec of listings) byUrl.set(canonicalUrl(`${site.url}${pagePath(spec)}`), spec);
  const lastRead = new Map<string, ListingResult>();
  try {
    const config = independentConfig(site.url, tenant, jurisdiction, listings);
    for (let day = 0; day < DAYS; day++) {
      site.setDay(day);
      const fetcher = createFetcher(config.network);
      try {
        const at = new Date(START + day * DAY_MS);
        const cycle = await runCycle({
          config,
          fetcher,
          ...repos,
          send: sendNotification,
          resolveSecret: () => undefined,
          now: () => at,
        });
        for (const r of cycle.results) if (r.kind === "listing") lastRead.set(canonicalUrl(r.url), r);
      } finally {
        await fetcher.close();
      }
    }
  } finally {
    await site.close();
  }

  const want = new Set<string>();
  for (const [url, spec] of byUrl)
    for (let day = 0; day < DAYS; day++)
      for (const e of expectedOn(spec, day, jurisdiction)) want.add(`${url}|${e.type}|${e.monitoringOnly}`);
  const got = new Set<string>();
  for (const a of await repos.alerts.list(tenant)) {
    if (a.type === "coverage_drop") continue;
    got.add(`${canonicalUrl(a.url)}|${a.type}|${a.monitoringOnly}`);
  }
  const { table, fp, fn } = compare(want, got);
  const misses: string[] = [];
  for (const [what, keys] of [
    ["FP", fp],
    ["FN", fn],
  ] as const) {
    for (const key of keys) {
      const [url = "", type = "", mo = ""] = key.split("|");
      const spec = byUrl.get(url);
      misses.push(
        `seed ${seed} ${what} ${type}${mo === "true" ? " (monitoring only)" : ""} on ${
          spec ? describeSpec(spec) : url
        }\n      read (last day): ${describeRead(lastRead.get(url))}`,
      );
    }
  }
  return {
    seed,
    jurisdiction,
    listings: listings.length,
    table,
    misses,
    layouts: new Set(listings.map((s) => `${s.channel}/${layoutName(s)}`)),
  };
}
