import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import type { FieldSelector } from "../core/config.js";
import { availabilityFromText } from "./availability-text.js";
import { classAndId, isStruckThrough, labelBefore, nodeText } from "./dom-text.js";
import type { FieldCandidates } from "./field-candidates.js";
import { isListPriceClass, isNoPriceText } from "./price-traps.js";
import { readPriceText } from "./price-value.js";
import type { ProfileField, SiteProfile } from "./site-profile.js";

const MAX_MATCHES = 20;

function selectorParts(selector: FieldSelector): { css: string; attr?: string; pattern?: RegExp } {
  if (typeof selector === "string") return { css: selector };
  let pattern: RegExp | undefined;
  try {
    pattern = selector.pattern ? new RegExp(selector.pattern) : undefined;
  } catch {
    pattern = undefined;
  }
  return {
    css: selector.selector,
    ...(selector.attr ? { attr: selector.attr } : {}),
    ...(pattern ? { pattern } : {}),
  };
}

function select($: CheerioAPI, css: string): Element[] {
  try {
    return $(css)
      .toArray()
      .filter((n): n is Element => n.type === "tag")
      .slice(0, MAX_MATCHES);
  } catch {
    // A channel profile with a selector css-select cannot parse yields nothing, not a crash.
    return [];
  }
}

function selectedValue(
  $: CheerioAPI,
  el: Element,
  attr: string | undefined,
  pattern: RegExp | undefined,
): string | null {
  const raw = attr ? (el.attribs[attr] ?? "") : nodeText($, $(el));
  let value = raw.slice(0, 2000);
  if (pattern) {
    const m = pattern.exec(value);
    if (!m) return null;
    value = m[1] ?? m[0];
  }
  value = value.replace(/\s+/g, " ").trim();
  return value === "" ? null : value;
}

/** Every value the field's selectors yield, in selector order then document order. */
function* values(
  $: CheerioAPI,
  selectors: readonly FieldSelector[] | undefined,
): Generator<[string, Element]> {
  for (const selector of selectors ?? []) {
    const { css, attr, pattern } = selectorParts(selector);
    for (const el of select($, css)) {
      const value = selectedValue($, el, attr, pattern);
      if (value !== null) yield [value, el];
    }
  }
}

function firstValue($: CheerioAPI, profile: SiteProfile, field: ProfileField): string | undefined {
  for (const [value] of values($, profile.fields[field])) return value;
  return undefined;
}

/** What a CSS profile yields: field values, and whether its price element says "no price". */
export interface CssProfileReading extends FieldCandidates {
  /** The text of a matched price element that states there is no price ("暂无报价"), when no price was read. */
  noPriceText?: string;
}

/** Applies a CSS profile; price candidates that are struck through or labelled as list/unit prices are skipped. */
export function applyCssProfile($: CheerioAPI, profile: SiteProfile): CssProfileReading {
  const out: CssProfileReading = {};
  let noPriceText: string | undefined;
  const title = firstValue($, profile, "title");
  if (title) out.title = title;

  for (const [value, el] of values($, profile.fields.price)) {
    if (isStruckThrough(el) || isListPriceClass(classAndId(el))) continue;
    const label = labelBefore($, el);
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
  for (const [value] of values($, profile.fields.listPrice)) {
    // The list-price element carries the "原价" label itself, so parse it without the trap check.
    const amount = readPriceText(value.replace(/[^\d.,\s¥￥$€£元万-]/g, " "), profile.currency)?.amount;
    if (amount && (out.price === undefined || Number(amount) > Number(out.price))) {
      out.listPrice = amount;
      break;
    }
  }
  for (const field of ["seller", "sellerId", "shipFrom"] as const) {
    const value = firstValue($, profile, field);
    if (value) out[field] = value;
  }
  for (const [value] of values($, profile.fields.stock)) {
    const state = value.length <= 200 ? availabilityFromText(value) : null;
    if (state) {
      out.availability = state;
      break;
    }
  }
  const promotions = new Set<string>();
  for (const [value] of values($, profile.fields.promotions)) {
    if (value.length <= 300) promotions.add(value);
    if (promotions.size >= 30) break;
  }
  if (promotions.size > 0) out.promotions = [...promotions];
  const identifiers = new Set<string>();
  for (const [value] of values($, profile.fields.identifiers)) {
    if (value.length <= 100) identifiers.add(value);
  }
  if (identifiers.size > 0) out.identifiers = [...identifiers];
  return out;
}
