import {
  addOnDeal,
  bundleOffer,
  type ClassNamer,
  couponEstimateElsewhere,
  memberPrice,
  perUnitPrice,
  presaleDeposit,
  qaBlock,
  recoBlock,
  reviewsBlock,
  shippingFee,
  shopHeader,
  sizeList,
  titleSlogan,
} from "./furniture.js";
import type { ListingSpec } from "./listing-model.js";
import { escapeHtml, finalPriceFen, type Lang, titleOf } from "./page-text.js";
import { SeededRandom } from "./seeded-random.js";

/**
 * What every layout needs for one page on one day: the listing's title and prices, and its
 * furniture already dressed in the layout's class names, sorted by where it goes.
 */
export interface PageContext {
  spec: ListingSpec;
  day: number;
  lang: Lang;
  /** The whole listing's selling price that day (fen), or null when the page shows none. */
  listed: number | null;
  /** The to-hand price the page states (fen), when it states one. */
  final: number | null;
  title: string;
  /** Stable per listing, so furniture does not change from day to day. */
  rnd: SeededRandom;
}

export interface Furniture {
  /** Next to the price (member price, unit price, deposit). */
  nearPrice: string[];
  /** In a side column. */
  aside: string[];
  /** Below the product block. */
  below: string[];
  /** Size list, where the layout shows variants. */
  sizes: string;
  shopHead: string;
}

function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function pageContext(spec: ListingSpec, day: number, lang: Lang): PageContext {
  const rnd = new SeededRandom(hashOf(spec.id));
  const listed = spec.noPrice === null ? (spec.listedByDay[day] ?? null) : null;
  const base = spec.listedByDay[0] ?? 10000;
  const slogan = spec.traps.has("titleSlogan") ? titleSlogan(lang, rnd, base) : null;
  // A to-hand price is stated only where the listing's offers lower it.
  const lowered = listed !== null && spec.statesFinal ? finalPriceFen(spec, listed) : null;
  const final = lowered !== null && listed !== null && lowered < listed ? lowered : null;
  return { spec, day, lang, listed, final, title: titleOf(spec, lang, slogan), rnd };
}

/** Furniture for the page, from its traps; the reference price is the listed (or a usual) price. */
export function furnitureFor(ctx: PageContext, cls: ClassNamer): Furniture {
  const { spec, lang, rnd } = ctx;
  const ref = ctx.listed ?? spec.listedByDay[0] ?? 15000;
  const has = (t: Parameters<typeof spec.traps.has>[0]) => spec.traps.has(t);
  const f: Furniture = { nearPrice: [], aside: [], below: [], sizes: "", shopHead: "" };
  if (has("plusPrice") && ctx.listed !== null)
    f.nearPrice.push(memberPrice(lang, cls, ctx.final ?? ctx.listed));
  if (has("perUnitPrice") && ctx.listed !== null) f.nearPrice.push(perUnitPrice(spec, lang, cls, ctx.listed));
  if (has("presaleDeposit") && ctx.listed !== null) f.nearPrice.push(presaleDeposit(lang, cls, ctx.listed));
  if (has("shippingFee") && ctx.listed !== null) f.nearPrice.push(shippingFee(lang, cls, rnd));
  if (has("addOnDeal")) f.nearPrice.push(addOnDeal(lang, cls, rnd));
  if (has("recoSidebar") || has("recoPromos") || has("recoOutOfStock"))
    f.aside.push(
      recoBlock(spec, lang, rnd, cls, { promos: has("recoPromos"), soldOut: has("recoOutOfStock") }),
    );
  if (has("couponEstimateElsewhere")) f.aside.push(couponEstimateElsewhere(lang, cls, ref));
  if (has("bundleOffer")) f.below.push(bundleOffer(spec, lang, cls, ref, rnd));
  if (has("reviewPrices")) f.below.push(reviewsBlock(lang, rnd, cls, ref));
  if (has("qaPrices")) f.below.push(qaBlock(lang, rnd, cls, ref));
  if (has("sizeList") || has("sizeOutOfStock"))
    f.sizes = sizeList(spec, lang, cls, ref, has("sizeOutOfStock"));
  if (has("shopHeader") && spec.seller.name) f.shopHead = shopHeader(lang, cls, spec.seller.name, rnd);
  // A second recommendation block lower down, as most pages have more than one.
  if (has("recoSidebar") && rnd.chance(0.5))
    f.below.push(recoBlock(spec, lang, rnd, cls, { promos: rnd.chance(0.5), soldOut: false }));
  return f;
}

export function htmlDocument(lang: Lang, title: string, head: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="${lang === "en" ? "en" : "zh-CN"}"><head><meta charset="utf-8"><title>${escapeHtml(
    title,
  )}</title>${head}</head><body>${body}</body></html>`;
}

/** Plain class names: the logical name itself, with a layout prefix. */
export function prefixed(prefix: string): ClassNamer {
  return (name) => `${prefix}${name}`;
}

/** CSS-module class names (`Reco--item--3xk2a`), as React storefronts ship them. */
export function hashed(rnd: SeededRandom): ClassNamer {
  const seen = new Map<string, string>();
  return (name) => {
    let c = seen.get(name);
    if (!c) {
      const pascal = name.replace(/(^|-)(\w)/g, (_, __, ch: string) => ch.toUpperCase());
      c = `${pascal}--${name.split("-")[0]}--${rnd.token(5)}`;
      seen.set(name, c);
    }
    return c;
  };
}

/** A JSON literal safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
