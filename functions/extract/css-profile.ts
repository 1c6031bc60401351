import type { FieldSelector } from "../core/config.js";
import { classAndIdOf, isStruckThroughIn, type MarkupView, take } from "../html/markup-view.js";
import { availabilityFromText } from "./availability-text.js";
import type { FieldCandidates } from "./field-candidates.js";
import { isListPriceClass, isNoPriceText } from "./price-traps.js";
import { readPriceText } from "./price-value.js";
import type { ProfileField, SiteProfile } from "./site-profile.js";

const MAX_MATCHES = 20;
/** A price element labelled as the price after coupons and offers. */
const FINAL_PRICE_LABEL = /券后|券後|到手价?|到手價|\bafter coupons?\b|\bfinal price\b/i;

const patterns = new Map<string, RegExp | null>();

function compiledPattern(source: string): RegExp | undefined {
  let pattern = patterns.get(source);
  if (pattern === undefined) {
    try {
      pattern = new RegExp(source);
    } catch {
      pattern = null;
    }
    if (patterns.size >= 1000) patterns.clear();
    patterns.set(source, pattern);
  }
  return pattern ?? undefined;
}

function selectorParts(selector: FieldSelector): { css: string; attr?: string; pattern?: RegExp } {
  if (typeof selector === "string") return { css: selector };
  const pattern = selector.pattern ? compiledPattern(selector.pattern) : undefined;
  return {
    css: selector.selector,
    ...(selector.attr ? { attr: selector.attr } : {}),
    ...(pattern ? { pattern } : {}),
  };
}

const cssOf = (selector: FieldSelector): string =>
  typeof selector === "string" ? selector : selector.selector;

/** Every selector text a profile uses. */
export function profileSelectors(profile: SiteProfile): string[] {
  return Object.values(profile.fields).flatMap((selectors) => (selectors ?? []).map(cssOf));
}

function selectedValue<E>(
  view: MarkupView<E>,
  el: E,
  attr: string | undefined,
  pattern: RegExp | undefined,
): string | null {
  const raw = attr ? (view.attr(el, attr) ?? "") : view.text(el);
  let value = raw.slice(0, 2000);
  if (pattern) {
    pattern.lastIndex = 0;
    const m = pattern.exec(value);
    if (!m) return null;
    value = m[1] ?? m[0];
  }
  value = value.replace(/\s+/g, " ").trim();
  return value === "" ? null : value;
}

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:;|!|$)/i;
const MAX_HIDDEN_DEPTH = 8;

/** Hidden by its own or a close ancestor's `hidden` attribute or inline `display:none`. */
function isHiddenIn<E>(view: MarkupView<E>, el: E): boolean {
  let node: E | null = el;
  for (let depth = 0; node !== null && depth < MAX_HIDDEN_DEPTH; depth++) {
    if (view.attr(node, "hidden") !== undefined) return true;
    const style = view.attr(node, "style");
    if (style !== undefined && HIDDEN_STYLE.test(style)) return true;
    node = view.parentTag(node);
  }
  return false;
}

/** Every value the field's selectors yield, in selector order then document order. */
function* values<E>(
  view: MarkupView<E>,
  selectors: readonly FieldSelector[] | undefined,
): Generator<[string, E]> {
  for (const selector of selectors ?? []) {
    const { css, attr, pattern } = selectorParts(selector);
    for (const el of take(view.select(css), MAX_MATCHES)) {
      const value = selectedValue(view, el, attr, pattern);
      if (value !== null) yield [value, el];
    }
  }
}

function firstValue<E>(view: MarkupView<E>, profile: SiteProfile, field: ProfileField): string | undefined {
  for (const [value] of values(view, profile.fields[field])) return value;
  return undefined;
}

/** What a CSS profile yields: field values, and whether its price element says "no price". */
export interface CssProfileReading extends FieldCandidates {
  /** The text of a matched price element that states there is no price ("暂无报价"), when no price was read. */
  noPriceText?: string;
}

/** Fields a caller can still use; the rest are not read (promotions and identifiers always are). */
export type WantedFields = Partial<
  Record<"title" | "price" | "listPrice" | "seller" | "sellerId" | "shipFrom" | "stock", boolean>
>;

const ALL: WantedFields = {
  title: true,
  price: true,
  listPrice: true,
  seller: true,
  sellerId: true,
  shipFrom: true,
  stock: true,
};

/** The selectors applyCssProfile may run for these wanted fields. */
function wantedSelectors(profile: SiteProfile, wanted: WantedFields): string[] {
  const read = (field: ProfileField) => (profile.fields[field] ?? []).map(cssOf);
  const fields: ProfileField[] = ["promotions", "identifiers"];
  if (wanted.title) fields.push("title");
  if (wanted.price || wanted.listPrice) fields.push("price");
  if (wanted.listPrice) fields.push("listPrice");
  for (const field of ["seller", "sellerId", "shipFrom", "stock"] as const)
    if (wanted[field]) fields.push(field);
  return fields.flatMap(read);
}

/**
 * Applies a CSS profile; price candidates that are struck through or labelled as list/unit prices
 * are skipped. `wanted` leaves out fields the caller already has (their values would be dropped).
 */
export function applyCssProfile<E>(
  view: MarkupView<E>,
  profile: SiteProfile,
  wanted: WantedFields = ALL,
  isFurniture: (el: E) => boolean = () => false,
): CssProfileReading {
  const out: CssProfileReading = {};
  let noPriceText: string | undefined;
  let finalPrice: string | undefined;
  view.prepare(wantedSelectors(profile, wanted));
  if (wanted.title) {
    const title = firstValue(view, profile, "title");
    if (title) out.title = title;
  }

  // The list price is kept only above the profile's own price, so reading it needs that price.
  if (wanted.price || wanted.listPrice) {
    for (const [value, el] of values(view, profile.fields.price)) {
      // Another product's card, a review or a sidebar: its price is not this listing's.
      if (isFurniture(el)) continue;
      if (isStruckThroughIn(view, el) || isListPriceClass(classAndIdOf(view, el))) continue;
      const label = view.labelBefore(el);
      // "券后 146.00" is the price after the listing's offers: a stated final price, compared
      // with the effective price and never the listed price the offers are taken off.
      if (FINAL_PRICE_LABEL.test(label)) {
        const final = readPriceText(value, profile.currency)?.amount;
        if (final && finalPrice === undefined) finalPrice = `券后¥${final}`;
        continue;
      }
      const reading = readPriceText(`${label} ${value}`.trim(), profile.currency) ?? null;
      if (reading === null || readPriceText(value, profile.currency) === null) {
        if (noPriceText === undefined && isNoPriceText(value)) noPriceText = value;
        continue;
      }
      out.price = reading.amount;
      if (reading.range) out.priceRange = reading.range;
      const currency = reading.currency ?? profile.currency;
      if (currency) out.currency = currency;
      break;
    }
    if (out.price === undefined && noPriceText !== undefined) out.noPriceText = noPriceText;
  }
  if (wanted.listPrice) {
    for (const [value, el] of values(view, profile.fields.listPrice)) {
      if (isFurniture(el)) continue;
      // The list-price element carries the "原价" label itself, so parse it without the trap check.
      const amount = readPriceText(value.replace(/[^\d.,\s¥￥$€£元万-]/g, " "), profile.currency)?.amount;
      if (amount && (out.price === undefined || Number(amount) > Number(out.price))) {
        out.listPrice = amount;
        break;
      }
    }
  }
  for (const field of ["seller", "sellerId", "shipFrom"] as const) {
    if (!wanted[field]) continue;
    const value = firstValue(view, profile, field);
    if (value) out[field] = value;
  }
  if (wanted.stock) {
    for (const [value, el] of values(view, profile.fields.stock)) {
      // A hidden stock element is one the page's script has not shown: JD's item HTML carries a
      // `display:none` 到货通知 button whether or not the item is in stock.
      if (isHiddenIn(view, el) || isFurniture(el)) continue;
      const state = value.length <= 200 ? availabilityFromText(value) : null;
      if (state) {
        out.availability = state;
        break;
      }
    }
  }
  const promotions = new Set<string>(finalPrice !== undefined ? [finalPrice] : []);
  for (const [value, el] of values(view, profile.fields.promotions)) {
    if (value.length <= 300 && !isFurniture(el)) promotions.add(value);
    if (promotions.size >= 30) break;
  }
  if (promotions.size > 0) out.promotions = [...promotions];
  const identifiers = new Set<string>();
  for (const [value, el] of values(view, profile.fields.identifiers)) {
    if (value.length <= 100 && !isFurniture(el)) identifiers.add(value);
  }
  if (identifiers.size > 0) out.identifiers = [...identifiers];
  return out;
}
