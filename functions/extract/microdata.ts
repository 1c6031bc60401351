import type { Availability } from "../core/listing.js";
import { classAndIdOf, firstOf, isStruckThroughIn, type MarkupView } from "../html/markup-view.js";
import { normalizeAvailability } from "./availability-value.js";
import type { FieldCandidates } from "./field-candidates.js";
import { isListPriceClass, isListPriceText } from "./price-traps.js";
import { readStructuredPrice } from "./price-value.js";

/** Class/id tokens and labels of a sale price beside a regular one. */
const SALE_TOKEN =
  /(?:^|[-_\s])(?:sale|special|promo|offer|deal|now|current|final)(?:-?price)?(?:$|[-_\s])|sale-?price|special-?price/i;
const SALE_LABEL =
  /促销价|促銷價|活动价|活動價|特价|特價|优惠价|優惠價|秒杀价|\bsale\b|\bnow\b|\bspecial\b|\boffer\b/i;

function isSaleText(label: string): boolean {
  return SALE_LABEL.test(label);
}

const IDENTIFIER_PROPS = ["gtin", "gtin8", "gtin12", "gtin13", "gtin14", "sku", "mpn", "productID"];

/** Every selector microdata reading runs, so a view can tell beforehand whether it supports them. */
export const MICRODATA_SELECTORS = [
  '[itemscope][itemtype*="Product" i]',
  '[itemprop="price"],[itemprop="lowPrice"]',
  '[itemprop="name"]',
  ...[
    "name",
    "priceCurrency",
    "price",
    "lowPrice",
    "highPrice",
    "availability",
    "seller",
    ...IDENTIFIER_PROPS,
  ].map((prop) => `[itemprop~="${prop}"]`),
];

function itemValue<E>(view: MarkupView<E>, el: E): string {
  const tag = view.tagName(el);
  const value =
    view.attr(el, "content") ??
    view.attr(el, "value") ??
    (tag === "link" || tag === "a" ? view.attr(el, "href") : undefined);
  return (value ?? view.text(el, 300)).trim().slice(0, 300);
}

/** schema.org microdata (`itemprop`) of the page's first Product scope, or of the page. */
export function readMicrodata<E>(
  view: MarkupView<E>,
  isFurniture: (el: E) => boolean = () => false,
): FieldCandidates {
  // A recommended product's scope describes another listing.
  const products = [...view.select('[itemscope][itemtype*="Product" i]')].filter((p) => !isFurniture(p));
  const scope =
    products.find((p) => firstOf(view.find(p, '[itemprop="price"],[itemprop="lowPrice"]')) !== undefined) ??
    products[0];
  const within = (prop: string): E[] => {
    const css = `[itemprop~="${prop}"]`;
    const found = scope === undefined ? view.select(css) : view.find(scope, css);
    return [...found].filter((el) => !isFurniture(el));
  };
  const firstWithin = (prop: string) => firstOf(within(prop));
  // Properties of the product itself, not of a nested brand/offer/review item.
  const own = (el: E): boolean => {
    if (scope === undefined) return true;
    for (let node = view.parentTag(el); node !== null; node = view.parentTag(node)) {
      if (view.attr(node, "itemscope") !== undefined) return node === scope;
    }
    return false;
  };

  const out: FieldCandidates = {};
  // Without a Product scope a bare itemprop="name" may name the site or a page section.
  if (scope !== undefined) {
    for (const el of within("name")) {
      if (!own(el)) continue;
      out.title = itemValue(view, el);
      break;
    }
  }

  const currencyEl = firstWithin("priceCurrency");
  const currency = currencyEl !== undefined ? itemValue(view, currencyEl) : undefined;
  if (currency) out.currency = currency;

  // A regular and a sale price both marked `price`: the sale one is what a shopper pays.
  let regular: string | undefined;
  for (const el of within("price").slice(0, 20)) {
    const tokens = classAndIdOf(view, el);
    if (isStruckThroughIn(view, el) || isListPriceClass(tokens)) continue;
    const price = readStructuredPrice(itemValue(view, el), currency);
    if (price === null) continue;
    if (isListPriceText(view.labelBefore(el))) {
      regular ??= price;
      continue;
    }
    if (SALE_TOKEN.test(tokens) || isSaleText(view.labelBefore(el))) {
      out.price = price;
      break;
    }
    out.price ??= price;
  }
  out.price ??= regular;
  const low = firstWithin("lowPrice");
  const high = firstWithin("highPrice");
  const lowPrice = low !== undefined ? readStructuredPrice(itemValue(view, low), currency) : null;
  const highPrice = high !== undefined ? readStructuredPrice(itemValue(view, high), currency) : null;
  if (out.price === undefined && lowPrice !== null) out.price = lowPrice;
  if (lowPrice !== null && highPrice !== null && Number(highPrice) > Number(lowPrice)) {
    out.priceRange = { low: lowPrice, high: highPrice };
    out.price = lowPrice;
  }

  const states: Availability[] = [];
  let unread: string | undefined;
  let stockCandidates = 0;
  for (const el of within("availability")) {
    if (++stockCandidates > 50) break;
    const value = itemValue(view, el);
    const state = normalizeAvailability(value);
    if (state) states.push(state);
    else if (value !== "") unread ??= value;
  }
  if (states.includes("InStock")) out.availability = "InStock";
  else if (states.includes("OutOfStock")) out.availability = "OutOfStock";
  else if (unread !== undefined) out.unreadAvailability = unread;

  const seller = firstWithin("seller");
  if (seller !== undefined) {
    const name = firstOf(view.find(seller, '[itemprop="name"]'));
    const value = name !== undefined ? itemValue(view, name) : itemValue(view, seller);
    if (value) out.seller = value;
  }
  const ids = new Set<string>();
  for (const prop of IDENTIFIER_PROPS) {
    const el = firstWithin(prop);
    const value = el !== undefined ? itemValue(view, el) : "";
    if (value && value.length <= 100) ids.add(value);
  }
  if (ids.size > 0) out.identifiers = [...ids];
  return out;
}
