import type { FieldSource } from "../core/listing.js";
import type { MetaTag } from "../html/html-scan.js";
import { normalizeAvailability } from "./availability-value.js";
import type { FieldCandidates, FieldName } from "./field-candidates.js";
import { readStructuredPrice } from "./price-value.js";

export interface MetaReading {
  fields: FieldCandidates;
  sources: Partial<Record<FieldName, FieldSource>>;
}

// Sale price before regular price: a page that states both is advertising the sale.
const PRICE_KEYS = [
  "product:sale_price:amount",
  "og:sale_price:amount",
  "product:price:amount",
  "og:price:amount",
  "og:price",
  "product:price",
];
const LIST_PRICE_KEYS = [
  "product:original_price:amount",
  "og:price:standard_amount",
  "product:retail_price:amount",
];
const CURRENCY_KEYS = [
  "product:sale_price:currency",
  "product:price:currency",
  "og:price:currency",
  "product:currency",
];
const AVAILABILITY_KEYS = ["product:availability", "og:availability", "availability"];

function first(metas: readonly MetaTag[], keys: readonly string[]): MetaTag | undefined {
  for (const key of keys) {
    const found = metas.find((m) => m.key === key && m.content.trim() !== "");
    if (found) return found;
  }
  return undefined;
}

function sourceOf(tag: MetaTag): FieldSource {
  return tag.key.startsWith("og:") ? "opengraph" : "meta";
}

/** OpenGraph and product meta tags (`product:price:amount`, `og:price:amount`, …). */
export function readMetaTags(all: readonly MetaTag[]): MetaReading {
  const metas = all.filter((m) => !m.microdata);
  const fields: FieldCandidates = {};
  const sources: MetaReading["sources"] = {};
  const currencyTag = first(metas, CURRENCY_KEYS);
  const currency = currencyTag?.content.trim().slice(0, 8);
  const priceTag = first(metas, PRICE_KEYS);
  const price = priceTag ? readStructuredPrice(priceTag.content, currency) : null;
  if (priceTag && price !== null) {
    fields.price = price;
    sources.price = sourceOf(priceTag);
    if (currencyTag && currency) {
      fields.currency = currency;
      sources.currency = sourceOf(currencyTag);
    }
  }
  const listTag = first(metas, LIST_PRICE_KEYS);
  const listPrice = listTag ? readStructuredPrice(listTag.content, currency) : null;
  if (listTag && listPrice !== null && (price === null || Number(listPrice) > Number(price))) {
    fields.listPrice = listPrice;
    sources.listPrice = sourceOf(listTag);
  }
  const availabilityTag = first(metas, AVAILABILITY_KEYS);
  const availability = normalizeAvailability(availabilityTag?.content);
  if (availabilityTag && availability) {
    fields.availability = availability;
    sources.availability = sourceOf(availabilityTag);
  } else if (availabilityTag) fields.unreadAvailability = availabilityTag.content.trim();
  const titleTag = first(metas, ["og:title", "twitter:title"]);
  if (titleTag) {
    fields.title = titleTag.content.trim();
    sources.title = sourceOf(titleTag);
  }
  return { fields, sources };
}
