import { type CheerioAPI, load } from "cheerio/slim";
import type { CapturedResponse } from "../../core/captured-response.js";
import type { BlockRule, DataField, DataSource, FieldRead } from "../../core/data-source-config.js";
import type { Availability } from "../../core/listing.js";
import { valuesAt } from "./field-path.js";
import {
  applyPattern,
  availabilityOf,
  isRejection,
  mappedOf,
  normalizedRead,
  plainText,
  priceOf,
  scalarText,
  sellerText,
  truthy,
} from "./field-values.js";
import { readInlineState } from "./inline-state.js";
import { parseJsonLike } from "./js-literal.js";
import { COMMON_RESPONSE_BLOCKS } from "./response-blocks.js";

export type { CapturedResponse };

/** One listing read from data: a product's state, an API response, or a row of a search. */
export interface DataListing {
  url: string;
  itemId: string | null;
  title: string | null;
  price: string | null;
  priceRange: { low: string; high: string } | null;
  listPrice: string | null;
  /** The to-hand price the platform computes (JD 到手价, Taobao 券后): what a shopper pays. */
  finalPrice: string | null;
  currency: string | null;
  seller: string | null;
  sellerId: string | null;
  availability: Availability | null;
  /** A paid placement in a search: never counted as the seller's organic listing without saying so. */
  ad: boolean;
  drugClass: "rx" | "otc" | null;
  promotions: string[];
  /** `response jd-ware-business`, `inline jd-page-config`, `html-rows jd-search-html`. */
  source: string;
  /** Per field: the source and path that gave it. */
  fieldSources: Partial<Record<DataField, string>>;
  /** Candidates not taken, and why (a masked price, a tag price, a placeholder). */
  notes: string[];
  /** The masked value when the price is hidden until sign-in (JD `"1?"`, 登录查看价格). */
  masked: string | null;
}

export type BlockOutcome = "blocked" | "login_required" | "rate_limited";

export type SourceReading =
  | { kind: "item"; source: string; listings: DataListing[] }
  | { kind: "search"; source: string; listings: DataListing[] }
  | { kind: BlockOutcome; source: string; reason: string; url: string }
  | { kind: "empty"; source: string; reason: string; url: string };

const MAX_ROWS = 500;
const BLOCK_SCAN_CHARS = 64 * 1024;

function sourceLabel(source: DataSource): string {
  return `${source.from} ${source.id}`;
}

function decodedUrl(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

function resolveUrl(value: string, base: string): string | null {
  try {
    const url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href.slice(0, 2048) : null;
  } catch {
    return null;
  }
}

/** Reads one field with a value getter (field paths for JSON, selectors for HTML rows). */
type Getter = (read: FieldRead) => { values: unknown[]; path: string } | null;

function readListing(
  source: DataSource,
  get: Getter,
  idUrl: string,
  baseUrl: string,
  fallbackUrl: string | null,
): DataListing | null {
  const label = sourceLabel(source);
  const out: DataListing = {
    url: "",
    itemId: null,
    title: null,
    price: null,
    priceRange: null,
    listPrice: null,
    finalPrice: null,
    currency: null,
    seller: null,
    sellerId: null,
    availability: null,
    ad: false,
    drugClass: null,
    promotions: [],
    source: label,
    fieldSources: {},
    notes: [],
    masked: null,
  };
  const f = source.fields;
  const took = (field: DataField, path: string) => {
    out.fieldSources[field] = `${label}: ${path}`;
  };
  const text = (field: DataField, clean: (v: unknown) => string | null): string | null =>
    textWith(get, f[field], clean, (path) => took(field, path), 2048);

  out.itemId = text("itemId", scalarText);
  if (out.itemId === null && source.idFromUrl && idUrl)
    out.itemId = applyPattern(decodedUrl(idUrl), source.idFromUrl);
  const getWith = get;

  out.title = textWith(getWith, f.title, plainText, (p) => took("title", p), 500);
  out.seller = textWith(getWith, f.seller, sellerText, (p) => took("seller", p), 200);
  out.sellerId = textWith(getWith, f.sellerId, scalarText, (p) => took("sellerId", p), 100);
  out.currency = textWith(getWith, f.currency, scalarText, (p) => took("currency", p), 8);

  for (const field of ["price", "listPrice", "finalPrice"] as const) {
    const read = f[field];
    if (!read) continue;
    const got = getWith(read);
    if (!got) continue;
    const { unit } = normalizedRead(read);
    for (const value of got.values) {
      const price = priceOf(value, unit);
      if (price === null) continue;
      if (isRejection(price)) {
        if (price.kind === "masked" && field === "price") out.masked ??= price.raw.slice(0, 40);
        out.notes.push(`${field} at ${got.path} rejected: ${price.kind} value "${price.raw.slice(0, 40)}"`);
        continue;
      }
      if (field === "price") {
        out.price = price.amount;
        if (price.range) out.priceRange = price.range;
      } else out[field] = price.amount;
      took(field, got.path);
      break;
    }
  }

  // A to-hand price is what is left after discounts: one above the selling price is another
  // price (a pre-discount price in a slot that usually holds the to-hand one).
  if (out.finalPrice !== null && out.price !== null && Number(out.finalPrice) > Number(out.price)) {
    out.notes.push(`finalPrice ${out.finalPrice} above the price ${out.price}: not a to-hand price`);
    out.finalPrice = null;
    delete out.fieldSources.finalPrice;
  }

  if (f.availability) {
    const got = getWith(f.availability);
    if (got) {
      const value = availabilityOf(
        got.values.length === 1 ? got.values[0] : got.values,
        normalizedRead(f.availability).map,
      );
      if (value) {
        out.availability = value;
        took("availability", got.path);
      } else
        out.notes.push(
          `availability at ${got.path}: value ${JSON.stringify(got.values[0])?.slice(0, 40)} not known`,
        );
    }
  }
  if (f.ad) {
    const got = getWith(f.ad);
    const { map } = normalizedRead(f.ad);
    if (got?.values.some((v) => truthy(map ? mappedOf(v, map) : v))) {
      out.ad = true;
      took("ad", got.path);
    }
  }
  if (f.drugClass) {
    const got = getWith(f.drugClass);
    const { map } = normalizedRead(f.drugClass);
    const value = got ? mappedOf(got.values.length === 1 ? got.values[0] : got.values, map) : null;
    if (got && (value === "rx" || value === "otc")) {
      out.drugClass = value;
      took("drugClass", got.path);
    }
  }
  if (f.promotions) {
    // Every path, not the first that answers: a platform lists its offers in more than one place
    // (JD's labels and its pop-up's entries), and each adds its own.
    const seen = new Set<string>();
    const paths: string[] = [];
    for (const path of normalizedRead(f.promotions).paths) {
      const got = getWith(path);
      if (!got) continue;
      const before = seen.size;
      for (const value of got.values) {
        const promo = plainText(value)?.slice(0, 300);
        if (promo && !seen.has(promo) && seen.size < 30) seen.add(promo);
      }
      if (seen.size > before) paths.push(got.path);
    }
    if (seen.size > 0) {
      out.promotions = [...seen];
      took("promotions", paths.join(", "));
    }
  }

  const linked = textWith(getWith, f.url, scalarText, (p) => took("url", p), 2048);
  const url =
    (linked ? resolveUrl(linked, baseUrl) : null) ??
    (source.itemUrl && out.itemId
      ? resolveUrl(source.itemUrl.replace("{itemId}", encodeURIComponent(out.itemId)), baseUrl)
      : null) ??
    fallbackUrl;
  if (!url) return null;
  out.url = url;
  const hasData =
    out.title !== null ||
    out.price !== null ||
    out.seller !== null ||
    out.sellerId !== null ||
    out.masked !== null;
  return hasData ? out : null;
}

function textWith(
  get: Getter,
  read: FieldRead | undefined,
  clean: (v: unknown) => string | null,
  took: (path: string) => void,
  max: number,
): string | null {
  if (!read) return null;
  const got = get(read);
  if (!got) return null;
  const { pattern, map } = normalizedRead(read);
  for (const value of got.values) {
    const raw = map ? mappedOf(value, map) : clean(value);
    const kept = raw === null ? null : applyPattern(raw, pattern);
    if (kept) {
      took(got.path);
      return kept.slice(0, max);
    }
  }
  return null;
}

function jsonGetter(root: unknown, vars: () => Readonly<Record<string, string>>): Getter {
  return (read) => {
    for (const path of normalizedRead(read).paths) {
      const values = valuesAt(root, path, vars());
      if (values.length > 0) return { values, path };
    }
    return null;
  };
}

/** Listings from parsed data: one for an item source, one per row for a search. */
function readData(
  source: DataSource,
  root: unknown,
  idUrl: string,
  baseUrl: string,
  fallbackUrl: string | null,
): DataListing[] {
  if (source.kind === "search") {
    const rowsAt = source.rows ? valuesAt(root, source.rows) : [];
    const rows = rowsAt.length === 1 && Array.isArray(rowsAt[0]) ? rowsAt[0] : rowsAt;
    const listings: DataListing[] = [];
    for (const row of rows.slice(0, MAX_ROWS)) {
      const listing = readRow(source, row, baseUrl);
      if (listing) listings.push(listing);
    }
    return listings;
  }
  const listing = readOne(source, root, idUrl, baseUrl, fallbackUrl);
  return listing ? [listing] : [];
}

function readOne(
  source: DataSource,
  root: unknown,
  idUrl: string,
  baseUrl: string,
  fallbackUrl: string | null,
): DataListing | null {
  let vars: Record<string, string> = {};
  const getter = jsonGetter(root, () => vars);
  // The item id first: later paths may name it ({itemId}).
  const probe = readListingId(source, getter, idUrl);
  if (probe) vars = { itemId: probe };
  return readListing(source, getter, idUrl, baseUrl, fallbackUrl);
}

function readRow(source: DataSource, row: unknown, baseUrl: string): DataListing | null {
  let vars: Record<string, string> = {};
  const getter = jsonGetter(row, () => vars);
  const id = readListingId(source, getter, "");
  if (id) vars = { itemId: id };
  return readListing(source, getter, "", baseUrl, null);
}

function readListingId(source: DataSource, get: Getter, idUrl: string): string | null {
  if (source.fields.itemId) {
    const got = get(source.fields.itemId);
    const text = got ? scalarText(got.values[0]) : null;
    if (text) return text;
  }
  return source.idFromUrl && idUrl ? applyPattern(decodedUrl(idUrl), source.idFromUrl) : null;
}

/** Whether a source's URL pattern selects the URL (no pattern: any URL). */
export function urlMatches(pattern: string | undefined, url: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern, "i").test(url);
  } catch {
    return false;
  }
}

function joinedValues(root: unknown, path: string): string {
  return valuesAt(root, path)
    .map((v) => (typeof v === "string" ? v : JSON.stringify(v)))
    .join(" ");
}

function blockHit(rule: BlockRule, response: CapturedResponse, parsed: () => unknown): boolean {
  if (rule.status !== undefined && rule.status !== response.status) return false;
  if (rule.header !== undefined && response.headers[rule.header.toLowerCase()] === undefined) return false;
  if (rule.emptyBody !== undefined && (response.body.trim() === "") !== rule.emptyBody) return false;
  if (rule.pattern !== undefined) {
    const re = new RegExp(rule.pattern, "i");
    if (rule.path !== undefined) {
      const root = parsed();
      if (root === undefined) return false;
      return re.test(joinedValues(root, rule.path));
    }
    return re.test(response.body.slice(0, BLOCK_SCAN_CHARS));
  }
  if (rule.path !== undefined) {
    const root = parsed();
    return root !== undefined && valuesAt(root, rule.path).length > 0;
  }
  return true;
}

/** The sources of a profile that select this response (by request URL). */
export function sourcesForResponse(sources: readonly DataSource[], url: string): DataSource[] {
  return sources.filter((s) => s.from === "response" && urlMatches(s.url, url));
}

/**
 * What one captured response says: a block, or the listings its sources read. Null when no
 * source of the profile asks for it (a tracking pixel, a script). Never throws.
 */
export function readResponse(
  response: CapturedResponse,
  sources: readonly DataSource[],
  pageUrl: string | null,
): SourceReading | null {
  const selected = sourcesForResponse(sources, response.url);
  if (selected.length === 0) return null;
  let parsedOnce = false;
  let parsedValue: unknown;
  const parsed = () => {
    if (!parsedOnce) {
      parsedOnce = true;
      parsedValue = parseJsonLike(response.body);
    }
    return parsedValue;
  };
  const first = selected[0] as DataSource;
  for (const source of selected) {
    for (const rule of [...(source.blocks ?? []), ...COMMON_RESPONSE_BLOCKS]) {
      if (blockHit(rule, response, parsed))
        return { kind: rule.outcome, source: sourceLabel(source), reason: rule.reason, url: response.url };
    }
  }
  const root = parsed();
  if (root === undefined || typeof root !== "object" || root === null) {
    return {
      kind: "empty",
      source: sourceLabel(first),
      reason: `HTTP ${response.status}: the response is not JSON`,
      url: response.url,
    };
  }
  for (const source of selected) {
    const listings = readData(source, root, response.url, pageUrl ?? response.url, pageUrl);
    if (listings.length > 0) return { kind: source.kind, source: sourceLabel(source), listings };
  }
  return {
    kind: "empty",
    source: sourceLabel(first),
    reason: `HTTP ${response.status}: none of the profile's fields are in the response`,
    url: response.url,
  };
}

/** Listings from a page's inline state and HTML rows, per source that found anything. */
export function readPageSources(
  html: string,
  pageUrl: string,
  sources: readonly DataSource[],
): SourceReading[] {
  const readings: SourceReading[] = [];
  let dom: CheerioAPI | null = null;
  for (const source of sources) {
    if (source.from === "response" || !urlMatches(source.url, pageUrl)) continue;
    if (source.from === "inline" && source.name) {
      const state = readInlineState(html, source.name);
      if (state === undefined) continue;
      const listings = readData(source, state, pageUrl, pageUrl, pageUrl);
      if (listings.length > 0) readings.push({ kind: source.kind, source: sourceLabel(source), listings });
    } else if (source.from === "html-rows" && source.rows) {
      dom ??= load(html);
      const listings = readHtmlRows(dom, source, pageUrl);
      if (listings.length > 0) readings.push({ kind: "search", source: sourceLabel(source), listings });
    }
  }
  return readings;
}

/** `@text:not(.p-tag)`: the element's text without that of the descendants the selector matches. */
const TEXT_WITHOUT = /^text:not\((.{1,200})\)$/;

/**
 * `sel`, `sel@attr`, `@attr` of the row itself, or `sel@text:not(label)`: the text without a
 * label element the site puts inside the title (JD's `<span class="p-tag">京品电脑</span>`).
 */
function htmlGetter($: CheerioAPI, row: Parameters<CheerioAPI>[0]): Getter {
  return (read) => {
    for (const spec of normalizedRead(read).paths) {
      const at = spec.lastIndexOf("@");
      const selector = at >= 0 ? spec.slice(0, at).trim() : spec;
      const attr = at >= 0 ? spec.slice(at + 1).trim() : null;
      const without = attr ? TEXT_WITHOUT.exec(attr)?.[1] : undefined;
      let nodes: ReturnType<CheerioAPI>;
      try {
        // `:root sel` reads the page around the rows (a seller list's medicine name in its heading).
        nodes =
          selector === ""
            ? $(row)
            : selector.startsWith(":root ")
              ? $(selector.slice(6))
              : $(row).find(selector);
        if (without !== undefined) $(row).find(without);
      } catch {
        continue;
      }
      const values: string[] = [];
      nodes.slice(0, 30).each((_, el) => {
        const value =
          without !== undefined
            ? $(el).clone().find(without).remove().end().text()
            : attr
              ? $(el).attr(attr)
              : $(el).text();
        if (value !== undefined && value.trim() !== "") values.push(value.trim());
      });
      if (values.length > 0) return { values, path: spec };
    }
    return null;
  };
}

function readHtmlRows($: CheerioAPI, source: DataSource, pageUrl: string): DataListing[] {
  const listings: DataListing[] = [];
  let rows: ReturnType<CheerioAPI>;
  try {
    rows = $(source.rows as string);
  } catch {
    return listings;
  }
  rows.slice(0, MAX_ROWS).each((_, row) => {
    const listing = readListing(source, htmlGetter($, row), "", pageUrl, null);
    if (listing) listings.push(listing);
  });
  return listings;
}
