import { PricewardenError } from "../errors.js";
import { formatMoney } from "../money.js";
import { type BasisPoints, type MultiBuy, type Offer, parsePromotion } from "./promotion.js";

/**
 * The lowest price per listing item that a single shopper can get from the promotions shown,
 * with every step written down so that an alert explains itself.
 *
 * Order of application (the order of the promotions array never matters):
 *  1. item level, per item: the lowest alternative price (拼团价, 秒杀价, 会员价, 降至…) if below
 *     the listed price; then the best unconditional percentage (X折); then the largest direct
 *     reduction (立减/直降). Percentage before fixed reduction: the lower of the two orders.
 *  2. quantity: either the plain purchase of `quantityForThresholds` items (default 1: a single
 *     item must meet a threshold on its own), or one bundle of any multi-buy offer (第二件半价,
 *     买2送1, 2件9折, 2件99元) at its own bundle size. Every scenario is evaluated; the lowest
 *     per-item result wins (ties: the smaller quantity).
 *  3. thresholds, against the basket after steps 1–2 and before any 满减 or coupon: the single
 *     best store offer (满X减Y, 每满X减Y, 满X打Y折) and the single best coupon (券) whose threshold
 *     the basket meets. One of each kind stacks, as on the platforms.
 *  4. a stated final price (到手价, 券后价) replaces the result only if lower; it already includes
 *     its own discounts, so it is compared, never stacked.
 * Percentages and divisions round half-up to the fen. The result never exceeds the listed price
 * and never falls below zero.
 *
 * A fixed reduction (立减, a coupon, a store 满减, 满N件减) at least as large as what it would come
 * off, or a stated price of ¥0, is left out (listed in `leftOut`): no platform pays out a coupon
 * beyond the goods, so such an offer has a threshold or a scope the page does not show, and
 * applying it would report a ¥0.00 price and a false alarm.
 */

export interface EffectivePriceInput {
  /** The selling price shown for one listing item, in minor units. */
  listedMinor: number;
  promotions: readonly string[];
  /** Packs sold as one listing item (from parsePackInfo). */
  packs: number;
  unitsPerPack: number | null;
  /** Items a shopper is assumed to buy when checking 满减/coupon thresholds without a multi-buy offer. */
  quantityForThresholds?: number;
  /** For the explanation only. */
  currency?: string;
}

export type PriceStepKind =
  | "alternative"
  | "percent"
  | "reduction"
  | "multi-buy"
  | "store"
  | "coupon"
  | "final";

export interface PriceStep {
  /** English words for logs and the CLI; people read the step rendered from kind, text and quantity. */
  label: string;
  kind: PriceStepKind;
  /** The promotion as the page wrote it. */
  text: string;
  /** Items in the basket the step was worked out on. */
  quantity: number;
  /** Change of the per-item price, negative for a discount. */
  deltaMinor: number;
  runningMinor: number;
}

export interface EffectivePrice {
  listedMinor: number;
  /** Per listing item, after the promotions a single shopper can get. */
  effectiveMinor: number;
  perPackMinor: number;
  listedPerPackMinor: number;
  perUnitMinor: number | null;
  /** Items bought in the scenario that gave the effective price. */
  quantity: number;
  steps: PriceStep[];
  /** Promotion texts that yielded no applicable offer. */
  ignored: string[];
  /**
   * Promotions left out because their amount off was at least what it would come off (or a stated
   * ¥0): a threshold or scope the page does not show. Also in `ignored`.
   */
  leftOut: string[];
  explanation: string;
}

const MAX_QUANTITY = 100;
// ¥100bn: far above any listing, and low enough that basket totals stay exact integers.
const MAX_LISTED_MINOR = 10_000_000_000_000;

/** Half-up rounded a / b for non-negative a and positive b, exact for any safe integers. */
export function divideHalfUp(a: number, b: number): number {
  const big = (2n * BigInt(a) + BigInt(b)) / (2n * BigInt(b));
  return Number(big);
}

function applyBp(minor: number, bp: BasisPoints): number {
  return Number((2n * BigInt(minor) * BigInt(bp) + 10_000n) / 20_000n);
}

function offerKey(o: Offer): string {
  return JSON.stringify(o);
}

type MultiBuyOffer = Extract<Offer, { type: "multi-buy" }>;
type ThresholdOffer = Extract<Offer, { type: "threshold" | "threshold-percent" }>;

function basket(price: number, m: MultiBuy): number {
  switch (m.kind) {
    case "nth":
      return (m.items - 1) * price + applyBp(price, m.bp);
    case "nth-price":
      return (m.items - 1) * price + Math.min(price, m.priceMinor);
    case "free":
      return m.paid * price;
    case "percent":
      return applyBp(m.items * price, m.bp);
    case "reduction":
      // Left out when it would take the whole bundle (see the rule above).
      return m.amountMinor < m.items * price ? m.items * price - m.amountMinor : m.items * price;
    case "fixed":
      return Math.min(m.items * price, m.priceMinor);
  }
}

/** What the offer takes off a basket that meets its threshold, before the payable check. */
function thresholdReduction(o: ThresholdOffer, basketMinor: number): number {
  if (basketMinor < o.thresholdMinor) return 0;
  if (o.type === "threshold-percent") return basketMinor - applyBp(basketMinor, o.bp);
  if (!o.every || o.thresholdMinor === 0) return o.amountMinor;
  const times = Math.floor(basketMinor / o.thresholdMinor);
  const total = times * o.amountMinor;
  return Math.min(o.capMinor ?? total, total);
}

/**
 * The largest reduction among offers whose threshold `basketMinor` meets and that leave something
 * to pay of `payableMinor`; offers that would not are reported to `refused`.
 */
function bestThreshold(
  offers: readonly ThresholdOffer[],
  basketMinor: number,
  payableMinor: number,
  refused: Set<string>,
): { offer: ThresholdOffer; minor: number } | null {
  let best: { offer: ThresholdOffer; minor: number } | null = null;
  for (const offer of offers) {
    const minor = thresholdReduction(offer, basketMinor);
    if (minor <= 0) continue;
    if (minor >= payableMinor) {
      refused.add(offer.text);
      continue;
    }
    if (best === null || minor > best.minor) best = { offer, minor };
  }
  return best;
}

interface Scenario {
  quantity: number;
  perItem: number;
  steps: PriceStep[];
}

function scenario(
  itemPrice: number,
  quantity: number,
  multiBuy: MultiBuyOffer | null,
  store: readonly ThresholdOffer[],
  coupons: readonly ThresholdOffer[],
  refused: Set<string>,
): Scenario {
  const steps: PriceStep[] = [];
  let running = itemPrice;
  const record = (kind: PriceStepKind, text: string, label: string, basketMinor: number) => {
    const next = divideHalfUp(basketMinor, quantity);
    if (next !== running)
      steps.push({ label, kind, text, quantity, deltaMinor: next - running, runningMinor: next });
    running = next;
  };
  let total = quantity * itemPrice;
  if (multiBuy !== null) {
    total = basket(itemPrice, multiBuy);
    if (multiBuy.kind === "reduction" && total === quantity * itemPrice) refused.add(multiBuy.text);
    record(
      "multi-buy",
      multiBuy.text,
      `multi-buy ${multiBuy.text} (per item when buying ${quantity})`,
      total,
    );
  }
  // Both thresholds see the same pre-coupon basket, so their order cannot matter.
  const threshold = total;
  const bestStore = bestThreshold(store, threshold, total, refused);
  if (bestStore !== null) {
    total -= bestStore.minor;
    const text = bestStore.offer.text;
    record("store", text, `store discount ${text}${quantity > 1 ? ` (on ${quantity} items)` : ""}`, total);
  }
  const bestCoupon = bestThreshold(coupons, threshold, total, refused);
  if (bestCoupon !== null) {
    total -= bestCoupon.minor;
    const text = bestCoupon.offer.text;
    record("coupon", text, `coupon ${text}${quantity > 1 ? ` (on ${quantity} items)` : ""}`, total);
  }
  return { quantity, perItem: running, steps };
}

function checkInput(input: EffectivePriceInput): void {
  const bad = (what: string) => {
    throw new PricewardenError("BAD_INPUT", `effectivePrice: ${what}`);
  };
  if (
    !Number.isSafeInteger(input.listedMinor) ||
    input.listedMinor < 0 ||
    input.listedMinor > MAX_LISTED_MINOR
  )
    bad(`listedMinor must be an integer from 0 to ${MAX_LISTED_MINOR}`);
  if (!Number.isInteger(input.packs) || input.packs < 1) bad("packs must be a positive integer");
  if (input.unitsPerPack !== null && (!Number.isInteger(input.unitsPerPack) || input.unitsPerPack < 1))
    bad("unitsPerPack must be a positive integer or null");
  const q = input.quantityForThresholds;
  if (q !== undefined && (!Number.isInteger(q) || q < 1 || q > MAX_QUANTITY))
    bad(`quantityForThresholds must be an integer from 1 to ${MAX_QUANTITY}`);
}

export function effectivePrice(input: EffectivePriceInput): EffectivePrice {
  checkInput(input);
  const { listedMinor, packs, unitsPerPack } = input;
  const currency = input.currency ?? "CNY";
  const money = (minor: number) => formatMoney({ minor, currency });

  const texts = [...new Set(input.promotions)].sort();
  const ignored: string[] = [];
  const byKey = new Map<string, Offer>();
  const offerTexts = new Map<string, string[]>();
  for (const text of texts) {
    const { offers } = parsePromotion(text);
    if (offers.length === 0) ignored.push(text);
    for (const o of offers) byKey.set(offerKey(o), o);
    offerTexts.set(
      text,
      offers.map((o) => o.text),
    );
  }
  // Canonical order: identical results, steps included, for any order of the input.
  const offers = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
  const of = <T extends Offer["type"]>(type: T) =>
    offers.filter((o): o is Extract<Offer, { type: T }> => o.type === type);

  const steps: PriceStep[] = [];
  let item = listedMinor;
  const push = (kind: PriceStepKind, text: string, label: string, next: number) => {
    if (next === item) return;
    steps.push({ label, kind, text, quantity: 1, deltaMinor: next - item, runningMinor: next });
    item = next;
  };

  const refused = new Set<string>();
  const payable = <T extends { priceMinor: number; text: string }>(o: T) => {
    if (o.priceMinor > 0) return true;
    refused.add(o.text);
    return false;
  };
  const alternative = of("price")
    .filter(payable)
    .reduce<Extract<Offer, { type: "price" }> | null>(
      (best, o) => (best === null || o.priceMinor < best.priceMinor ? o : best),
      null,
    );
  if (alternative !== null && alternative.priceMinor < item)
    push("alternative", alternative.text, `alternative price ${alternative.text}`, alternative.priceMinor);
  const percent = of("percent").reduce<Extract<Offer, { type: "percent" }> | null>(
    (best, o) => (best === null || o.bp < best.bp ? o : best),
    null,
  );
  if (percent !== null) push("percent", percent.text, `discount ${percent.text}`, applyBp(item, percent.bp));
  const reduction = of("reduction").reduce<Extract<Offer, { type: "reduction" }> | null>(
    (best, o) => (best === null || o.amountMinor > best.amountMinor ? o : best),
    null,
  );
  if (reduction !== null && reduction.amountMinor < item)
    push("reduction", reduction.text, `reduction ${reduction.text}`, item - reduction.amountMinor);
  else if (reduction !== null) refused.add(reduction.text);

  const thresholds = [...of("threshold"), ...of("threshold-percent")];
  const store = thresholds.filter((o) => o.source === "store");
  const coupons = thresholds.filter((o) => o.source === "coupon");
  let best = scenario(item, input.quantityForThresholds ?? 1, null, store, coupons, refused);
  for (const m of of("multi-buy")) {
    const s = scenario(item, m.items, m, store, coupons, refused);
    if (s.perItem < best.perItem || (s.perItem === best.perItem && s.quantity < best.quantity)) best = s;
  }
  steps.push(...best.steps);
  item = best.perItem;

  const final = of("final")
    .filter(payable)
    .reduce<Extract<Offer, { type: "final" }> | null>(
      (low, o) => (low === null || o.priceMinor < low.priceMinor ? o : low),
      null,
    );
  if (final !== null && final.priceMinor < item)
    push("final", final.text, `stated price ${final.text}`, final.priceMinor);

  // A promotion with a refused offer is left out when none of its offers made a step.
  const applied = new Set(steps.map((st) => st.text));
  const leftOut = [...offerTexts]
    .filter(
      ([, parts]) => parts.some((part) => refused.has(part)) && !parts.some((part) => applied.has(part)),
    )
    .map(([text]) => text);
  ignored.push(...leftOut);
  ignored.sort();
  const effectiveMinor = Math.min(listedMinor, Math.max(0, item));
  const perPackMinor = divideHalfUp(effectiveMinor, packs);
  const perUnitMinor = unitsPerPack === null ? null : divideHalfUp(effectiveMinor, packs * unitsPerPack);

  let explanation = `${money(listedMinor)}${packs > 1 ? ` for ${packs} packs` : ""}`;
  for (const s of steps) {
    explanation +=
      s.deltaMinor < 0 ? ` − ${money(-s.deltaMinor)} ${s.label}` : ` + ${money(s.deltaMinor)} ${s.label}`;
  }
  if (steps.length > 0) explanation += ` = ${money(effectiveMinor)}`;
  if (packs > 1) explanation += ` → ${money(perPackMinor)}/pack`;
  if (perUnitMinor !== null) explanation += ` (${money(perUnitMinor)}/unit)`;

  return {
    listedMinor,
    effectiveMinor,
    perPackMinor,
    listedPerPackMinor: divideHalfUp(listedMinor, packs),
    perUnitMinor,
    quantity: best.quantity,
    steps,
    ignored,
    leftOut,
    explanation,
  };
}
