import type { CapturedResponse } from "../core/captured-response.js";
import type { ExtractProfile } from "../core/config.js";
import type { BlockRule, DataField, DataSource } from "../core/data-source-config.js";
import type { ExtractedListing, FieldSource } from "../core/listing.js";
import { emptyListing, extractListing } from "./extract-listing.js";
import { attachReasons, reasonsOf } from "./field-reasons.js";
import type { SiteProfile } from "./site-profile.js";
import { siteProfileByName, siteProfileForUrl } from "./site-profiles/registry.js";
import {
  type BlockOutcome,
  type DataListing,
  readPageSources,
  readResponse,
  type SourceReading,
  urlMatches,
} from "./sources/read-source.js";
import { findPromotions } from "./text-facts.js";

/**
 * One page as the platform showed it (its markup, the state its script declared, the JSON its
 * script received) → the listing it is, the listings it lists, or why it could not be seen.
 * A price read from the platform's own data outranks anything in the markup; a page whose data
 * hides the price (masked, a login wall, a challenge answer) is an outcome, never a price.
 */

export interface PageCapture {
  url: string;
  finalUrl: string;
  /** The page as text for reading (inline script code may be cut: see fullBody). */
  body: string;
  /** The whole page as received, inline scripts included: read only when a source needs state. */
  fullBody: () => string;
  responses?: readonly CapturedResponse[];
}

/** How a channel reads its pages: its CSS profile (or built-in name) and its data sources. */
export interface ChannelReading {
  profile: ExtractProfile | string | undefined;
  sources: readonly DataSource[];
}

export type PageObservation =
  | { kind: "item"; listing: ExtractedListing; notes: string[] }
  | { kind: "search"; listings: ExtractedListing[]; source: string; notes: string[] }
  | { kind: "unseen"; outcome: BlockOutcome; reason: string; notes: string[] };

const SOURCE_KIND: Record<string, FieldSource> = {
  response: "response",
  inline: "inline-state",
  "html-rows": "search-row",
};

/** `inline jd-page-config: product.name` → inline-state. */
function fieldSourceOf(label: string): FieldSource {
  return SOURCE_KIND[label.split(" ")[0] ?? ""] ?? "response";
}

function siteProfileOf(reading: ChannelReading, url: string): SiteProfile {
  return (
    (typeof reading.profile === "string" ? siteProfileByName(reading.profile) : undefined) ??
    siteProfileForUrl(url)
  );
}

/** A data listing as the pipeline's listing; `base` is the markup's reading of the same page. */
export function toExtractedListing(data: DataListing, base: ExtractedListing | null): ExtractedListing {
  const kind = fieldSourceOf(data.source);
  const listing: ExtractedListing = base
    ? { ...base, sources: { ...base.sources }, promotions: [...base.promotions] }
    : { ...emptyListing(data.url), fromPage: false };
  const reasons: Record<string, string> = base ? reasonsOf(base) : {};
  const set = (field: DataField, value: string | null) => {
    if (value === null) return;
    (listing as unknown as Record<string, unknown>)[field] = value;
    const path = data.fieldSources[field];
    listing.sources[field] = path ? fieldSourceOf(path) : kind;
    if (path) reasons[field] = path;
  };
  set("title", data.title);
  if (data.title) separateTitleClaims(listing, data.title);
  if (data.price !== null) {
    listing.priceRange = data.priceRange;
    listing.currency = data.currency ?? "CNY";
    if (reasons.price && !data.fieldSources.price) delete reasons.price;
  }
  set("price", data.price);
  set("listPrice", data.listPrice);
  set("finalPrice", data.finalPrice);
  set("seller", data.seller);
  set("sellerId", data.sellerId);
  set("availability", data.availability);
  set("drugClass", data.drugClass);
  if (data.itemId) listing.itemId = data.itemId.slice(0, 64);
  if (data.ad) listing.ad = true;
  if (data.promotions.length > 0) {
    listing.promotions = [...new Set([...listing.promotions, ...data.promotions])].slice(0, 30);
    listing.sources.promotions = data.fieldSources.promotions
      ? fieldSourceOf(data.fieldSources.promotions)
      : kind;
  }
  if (listing.listPrice !== null && listing.listPrice === listing.price) listing.listPrice = null;
  // A price read from data but no stock word: offered at a price, as schema.org Offer semantics.
  if (data.price !== null && listing.availability === null) {
    listing.availability = "InStock";
    reasons.availability = "offered at a price with no stock state in the data";
  }
  if (!base && listing.title) listing.pageText = listing.title;
  return attachReasons(listing, reasons);
}

/**
 * Promotion wording the data's title carries (【下单立减30元】) is the seller's claim: the markup
 * reading, which did not know that title, may have taken it from the page text as a promotion.
 */
function separateTitleClaims(listing: ExtractedListing, title: string): void {
  const claims = findPromotions(title);
  if (claims.length === 0) return;
  listing.promotionClaims = [...new Set([...(listing.promotionClaims ?? []), ...claims])].slice(0, 10);
  if (listing.sources.promotions !== "text") return;
  const head = (p: string) => p.slice(0, Math.min(6, p.length));
  listing.promotions = listing.promotions.filter((p) => !title.includes(head(p)));
  if (listing.promotions.length === 0) delete listing.sources.promotions;
}

/** Item readings for one product: responses first (what the page's script received), then inline state. */
function mergeItem(readings: DataListing[]): DataListing | null {
  if (readings.length === 0) return null;
  const pageId = readings.find((r) => r.source.startsWith("inline") && r.itemId)?.itemId ?? null;
  const same = readings.filter((r) => pageId === null || r.itemId === null || r.itemId === pageId);
  const ordered = [
    ...same.filter((r) => r.source.startsWith("response")),
    ...same.filter((r) => !r.source.startsWith("response")),
  ];
  const merged: DataListing = { ...(ordered[0] as DataListing), notes: [], fieldSources: {}, promotions: [] };
  const scalar = [
    "itemId",
    "title",
    "listPrice",
    "finalPrice",
    "currency",
    "seller",
    "sellerId",
    "availability",
    "drugClass",
  ] as const;
  for (const field of scalar) (merged as unknown as Record<string, unknown>)[field] = null;
  merged.price = null;
  merged.priceRange = null;
  merged.masked = null;
  for (const r of ordered) {
    if (merged.price === null && r.price !== null) {
      merged.price = r.price;
      merged.priceRange = r.priceRange;
      if (r.fieldSources.price) merged.fieldSources.price = r.fieldSources.price;
    }
    for (const field of scalar) {
      const record = merged as unknown as Record<string, unknown>;
      if (record[field] === null && r[field] !== null) {
        record[field] = r[field];
        const path = r.fieldSources[field as DataField];
        if (path) merged.fieldSources[field as DataField] = path;
      }
    }
    merged.masked ??= r.masked;
    merged.promotions.push(...r.promotions.filter((p) => !merged.promotions.includes(p)));
    if (r.promotions.length > 0) merged.fieldSources.promotions ??= r.fieldSources.promotions as string;
    merged.notes.push(...r.notes);
    if (r.ad) merged.ad = true;
  }
  merged.source = [...new Set(ordered.map((r) => r.source))].join(" + ");
  return merged;
}

function pageBlock(rules: readonly BlockRule[] | undefined, html: string): BlockRule | null {
  for (const rule of rules ?? []) {
    if (!rule.pattern) continue;
    if (new RegExp(rule.pattern, "i").test(html)) return rule;
  }
  return null;
}

/** Reads one page with its captured responses. Never throws for what the page contains. */
export function observePage(capture: PageCapture, reading: ChannelReading): PageObservation {
  const notes: string[] = [];
  const pageUrl = capture.finalUrl || capture.url;
  const readings: SourceReading[] = [];
  for (const response of capture.responses ?? []) {
    const read = readResponse(response, reading.sources, pageUrl);
    if (read) readings.push(read);
  }
  const pageSources = reading.sources.filter((s) => s.from !== "response" && urlMatches(s.url, pageUrl));
  let full: string | null = null;
  const fullHtml = () => {
    full ??= capture.fullBody();
    return full;
  };
  if (pageSources.length > 0) readings.push(...readPageSources(fullHtml(), pageUrl, pageSources));

  const blocks: Extract<SourceReading, { kind: BlockOutcome }>[] = [];
  const items: DataListing[] = [];
  const rows = new Map<string, DataListing>();
  let searchSource = "";
  for (const r of readings) {
    if (r.kind === "item") items.push(...r.listings);
    else if (r.kind === "search") {
      searchSource ||= r.source;
      // A paid placement can repeat an organic row's item: the organic row wins, so a seller's
      // listing is never counted as an ad because an ad for it came first.
      for (const row of r.listings) {
        const seen = rows.get(row.url);
        if (!seen || (seen.ad && !row.ad)) rows.set(row.url, row);
      }
    } else if (r.kind === "empty") notes.push(`${r.source}: ${r.reason} (${r.url.slice(0, 200)})`);
    else blocks.push(r as Extract<SourceReading, { kind: BlockOutcome }>);
  }

  if (rows.size > 0) {
    return {
      kind: "search",
      listings: [...rows.values()].map((row) => toExtractedListing(row, null)),
      source: searchSource,
      notes,
    };
  }

  const site = siteProfileOf(reading, pageUrl);
  const markup = extractListing(capture.body, pageUrl, reading.profile);
  const data = mergeItem(items);
  if (data) notes.push(...data.notes);
  // Data without its page (a response recorded on its own): the listing is the item the data names.
  const pageless = capture.body.trim() === "";
  const listing = data ? toExtractedListing(data, pageless ? null : markup) : markup;
  if (listing.price !== null) return { kind: "item", listing, notes };

  // No price: say why when the platform said why.
  const masked = data?.masked ?? null;
  if (masked !== null)
    return {
      kind: "unseen",
      outcome: "login_required",
      reason: `the price is masked ("${masked}"): the platform shows it only to a signed-in shopper`,
      notes,
    };
  const block = blocks[0];
  if (block)
    return {
      kind: "unseen",
      outcome: block.kind,
      reason: `${block.reason} (${block.url.slice(0, 120)})`,
      notes,
    };
  const rule = pageBlock(
    site.pageBlocks,
    pageSources.length > 0 || site.pageBlocks ? fullHtml() : capture.body,
  );
  if (rule) return { kind: "unseen", outcome: rule.outcome, reason: rule.reason, notes };
  return { kind: "item", listing, notes };
}
