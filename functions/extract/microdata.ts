import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import type { Availability } from "../core/listing.js";
import { normalizeAvailability } from "./availability-value.js";
import { classAndId, isStruckThrough, nodeText } from "./dom-text.js";
import type { FieldCandidates } from "./field-candidates.js";
import { isListPriceClass } from "./price-traps.js";
import { readStructuredPrice } from "./price-value.js";

const IDENTIFIER_PROPS = ["gtin", "gtin8", "gtin12", "gtin13", "gtin14", "sku", "mpn", "productID"];

function itemValue($: CheerioAPI, el: Element): string {
  const attrs = el.attribs;
  const value =
    attrs.content ?? attrs.value ?? (el.tagName === "link" || el.tagName === "a" ? attrs.href : undefined);
  return (value ?? nodeText($, $(el), 300)).trim().slice(0, 300);
}

/** schema.org microdata (`itemprop`) of the page's first Product scope, or of the page. */
export function readMicrodata($: CheerioAPI): FieldCandidates {
  const products = $('[itemscope][itemtype*="Product" i]').toArray();
  const scope =
    products.find((p) => $(p).find('[itemprop="price"],[itemprop="lowPrice"]').length > 0) ?? products[0];
  const within = (prop: string) =>
    (scope ? $(scope).find(`[itemprop~="${prop}"]`) : $(`[itemprop~="${prop}"]`)).toArray();
  // Properties of the product itself, not of a nested brand/offer/review item.
  const own = (el: Element) => !scope || $(el).parent().closest("[itemscope]").get(0) === scope;

  const out: FieldCandidates = {};
  // Without a Product scope a bare itemprop="name" may name the site or a page section.
  const nameEl = scope ? within("name").find(own) : undefined;
  if (nameEl) out.title = itemValue($, nameEl);

  const currencyEl = within("priceCurrency")[0];
  const currency = currencyEl ? itemValue($, currencyEl) : undefined;
  if (currency) out.currency = currency;

  for (const el of within("price").slice(0, 20)) {
    if (isStruckThrough(el) || isListPriceClass(classAndId(el))) continue;
    const price = readStructuredPrice(itemValue($, el), currency);
    if (price !== null) {
      out.price = price;
      break;
    }
  }
  const low = within("lowPrice")[0];
  const high = within("highPrice")[0];
  const lowPrice = low ? readStructuredPrice(itemValue($, low), currency) : null;
  const highPrice = high ? readStructuredPrice(itemValue($, high), currency) : null;
  if (out.price === undefined && lowPrice !== null) out.price = lowPrice;
  if (lowPrice !== null && highPrice !== null && Number(highPrice) > Number(lowPrice)) {
    out.priceRange = { low: lowPrice, high: highPrice };
    out.price = lowPrice;
  }

  const states: Availability[] = [];
  let unread: string | undefined;
  for (const el of within("availability").slice(0, 50)) {
    const value = itemValue($, el);
    const state = normalizeAvailability(value);
    if (state) states.push(state);
    else if (value !== "") unread ??= value;
  }
  if (states.includes("InStock")) out.availability = "InStock";
  else if (states.includes("OutOfStock")) out.availability = "OutOfStock";
  else if (unread !== undefined) out.unreadAvailability = unread;

  const seller = within("seller")[0];
  if (seller) {
    const name = $(seller).find('[itemprop="name"]').get(0);
    const value = name ? itemValue($, name) : itemValue($, seller);
    if (value) out.seller = value;
  }
  const ids = new Set<string>();
  for (const prop of IDENTIFIER_PROPS) {
    const el = within(prop)[0];
    const value = el ? itemValue($, el) : "";
    if (value && value.length <= 100) ids.add(value);
  }
  if (ids.size > 0) out.identifiers = [...ids];
  return out;
}
