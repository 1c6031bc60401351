import type { Availability } from "../core/listing.js";
import { normalizeAvailability } from "./availability-value.js";
import type { FieldCandidates } from "./field-candidates.js";
import { readStructuredPrice } from "./price-value.js";

type Node = Record<string, unknown>;

const MAX_DEPTH = 12;
const MAX_NODES = 2000;
const PRODUCT_TYPES =
  /^(product|productgroup|individualproduct|productmodel|someproducts|vehicle|car|book|drug|medicaldevice)$/i;
const LIST_PRICE_TYPE = /listprice|strikethrough|srp|msrp|invoice|minimumadvertised/i;
const IDENTIFIER_KEYS = ["gtin", "gtin8", "gtin12", "gtin13", "gtin14", "sku", "mpn", "productid", "isbn"];

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Property lookup that tolerates the key casing real sites use ("lowprice", "Offers"). */
function prop(node: Node, key: string): unknown {
  if (key in node) return node[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(node)) if (k.toLowerCase() === lower) return node[k];
  return undefined;
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function types(node: Node): string[] {
  return list(prop(node, "@type"))
    .filter((t): t is string => typeof t === "string")
    .map((t) => t.replace(/^.*[/#:]/, ""));
}

function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim() || null;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return text(value[0]);
  if (isNode(value)) return text(prop(value, "name") ?? prop(value, "@value"));
  return null;
}

/** Real blocks carry HTML comments, CDATA wrappers, raw newlines in strings and trailing junk. */
function parseBlock(raw: string): unknown {
  const cleaned = raw
    .trim()
    .replace(/^(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, "")
    .replace(/(?:-->|\/\/\s*\]\]>|\]\]>)$/, "")
    .trim();
  try {
    return JSON.parse(cleaned);
  } catch {
    try {
      // Control characters inside strings are invalid JSON but common; blank them and retry.
      return JSON.parse(cleaned.replace(/[\u0000-\u001f]+/g, " "));
    } catch {
      return undefined;
    }
  }
}

/** Product-like nodes, in document order, through arrays, @graph, mainEntity and hasVariant. */
function collectProducts(root: unknown): Node[] {
  const found: Node[] = [];
  let visited = 0;
  const walk = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || visited > MAX_NODES) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    if (!isNode(value)) return;
    visited++;
    const isProduct = types(value).some((t) => PRODUCT_TYPES.test(t));
    if (isProduct || (prop(value, "offers") !== undefined && !types(value).includes("Offer")))
      found.push(value);
    for (const key of ["@graph", "mainEntity", "hasVariant", "itemOffered"]) {
      const child = prop(value, key);
      if (child !== undefined && child !== null) walk(child, depth + 1);
    }
  };
  walk(root, 0);
  return found;
}

/** One offer of a product, as stated. */
interface OfferFacts {
  price: string | null;
  low: string | null;
  high: string | null;
  listPrice: string | null;
  currency: string | null;
  availability: Availability | null;
  /** An availability value that maps to neither state. */
  unread?: string;
  seller: string | null;
  /** sku, gtin, url and @id: what a URL's variant id may name. */
  keys: string[];
}

interface OfferReading {
  prices: string[];
  lows: string[];
  highs: string[];
  listPrice: string | null;
  currency: string | null;
  availability: Availability[];
  /** The first availability value that maps to neither state. */
  unread?: string;
  seller: string | null;
}

/** Price inside a nested price object ({ value }, { sales: { value } }), skipping list entries. */
function nestedPrice(value: unknown, depth = 0): string | null {
  if (depth > 3) return null;
  if (!isNode(value)) return readStructuredPrice(Array.isArray(value) ? value[0] : value);
  for (const key of ["price", "value", "amount", "decimalPrice", "sales", "sale", "current"]) {
    const inner = prop(value, key);
    if (inner !== undefined) {
      const found = nestedPrice(inner, depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}

const SALE_TYPE = /saleprice|sale|special|promo/i;

/** Whether a price specification is valid at `now` (no dates: always). */
function isCurrent(spec: Node, now: number): boolean {
  const from = Date.parse(text(prop(spec, "validFrom")) ?? "");
  const through = Date.parse(text(prop(spec, "validThrough")) ?? "");
  return !(from > now) && !(through < now);
}

/** Every offer, nested AggregateOffer lists included, each with its own facts. */
function readOffers(value: unknown, into: OfferFacts[], depth: number, now: number): void {
  if (depth > 4) return;
  for (const offer of list(value).slice(0, 200)) {
    if (!isNode(offer) || into.length >= 400) continue;
    const facts: OfferFacts = {
      price: nestedPrice(prop(offer, "price")),
      low: nestedPrice(prop(offer, "lowPrice")),
      high: nestedPrice(prop(offer, "highPrice")),
      listPrice: null,
      currency: text(prop(offer, "priceCurrency")),
      availability: null,
      seller: null,
      keys: [],
    };
    let sale: string | null = null;
    let untyped: string | null = null;
    for (const spec of list(prop(offer, "priceSpecification")).slice(0, 20)) {
      if (!isNode(spec)) continue;
      const amount = nestedPrice(prop(spec, "price"));
      if (amount === null) continue;
      const priceType = text(prop(spec, "priceType")) ?? "";
      const reference = prop(spec, "referenceQuantity");
      const perUnit = isNode(reference) && Number(text(prop(reference, "value")) ?? "1") !== 1;
      if (LIST_PRICE_TYPE.test(priceType)) facts.listPrice ??= amount;
      else if (!perUnit && isCurrent(spec, now)) {
        // A current sale price outranks the regular one, whichever the offer's `price` repeats.
        if (SALE_TYPE.test(priceType)) sale ??= amount;
        else untyped ??= amount;
      }
      facts.currency ??= text(prop(spec, "priceCurrency"));
    }
    if (sale !== null) {
      if (facts.price !== null && compareDecimal(facts.price, sale) > 0) facts.listPrice ??= facts.price;
      facts.price = sale;
    } else facts.price ??= untyped;
    const stated = text(prop(offer, "availability"));
    facts.availability = normalizeAvailability(stated);
    if (!facts.availability && stated) facts.unread = stated;
    const seller = prop(offer, "seller") ?? prop(offer, "offeredBy");
    if (seller !== undefined) facts.seller = text(seller);
    for (const key of [
      "sku",
      "gtin",
      "gtin13",
      "gtin14",
      "gtin12",
      "gtin8",
      "mpn",
      "productID",
      "url",
      "@id",
    ]) {
      const id = text(prop(offer, key));
      if (id) facts.keys.push(id);
    }
    const itemOffered = prop(offer, "itemOffered");
    if (isNode(itemOffered))
      for (const key of ["sku", "productID", "url", "@id"]) {
        const id = text(prop(itemOffered, key));
        if (id) facts.keys.push(id);
      }
    into.push(facts);
    const nested = prop(offer, "offers");
    if (nested !== undefined) readOffers(nested, into, depth + 1, now);
  }
}

/** Query values and the last path segment of the page's URL that may name its variant. */
function variantIds(url: string): string[] {
  try {
    const parsed = new URL(url);
    const ids: string[] = [];
    for (const [key, value] of parsed.searchParams)
      if (
        /^(?:sku|sku_?id|variant|variant_?id|vid|item_?id|id|pid|spec_?id)$/i.test(key) &&
        value.length >= 3
      )
        ids.push(value);
    const last = /([A-Za-z0-9_-]{4,})(?:\.html?)?$/.exec(parsed.pathname)?.[1];
    if (last) ids.push(last);
    return ids;
  } catch {
    return [];
  }
}

/** Whether an offer key (a sku, a URL, an @id) names one of the URL's variant ids. */
function namesVariant(key: string, ids: readonly string[]): boolean {
  return ids.some(
    (id) =>
      key === id ||
      (key.length > id.length &&
        new RegExp(`(?:^|[^A-Za-z0-9])${id.replace(/[^A-Za-z0-9]/g, "\\$&")}(?:$|[^A-Za-z0-9])`).test(key)),
  );
}

/**
 * The offers that describe this listing: the one the URL names (its sku or variant id), else the
 * ones a shopper can buy now, else all. A product's first offer is often an out-of-stock variant
 * or another seller; its price is not this listing's.
 */
function offersOfListing(offers: readonly OfferFacts[], url: string): OfferFacts[] {
  if (offers.length <= 1) return [...offers];
  const ids = variantIds(url);
  if (ids.length > 0) {
    const named = offers.filter((o) => o.keys.some((k) => namesVariant(k, ids)));
    if (named.length > 0 && named.length < offers.length) return named;
  }
  const buyable = offers.filter((o) => o.availability === "InStock");
  return buyable.length > 0 ? buyable : [...offers];
}

function summarize(offers: readonly OfferFacts[]): OfferReading {
  const reading: OfferReading = {
    prices: [],
    lows: [],
    highs: [],
    listPrice: null,
    currency: null,
    availability: [],
    seller: null,
  };
  for (const o of offers) {
    if (o.price !== null) reading.prices.push(o.price);
    if (o.low !== null) reading.lows.push(o.low);
    if (o.high !== null) reading.highs.push(o.high);
    reading.listPrice ??= o.listPrice;
    reading.currency ??= o.currency;
    if (o.availability) reading.availability.push(o.availability);
    else if (o.unread) reading.unread ??= o.unread;
    reading.seller ??= o.seller;
  }
  return reading;
}

function compareDecimal(a: string, b: string): number {
  return Number(a) - Number(b);
}

/** schema.org Product/Offer data from every JSON-LD block of the page. */
export function readJsonLd(blocks: readonly string[], url = "", now = Date.now()): FieldCandidates {
  const products: Node[] = [];
  for (const block of blocks) products.push(...collectProducts(parseBlock(block)));
  if (products.length === 0) return {};

  const out: FieldCandidates = {};
  const availability: Availability[] = [];
  let unread: string | undefined;
  const identifiers = new Set<string>();
  for (const product of products) {
    const offers: OfferFacts[] = [];
    readOffers(prop(product, "offers"), offers, 0, now);
    const reading = summarize(offersOfListing(offers, url));
    availability.push(...reading.availability);
    unread ??= reading.unread;
    const name = text(prop(product, "name"));
    if (name && out.title === undefined) out.title = name;
    for (const key of IDENTIFIER_KEYS) {
      const id = text(prop(product, key));
      if (id) identifiers.add(id);
    }
    if (out.price !== undefined) continue;
    const candidates = [...reading.prices, ...reading.lows].sort(compareDecimal);
    const highs = [...reading.prices, ...reading.highs].sort(compareDecimal);
    const low = candidates[0];
    if (low === undefined) continue;
    out.price = low;
    const high = highs[highs.length - 1];
    if (high !== undefined && compareDecimal(high, low) > 0) out.priceRange = { low, high };
    if (reading.listPrice && compareDecimal(reading.listPrice, low) > 0) out.listPrice = reading.listPrice;
    if (reading.currency) out.currency = reading.currency;
    if (reading.seller) out.seller = reading.seller;
  }
  // Variants and colour pages list one offer each: buyable if any of them is.
  if (availability.includes("InStock")) out.availability = "InStock";
  else if (availability.includes("OutOfStock")) out.availability = "OutOfStock";
  else if (unread !== undefined) out.unreadAvailability = unread;
  if (identifiers.size > 0) out.identifiers = [...identifiers];
  return out;
}
