import { DISTRIBUTORS, productOf } from "./catalogue.js";
import type { ListingSpec, Promo } from "./listing-model.js";

/**
 * The answer key, from the generator's own model of each listing: the per-pack price a single
 * shopper really pays (its list price, its own promotions, the packs sold together) and the
 * brand's rules over it. Nothing here reads a page or calls the product.
 */

export const MIN_TOLERANCE = 0.02;
export const DROP_PERCENT = 20;

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

export interface Expected {
  type: RuleType;
  monitoringOnly: boolean;
}

const divideHalfUp = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));

/** What one basket costs after the best store 满减 and the best coupon it reaches. */
function afterThresholds(basket: number, promos: readonly Promo[]): number {
  let total = basket;
  for (const kind of ["store", "coupon"] as const) {
    let best = 0;
    for (const p of promos) if (p.kind === kind && basket >= p.min) best = Math.max(best, p.off);
    total -= best;
  }
  return Math.max(0, total);
}

/**
 * Per-item price a single shopper pays for the listing (fen): item discounts first, then one
 * item or one multi-buy bundle, each with the thresholds it reaches; the cheaper per item.
 */
export function effectiveTotal(listed: number, promos: readonly Promo[]): number {
  let item = listed;
  for (const p of promos) if (p.kind === "discount") item = divideHalfUp(item * (100 - p.percentOff), 100);
  for (const p of promos) if (p.kind === "direct") item = Math.max(0, item - p.off);
  let best = afterThresholds(item, promos);
  for (const p of promos) {
    const bundle =
      p.kind === "secondHalf"
        ? { n: 2, total: item + divideHalfUp(item, 2) }
        : p.kind === "multiDiscount"
          ? { n: p.count, total: divideHalfUp(item * p.count * (100 - p.percentOff), 100) }
          : p.kind === "multiPrice"
            ? { n: p.count, total: Math.min(p.total, item * p.count) }
            : null;
    if (bundle) best = Math.min(best, divideHalfUp(afterThresholds(bundle.total, promos), bundle.n));
  }
  return best;
}

export function floorFen(spec: ListingSpec): number {
  return Math.round(productOf(spec.product?.sku ?? "").min * 100);
}

export function minThreshold(spec: ListingSpec): number {
  return Math.round(floorFen(spec) * (1 - MIN_TOLERANCE));
}

export function maxThreshold(spec: ListingSpec): number {
  return Math.round(productOf(spec.product?.sku ?? "").max * 100);
}

/** The per-pack price (fen) the rules judge on a day, or null: blocked, no price or not the brand's. */
export function perPackOn(spec: ListingSpec, day: number): number | null {
  if (spec.blocked || spec.noPrice !== null || spec.product === null) return null;
  const listed = spec.listedByDay[day];
  if (listed === null || listed === undefined) return null;
  return divideHalfUp(effectiveTotal(listed, spec.promos), spec.packs);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1
    ? (s[mid] as number)
    : Math.round(((s[mid - 1] as number) + (s[mid] as number)) / 2);
}

export function dropThreshold(spec: ListingSpec, day: number): number | null {
  const history: number[] = [];
  for (let d = 0; d < day; d++) {
    const v = perPackOn(spec, d);
    if (v !== null) history.push(v);
  }
  return history.length >= 3 ? Math.round(median(history) * (1 - DROP_PERCENT / 100)) : null;
}

/** What a correct pipeline finds on the listing on a day. */
/**
 * A page the crawler cannot see: a risk page, or JD's 登录查看价格 (the price is shown only to a
 * signed-in shopper, a login wall). Three such checks in a row are an operational `blocked` alert.
 */
export function unseen(spec: ListingSpec): boolean {
  return (
    spec.blocked || (spec.noPrice === "登录查看价格" && (spec.channel === "jd" || spec.channel === "jdh"))
  );
}

function complianceProblem(spec: ListingSpec): boolean {
  const p = spec.product;
  if (!p) return false;
  const rxMissing = p.category === "rx-drug" && spec.rxNotice !== "visible";
  const deviceMissing = p.category === "device" && !spec.showsApproval;
  return Boolean(p.prohibited) || rxMissing || deviceMissing;
}

/**
 * What a correct pipeline finds on the listing on a day. A page without a price still shows
 * what it shows: listing compliance is judged on its content; price and seller rules stand down.
 */
export function expectedOn(spec: ListingSpec, day: number, jurisdiction: Jurisdiction): Expected[] {
  if (unseen(spec)) return day >= 2 ? [{ type: "blocked", monitoringOnly: false }] : [];
  if (spec.product === null) return [];
  const compliance: Expected[] = complianceProblem(spec)
    ? [{ type: "listing_compliance", monitoringOnly: false }]
    : [];
  const perPack = perPackOn(spec, day);
  if (perPack === null) return compliance;
  const out: Expected[] = [];
  const seller = spec.seller;
  const authorizedDistributor = seller.role === "distributor" && seller.authorized;
  if (perPack < minThreshold(spec))
    out.push({ type: "below_min_price", monitoringOnly: authorizedDistributor && jurisdiction === "CN" });
  if (perPack > maxThreshold(spec)) out.push({ type: "above_max_price", monitoringOnly: false });
  if (!seller.authorized && seller.name !== null)
    out.push({ type: "unauthorized_seller", monitoringOnly: false });
  if (authorizedDistributor) {
    const d = DISTRIBUTORS.find((x) => x.id === seller.distributorId);
    if (d && !d.regions.includes(spec.shipFrom.province))
      out.push({ type: "out_of_region", monitoringOnly: false });
  }
  const drop = dropThreshold(spec, day);
  if (drop !== null && perPack < drop) out.push({ type: "price_drop", monitoringOnly: false });
  return [...out, ...compliance];
}

/**
 * Values closer than this to a threshold make a label depend on rounding: the generator keeps
 * every per-pack price at least 6 % (and ¥1) away from each threshold it meets.
 */
export function tooClose(value: number, threshold: number): boolean {
  return Math.abs(value - threshold) < Math.max(100, Math.round(threshold * 0.06));
}
