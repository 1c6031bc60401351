import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../functions/core/alert.js";
import { canonicalUrl } from "../../functions/core/canonical-url.js";
import type { TenantConfig } from "../../functions/core/config.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { sendNotification } from "../../functions/notify/notify-senders.js";
import { runCycle, type TargetResult } from "../../functions/stages/cycle.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { ListingRepository } from "../../functions/store/listing-repository.js";
import { RunRepository } from "../../functions/store/run-repository.js";
import { DAYS, DISTRIBUTORS, PAGES, type PageSpec, pagePath, productOf } from "./scenario-catalog.js";
import {
  type ExpectedFinding,
  floorOf,
  type Jurisdiction,
  labelsOn,
  marginProblems,
  maxThreshold,
  RULE_TYPES,
  type RuleType,
} from "./scenario-labels.js";
import { type ScenarioSite, scenarioConfig, startScenarioSite } from "./scenario-site.js";

/**
 * Detection quality over a labelled scenario: ~200 pages on four channels, six daily cycles,
 * under a CN tenant (resale-price guardrails) and a US tenant (enforceable). Alerts are compared
 * with the hand-written labels per (listing, type, monitoringOnly); findings are also compared
 * per day, and every finding's explanation is checked for rule, observed value, threshold and
 * inputs.
 */

const TENANTS: readonly { tenant: string; jurisdiction: Jurisdiction }[] = [
  { tenant: "scenario-cn", jurisdiction: "CN" },
  { tenant: "scenario-us", jurisdiction: "US" },
];
const DAY_MS = 24 * 60 * 60 * 1000;
const START = Date.parse("2025-03-03T02:00:00.000Z");

let site: ScenarioSite;
let db: EmbeddedDynamo;
let repos: { alerts: AlertRepository; listings: ListingRepository; runs: RunRepository };
const configs = new Map<string, TenantConfig>();
/** tenant → day → results */
const results = new Map<string, TargetResult[][]>();
const specByUrl = new Map<string, PageSpec>();

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
const RULE_WORDS: Record<RuleType, string> = {
  below_min_price: "Below minimum price",
  above_max_price: "Above maximum price",
  unauthorized_seller: "Unauthorized seller",
  out_of_region: "Out of region",
  price_drop: "Price drop",
  listing_compliance: "Listing compliance",
  blocked: "Blocked",
};

beforeAll(async () => {
  site = await startScenarioSite();
  db = await startEmbeddedDynamo({ dataDir: null });
  const doc = createDocumentClient({ endpoint: db.endpoint });
  repos = {
    alerts: new AlertRepository(doc, db.tableName),
    listings: new ListingRepository(doc, db.tableName),
    runs: new RunRepository(doc, db.tableName),
  };
  for (const t of TENANTS) configs.set(t.tenant, scenarioConfig(site.url, t.tenant, t.jurisdiction));
  for (const spec of PAGES) specByUrl.set(canonicalUrl(`${site.url}${pagePath(spec)}`), spec);

  for (let day = 0; day < DAYS; day++) {
    site.setDay(day);
    for (const t of TENANTS) {
      const config = configs.get(t.tenant) as TenantConfig;
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
        const byDay = results.get(t.tenant) ?? [];
        byDay[day] = cycle.results;
        results.set(t.tenant, byDay);
      } finally {
        await fetcher.close();
      }
    }
  }
}, 600_000);

afterAll(async () => {
  await site?.close();
  await db?.close();
});

interface Confusion {
  tp: number;
  fp: number;
  fn: number;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

function table(title: string, rows: Map<RuleType, Confusion>): string {
  const lines = [title, "rule                  TP   FP   FN   precision  recall"];
  for (const type of RULE_TYPES) {
    const c = rows.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    lines.push(
      `${type.padEnd(20)} ${String(c.tp).padStart(4)} ${String(c.fp).padStart(4)} ${String(c.fn).padStart(4)}   ${ratio(
        c.tp,
        c.tp + c.fp,
      )
        .toFixed(2)
        .padStart(8)}  ${ratio(c.tp, c.tp + c.fn)
        .toFixed(2)
        .padStart(6)}`,
    );
  }
  return lines.join("\n");
}

function describePage(url: string): string {
  const spec = specByUrl.get(url);
  return spec ? `${spec.channel}/${spec.id} [${spec.intent}]` : url;
}

/** Checks one finding against its label; returns what is wrong with its explanation/inputs. */
function explanationProblems(f: Finding, label: ExpectedFinding, spec: PageSpec, j: Jurisdiction): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const type = f.type as RuleType;
  need(
    f.explanation.includes(RULE_WORDS[type]),
    `explanation does not name the rule ("${RULE_WORDS[type]}")`,
  );
  if (type === "blocked") return problems;
  const evidence = Array.isArray(f.inputs.matchEvidence) ? f.inputs.matchEvidence : [];
  need(typeof f.inputs.match === "string" && f.inputs.match !== "", "inputs.match missing");
  need(
    evidence.some((e) => /identifier|keywords|named by the watch entry/.test(e)),
    `inputs.matchEvidence names no identifier/keywords: ${JSON.stringify(evidence)}`,
  );
  need(
    typeof f.inputs.seller === "string" && f.inputs.seller !== "",
    "inputs.seller (seller mapping) missing",
  );
  if (spec.seller.authorized)
    need(f.inputs.sellerMatchedBy !== "none", "authorized seller not mapped (sellerMatchedBy none)");
  if (label.price !== undefined) {
    need(f.price === label.price, `observed ${f.price} ≠ expected per-pack ${label.price}`);
    need(f.threshold === label.threshold, `threshold ${f.threshold} ≠ expected ${label.threshold}`);
    need(
      f.explanation.includes(yuan(label.price)),
      `explanation lacks the observed value ${yuan(label.price)}`,
    );
    if (type === "below_min_price") {
      need(f.explanation.includes(yuan(floorOf(spec))), `explanation lacks the floor ${yuan(floorOf(spec))}`);
      need(
        f.explanation.includes(yuan(label.threshold ?? 0)),
        `explanation lacks the threshold ${yuan(label.threshold ?? 0)}`,
      );
    } else if (type === "above_max_price") {
      need(
        f.explanation.includes(yuan(maxThreshold(spec))),
        `explanation lacks the ceiling ${yuan(maxThreshold(spec))}`,
      );
    } else {
      need(
        f.explanation.includes(yuan(label.threshold ?? 0)),
        `explanation lacks the threshold ${yuan(label.threshold ?? 0)}`,
      );
    }
    if (label.promoted) {
      const steps = Array.isArray(f.inputs.priceSteps) ? f.inputs.priceSteps : [];
      need(steps.length > 0, "promotions applied but inputs.priceSteps is empty");
      need(/ − ¥\d/.test(f.explanation), "promotions applied but the explanation shows no price step");
    }
  }
  if (type === "below_min_price") {
    if (label.monitoringOnly) {
      need(f.monitoringOnly, "CN distributor min-price finding is not monitoringOnly");
      need(f.severity === "low", `monitoring-only severity ${f.severity}, expected low`);
      need(
        /Monitoring only/.test(f.explanation) && /Anti-Monopoly/.test(f.explanation),
        "monitoring-only explanation does not say why",
      );
    } else {
      need(!f.monitoringOnly, `${j} min-price finding is monitoringOnly`);
      need(f.severity !== "low", `${j} enforceable min-price finding has severity low`);
    }
  }
  if (type === "unauthorized_seller") {
    need(
      spec.seller.name !== null && f.explanation.includes(spec.seller.name),
      "explanation does not name the shop",
    );
    if (label.counterfeit === true) {
      need(/Possible counterfeit/.test(f.explanation), "counterfeit signal expected, explanation silent");
      need(
        f.severity === "high" && f.inputs.counterfeitSignal === true,
        "counterfeit signal not in severity/inputs",
      );
    }
    if (label.counterfeit === false)
      need(!/Possible counterfeit/.test(f.explanation), "unexpected counterfeit signal");
  }
  if (type === "out_of_region") {
    const d = DISTRIBUTORS.find((x) => x.id === spec.seller.distributorId);
    need(f.explanation.includes(spec.shipFrom.split(" ")[0] ?? ""), "explanation lacks the ship-from region");
    need(
      d?.regions.every((r) => f.explanation.includes(r)) ?? false,
      "explanation lacks the allowed regions",
    );
  }
  if (type === "listing_compliance") {
    const p = productOf(spec.sku as string);
    if (p.prohibited) need(/may not be sold online/.test(f.explanation), "prohibited-drug reason missing");
    if (p.category === "rx-drug" && spec.rxNotice !== "visible")
      need(f.explanation.includes("处方药须凭处方"), "missing-Rx-notice reason missing");
    if (p.category === "device" && spec.deviceNumber === "none")
      need(/registration certificate/.test(f.explanation), "missing-device-number reason missing");
  }
  return problems;
}

describe("scenario generator", () => {
  it("keeps every priced page clear of the thresholds (≥ ¥2, or 10% under ¥20)", () => {
    expect(marginProblems()).toEqual([]);
  });
  it("is big enough", () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(PAGES.map((p) => p.sku).filter(Boolean)).size).toBeGreaterThanOrEqual(12);
  });
});

describe.each(TENANTS)("detection quality, $jurisdiction tenant", ({ tenant, jurisdiction }) => {
  it("alerts per (listing, type): precision 1.00 and recall ≥ 0.98 for every rule", async () => {
    const alerts = await repos.alerts.list(tenant);
    const got = new Map<string, (typeof alerts)[number]>();
    for (const a of alerts) got.set(`${a.url}|${a.type}|${a.monitoringOnly}`, a);
    const want = new Set<string>();
    for (const [url, spec] of specByUrl) {
      for (let day = 0; day < DAYS; day++) {
        for (const l of labelsOn(spec, day, jurisdiction)) want.add(`${url}|${l.type}|${l.monitoringOnly}`);
      }
    }
    const rows = new Map<RuleType, Confusion>(RULE_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
    const misses: string[] = [];
    for (const key of new Set([...got.keys(), ...want])) {
      const [url = "", type = "", mo = ""] = key.split("|");
      const row = rows.get(type as RuleType);
      if (!row) {
        misses.push(`unexpected alert type ${type} on ${describePage(url)}`);
        continue;
      }
      if (got.has(key) && want.has(key)) row.tp++;
      else if (got.has(key)) {
        row.fp++;
        misses.push(
          `FP ${type}${mo === "true" ? " (monitoring only)" : ""} on ${describePage(url)}: ${got.get(key)?.explanation}`,
        );
      } else {
        row.fn++;
        misses.push(`FN ${type}${mo === "true" ? " (monitoring only)" : ""} on ${describePage(url)}`);
      }
    }
    console.log(
      `${table(`confusion per rule, ${jurisdiction} tenant (alerts per listing × type)`, rows)}\n${misses.join("\n")}`,
    );
    for (const type of RULE_TYPES) {
      const c = rows.get(type) as Confusion;
      expect.soft(ratio(c.tp, c.tp + c.fp), `${type} precision`).toBe(1);
      expect.soft(ratio(c.tp, c.tp + c.fn), `${type} recall`).toBeGreaterThanOrEqual(0.98);
    }
  });

  it("finds the same per day, with explanations that name rule, value, threshold and inputs", () => {
    const rows = new Map<RuleType, Confusion>(RULE_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
    const problems: string[] = [];
    const byDay = results.get(tenant) ?? [];
    for (let day = 0; day < DAYS; day++) {
      const found = new Map<string, Finding>();
      for (const r of byDay[day] ?? []) {
        if (r.kind !== "listing") continue;
        for (const f of r.findings) found.set(`${canonicalUrl(r.url)}|${f.type}`, f);
      }
      for (const [url, spec] of specByUrl) {
        const labels = labelsOn(spec, day, jurisdiction);
        for (const label of labels) {
          const f = found.get(`${url}|${label.type}`);
          const row = rows.get(label.type) as Confusion;
          if (!f) {
            row.fn++;
            problems.push(`day ${day}: FN ${label.type} on ${describePage(url)}`);
            continue;
          }
          found.delete(`${url}|${label.type}`);
          row.tp++;
          for (const p of explanationProblems(f, label, spec, jurisdiction))
            problems.push(`day ${day}: ${label.type} on ${describePage(url)}: ${p}\n    ${f.explanation}`);
        }
      }
      for (const [key, f] of found) {
        const [url = ""] = key.split("|");
        const row = rows.get(f.type as RuleType);
        if (row) row.fp++;
        problems.push(`day ${day}: FP ${f.type} on ${describePage(url)}: ${f.explanation}`);
      }
    }
    console.log(
      `${table(`per-day findings, ${jurisdiction} tenant (listing × type × day)`, rows)}\n${problems.join("\n")}`,
    );
    expect(problems).toEqual([]);
  });

  it("records the expected outcome for traps (unmatched, no price, blocked)", () => {
    const problems: string[] = [];
    const byDay = results.get(tenant) ?? [];
    for (let day = 0; day < DAYS; day++) {
      for (const r of byDay[day] ?? []) {
        if (r.kind !== "listing") continue;
        const spec = specByUrl.get(canonicalUrl(r.url));
        if (!spec) continue;
        const want = spec.blocked?.(day)
          ? "blocked"
          : !spec.matchable
            ? "unmatched"
            : spec.price(day) === null
              ? "no_price"
              : "ok";
        if (r.outcome !== want)
          problems.push(
            `day ${day}: ${describePage(canonicalUrl(r.url))}: outcome ${r.outcome} (${r.reason}), expected ${want}`,
          );
      }
    }
    expect(problems).toEqual([]);
  });
});
