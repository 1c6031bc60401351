import {
  DAYS,
  DISTRIBUTORS,
  DROP_PERCENT,
  MIN_TOLERANCE,
  OUTLIER_PERCENT,
  OVERRIDES,
  PAGES,
  type PageSpec,
  type Promo,
  productOf,
} from "./scenario-catalog.js";

/**
 * The answer key, by hand-written rules over each page's intent (independent of the pipeline's
 * rule code): what a correct pipeline must find on each page on each day.
 */

export type RuleType =
  | "below_min_price"
  | "above_max_price"
  | "unauthorized_seller"
  | "out_of_region"
  | "price_drop"
  | "listing_compliance"
  | "blocked";

export const RULE_TYPES: readonly RuleType[] = [
  "below_min_price",
  "above_max_price",
  "unauthorized_seller",
  "out_of_region",
  "price_drop",
  "listing_compliance",
  "blocked",
];

export type Jurisdiction = "CN" | "US";

export interface ExpectedFinding {
  type: RuleType;
  monitoringOnly: boolean;
  /** Observed per-pack price in fen the finding must report (price rules). */
  price?: number;
  /** Threshold in fen the finding must report (price rules). */
  threshold?: number;
  /** Whether promotions changed the price (the explanation must then show the steps). */
  promoted?: boolean;
  /** For unauthorized_seller: counterfeit signal expected (true/false), or null when not judged. */
  counterfeit?: boolean | null;
}

const fen = (yuan: number) => Math.round(yuan * 100);
const halfUp = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));

/** Per-item price a single shopper pays, from the promotion intents (see docs/detection.md). */
export function handEffective(listedYuan: number, promos: readonly Promo[]): number {
  let item = fen(listedYuan);
  for (const p of promos) if (p.kind === "group" && fen(p.price) < item) item = fen(p.price);
  const thresholds = (basket: number) => {
    let off = 0;
    for (const kind of ["store", "coupon"] as const) {
      const best = promos
        .filter((p): p is Extract<Promo, { kind: typeof kind }> => p.kind === kind)
        .filter((p) => basket >= fen(p.min))
        .reduce((m, p) => Math.max(m, fen(p.off)), 0);
      off += best;
    }
    return Math.max(0, basket - off);
  };
  let best = thresholds(item);
  if (promos.some((p) => p.kind === "secondHalf")) {
    const pair = item + halfUp(item, 2);
    best = Math.min(best, halfUp(thresholds(pair), 2));
  }
  for (const p of promos) if (p.kind === "final" && fen(p.price) < best) best = fen(p.price);
  return Math.min(best, fen(listedYuan));
}

export function floorOf(spec: PageSpec): number {
  const o = OVERRIDES.find((x) => x.sku === spec.sku && x.channel === spec.channel);
  return fen(o?.minPrice ?? productOf(spec.sku as string).min);
}

export function minThreshold(spec: PageSpec): number {
  return Math.round(floorOf(spec) * (1 - MIN_TOLERANCE));
}

export function maxThreshold(spec: PageSpec): number {
  return fen(productOf(spec.sku as string).max);
}

/** Per-pack price the page shows on a day (fen), or null: blocked, no price or not matchable. */
export function perPackOn(spec: PageSpec, day: number): number | null {
  if (spec.blocked?.(day) || !spec.matchable || spec.sku === null) return null;
  const listed = spec.price(day);
  if (listed === null) return null;
  return halfUp(handEffective(listed, spec.promos), spec.packs);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1
    ? (s[mid] as number)
    : Math.round(((s[mid - 1] as number) + (s[mid] as number)) / 2);
}

/**
 * Median per-pack price of authorized listings of a SKU, when every one of them is the same on
 * every day (otherwise the counterfeit signal depends on crawl order and is not judged).
 */
function stableAuthorizedMedian(sku: string): number | null {
  const prices: number[] = [];
  for (const p of PAGES) {
    if (p.sku !== sku || !p.seller.authorized || !p.matchable) continue;
    const byDay = Array.from({ length: DAYS }, (_, d) => perPackOn(p, d));
    if (byDay.some((v) => v !== byDay[0])) return null;
    if (byDay[0] !== null && byDay[0] !== undefined) prices.push(byDay[0]);
  }
  return prices.length === 0 ? null : median(prices);
}

const medianCache = new Map<string, number | null>();

export function labelsOn(spec: PageSpec, day: number, jurisdiction: Jurisdiction): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  if (spec.blocked?.(day)) {
    let run = 0;
    for (let d = 0; d <= day; d++) run = spec.blocked(d) ? run + 1 : 0;
    if (run >= 3) out.push({ type: "blocked", monitoringOnly: false });
    return out;
  }
  const perPack = perPackOn(spec, day);
  if (perPack === null) return out;
  const sku = spec.sku as string;
  const product = productOf(sku);
  const listed = spec.price(day) as number;
  const promoted = handEffective(listed, spec.promos) !== fen(listed);
  const authorizedDistributor = spec.seller.role === "distributor" && spec.seller.authorized;

  if (perPack < minThreshold(spec)) {
    out.push({
      type: "below_min_price",
      monitoringOnly: authorizedDistributor && jurisdiction === "CN",
      price: perPack,
      threshold: minThreshold(spec),
      promoted,
    });
  }
  if (perPack > maxThreshold(spec)) {
    out.push({
      type: "above_max_price",
      monitoringOnly: false,
      price: perPack,
      threshold: maxThreshold(spec),
      promoted,
    });
  }
  if (!spec.seller.authorized && spec.seller.name !== null) {
    if (!medianCache.has(sku)) medianCache.set(sku, stableAuthorizedMedian(sku));
    const med = medianCache.get(sku) ?? null;
    let counterfeit: boolean | null = null;
    if (med !== null && day >= 1) {
      const cutoff = Math.round(med * (1 - OUTLIER_PERCENT / 100));
      // Only judged with a clear margin either side of the cut-off.
      if (Math.abs(perPack - cutoff) >= cutoff * 0.05) counterfeit = perPack < cutoff;
    }
    out.push({ type: "unauthorized_seller", monitoringOnly: false, counterfeit });
  }
  if (authorizedDistributor) {
    const d = DISTRIBUTORS.find((x) => x.id === spec.seller.distributorId);
    if (d && !d.regions.some((r) => spec.shipFrom.includes(r)))
      out.push({ type: "out_of_region", monitoringOnly: false });
  }
  const history: number[] = [];
  for (let d = 0; d < day; d++) {
    const v = perPackOn(spec, d);
    if (v !== null) history.push(v);
  }
  if (history.length >= 3) {
    const threshold = Math.round(median(history) * (1 - DROP_PERCENT / 100));
    if (perPack < threshold)
      out.push({ type: "price_drop", monitoringOnly: false, price: perPack, threshold, promoted });
  }
  const rxMissing = product.category === "rx-drug" && spec.rxNotice !== "visible";
  const deviceMissing = product.category === "device" && spec.deviceNumber === "none";
  if (product.prohibited || rxMissing || deviceMissing)
    out.push({ type: "listing_compliance", monitoringOnly: false });
  return out;
}

/**
 * Prices that sit close to a threshold make a label fragile: every priced page keeps at least
 * ¥2 (or 10% of a threshold under ¥20) from each threshold it is compared with.
 */
export function marginProblems(): string[] {
  const problems: string[] = [];
  const check = (spec: PageSpec, day: number, what: string, value: number, threshold: number) => {
    const need = threshold < 2000 ? Math.min(200, Math.round(threshold * 0.1)) : 200;
    if (Math.abs(value - threshold) < need)
      problems.push(
        `${spec.channel}/${spec.id} day ${day}: ${what} ${value} within ${need} fen of ${threshold}`,
      );
  };
  for (const spec of PAGES) {
    for (let day = 0; day < DAYS; day++) {
      const perPack = perPackOn(spec, day);
      if (perPack === null) continue;
      check(spec, day, "per pack vs floor×(1−tol)", perPack, minThreshold(spec));
      check(spec, day, "per pack vs ceiling", perPack, maxThreshold(spec));
      const history: number[] = [];
      for (let d = 0; d < day; d++) {
        const v = perPackOn(spec, d);
        if (v !== null) history.push(v);
      }
      if (history.length >= 3)
        check(
          spec,
          day,
          "per pack vs drop threshold",
          perPack,
          Math.round(median(history) * (1 - DROP_PERCENT / 100)),
        );
    }
  }
  return problems;
}
