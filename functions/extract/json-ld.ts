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

function readOffers(value: unknown, into: OfferReading, depth: number): void {
  if (depth > 4) return;
  for (const offer of list(value).slice(0, 200)) {
    if (!isNode(offer)) continue;
    const currency = text(prop(offer, "priceCurrency"));
    if (currency && !into.currency) into.currency = currency;
    const price = nestedPrice(prop(offer, "price"));
    if (price !== null) into.prices.push(price);
    for (const spec of list(prop(offer, "priceSpecification")).slice(0, 20)) {
      if (!isNode(spec)) continue;
      const amount = nestedPrice(prop(spec, "price"));
      if (amount === null) continue;
      const priceType = text(prop(spec, "priceType")) ?? "";
      const reference = prop(spec, "referenceQuantity");
      const perUnit = isNode(reference) && Number(text(prop(reference, "value")) ?? "1") !== 1;
      if (LIST_PRICE_TYPE.test(priceType)) into.listPrice ??= amount;
      else if (!perUnit && price === null) into.prices.push(amount);
      const specCurrency = text(prop(spec, "priceCurrency"));
      if (specCurrency && !into.currency) into.currency = specCurrency;
    }
    const low = nestedPrice(prop(offer, "lowPrice"));
    const high = nestedPrice(prop(offer, "highPrice"));
    if (low !== null) into.lows.push(low);
    if (high !== null) into.highs.push(high);
    const stated = text(prop(offer, "availability"));
    const availability = normalizeAvailability(stated);
    if (availability) into.availability.push(availability);
    else if (stated) into.unread ??= stated;
    const seller = prop(offer, "seller") ?? prop(offer, "offeredBy");
    if (!into.seller && seller !== undefined) into.seller = text(seller);
    const nested = prop(offer, "offers");
    if (nested !== undefined) readOffers(nested, into, depth + 1);
  }
}

function compareDecimal(a: string, b: string): number {
  return Number(a) - Number(b);
}

/** schema.org Product/Offer data from every JSON-LD block of the page. */
export function readJsonLd(blocks: readonly string[]): FieldCandidates {
  const products: Node[] = [];
  for (const block of blocks) products.push(...collectProducts(parseBlock(block)));
  if (products.length === 0) return {};

  const out: FieldCandidates = {};
  const availability: Availability[] = [];
  let unread: string | undefined;
  const identifiers = new Set<string>();
  for (const product of products) {
    const reading: OfferReading = {
      prices: [],
      lows: [],
      highs: [],
      listPrice: null,
      currency: null,
      availability: [],
      seller: null,
    };
    readOffers(prop(product, "offers"), reading, 0);
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
