import { type CheerioAPI, load } from "cheerio/slim";
import type { Element } from "domhandler";
import type { ExtractProfile } from "../core/config.js";
import { parsePackInfo } from "../core/detect/pack-size.js";
import { type ExtractedListing, ExtractedListingSchema, type FieldSource } from "../core/listing.js";
import { nestsDeeperThan } from "../html/dom-text.js";
import { scanHtml } from "../html/html-scan.js";
import { DeepDocument, MarkupTree, NeedsDom } from "../html/markup-tree.js";
import { cheerioView, firstOf, type MarkupView, treeSupports, treeView } from "../html/markup-view.js";
import { visibleText } from "../html/page-text.js";
import { findApprovalNumbers } from "./approval-numbers.js";
import {
  buyBoxUnavailability,
  mayShowBuyBoxUnavailability,
  statesStock,
  stockStatement,
} from "./availability-text.js";
import { applyCssProfile, profileSelectors, type WantedFields } from "./css-profile.js";
import type { FieldCandidates, FieldName } from "./field-candidates.js";
import { attachReasons } from "./field-reasons.js";
import { readJsonLd } from "./json-ld.js";
import { findLabelledPrice, findPricePlaceholder } from "./labelled-price.js";
import { findMainHeading } from "./main-heading.js";
import { readMetaTags } from "./meta-tags.js";
import { MICRODATA_SELECTORS, readMicrodata } from "./microdata.js";
import { findFurniture, NO_FURNITURE, type PageFurniture } from "./page-furniture.js";
import { guessPrice, PRICE_HEURISTIC_SELECTORS } from "./price-heuristic.js";
import { silentPriceSlot } from "./price-slot.js";
import { isNoPricePlaceholder } from "./price-traps.js";
import type { PriceReading } from "./price-value.js";
import { fromChannelProfile, type SiteProfile } from "./site-profile.js";
import { genericProfile } from "./site-profiles/generic.js";
import { siteProfileByName, siteProfileForUrl } from "./site-profiles/registry.js";
import { findPromotions, findSeller, findShipFrom } from "./text-facts.js";

/** Pages beyond this are cut: the product block is at the top and parsing must stay bounded. */
export const MAX_HTML_CHARS = 3 * 1024 * 1024;
const PAGE_TEXT_CHARS = 20_000;
/** Deeper documents are hostile: structured data and text still apply, CSS queries do not. */
const MAX_DOM_DEPTH = 400;

type Sources = Partial<Record<FieldName, FieldSource>>;
type Reasons = Partial<Record<FieldName, string>>;

/** Sources that state availability as data; a template can leave them stale (see the buy-box rule). */
const STRUCTURED = new Set<FieldSource>(["json-ld", "microdata", "opengraph", "meta"]);

/** Merges sources in priority order: a field keeps the first value any source gave it. */
class FieldMerger {
  readonly fields: FieldCandidates = {};
  readonly sources: Sources = {};

  add(candidates: FieldCandidates, source: FieldSource | Sources): void {
    const sourceOf = (field: FieldName): FieldSource | undefined =>
      typeof source === "string" ? source : source[field];
    const { fields } = this;
    // Price, its range and its currency travel together: a range or currency from another
    // source could describe another offer.
    if (fields.price === undefined && candidates.price !== undefined) {
      this.set("price", candidates.price, sourceOf("price"));
      if (candidates.priceRange) this.set("priceRange", candidates.priceRange, sourceOf("price"));
      if (candidates.currency)
        this.set("currency", candidates.currency, sourceOf("currency") ?? sourceOf("price"));
    }
    for (const field of [
      "title",
      "listPrice",
      "currency",
      "availability",
      "seller",
      "sellerId",
      "shipFrom",
    ] as const) {
      const value = candidates[field];
      if (fields[field] === undefined && value !== undefined && value !== "")
        this.set(field, value, sourceOf(field));
    }
    if (fields.unreadAvailability === undefined && candidates.unreadAvailability)
      fields.unreadAvailability = candidates.unreadAvailability.slice(0, 100);
    for (const field of ["promotions", "identifiers"] as const) {
      const value = candidates[field];
      if (value && value.length > 0) {
        const merged = [...new Set([...(fields[field] ?? []), ...value])];
        if (merged.length !== (fields[field]?.length ?? 0)) {
          fields[field] = merged;
          this.sources[field] ??= sourceOf(field);
        }
      }
    }
  }

  /** An independent copy, so that a reading can be abandoned and redone. */
  clone(): FieldMerger {
    const copy = new FieldMerger();
    Object.assign(copy.fields, this.fields);
    Object.assign(copy.sources, this.sources);
    if (this.fields.promotions) copy.fields.promotions = [...this.fields.promotions];
    if (this.fields.identifiers) copy.fields.identifiers = [...this.fields.identifiers];
    return copy;
  }

  /** Overrides a field some source already set: only for a rule that outranks that source. */
  replace<K extends FieldName>(field: K, value: FieldCandidates[K], source: FieldSource): void {
    this.set(field, value, source);
  }

  private set<K extends FieldName>(
    field: K,
    value: FieldCandidates[K],
    source: FieldSource | undefined,
  ): void {
    this.fields[field] = value;
    if (source) this.sources[field] = source;
  }
}

function withoutPrices(candidates: FieldCandidates): FieldCandidates {
  const { price, priceRange, listPrice, currency, ...rest } = candidates;
  return rest;
}

function resolveProfile(url: string, profile: ExtractProfile | string | undefined): SiteProfile {
  if (typeof profile === "string") return siteProfileByName(profile) ?? siteProfileForUrl(url);
  if (profile && typeof profile === "object") {
    const site = siteProfileForUrl(url);
    const own = fromChannelProfile(profile, site.currency);
    return site.priceHeuristics === false ? { ...own, priceHeuristics: false } : own;
  }
  return siteProfileForUrl(url);
}

function loadDom(html: string): CheerioAPI {
  // htmlparser2 mode: much faster than parse5 and forgiving enough for extraction. Start indices
  // place an element in the page's furniture ranges.
  return load(html, { xml: { xmlMode: false, decodeEntities: true, withStartIndices: true } });
}

/** The page's furniture and the source range of its main heading (null when none). */
interface PageLayout {
  furniture: PageFurniture;
  heading: readonly [number, number] | null;
}

const NO_LAYOUT: PageLayout = { furniture: NO_FURNITURE, heading: null };

/**
 * The elements a site profile names as the listing's title and price: its own block, whatever
 * sits around it. The generic profile's guesses name nothing for sure.
 */
function profileAnchors(view: MarkupView<number>, profile: SiteProfile): number[] {
  if (profile === genericProfile) return [];
  const anchors: number[] = [];
  for (const selector of [...(profile.fields.title ?? []), ...(profile.fields.price ?? [])]) {
    try {
      const found = firstOf(view.select(typeof selector === "string" ? selector : selector.selector));
      if (found !== undefined) anchors.push(found);
    } catch (error) {
      if (!(error instanceof NeedsDom)) throw error;
    }
  }
  return anchors;
}

/** Furniture and main heading read on the DOM-free tree; none on a hostile nesting depth. */
function readLayout(tree: MarkupTree, documentTitle: string | null, profile: SiteProfile): PageLayout {
  try {
    const view = treeView(tree);
    const heading = findMainHeading(view, documentTitle);
    return {
      furniture: findFurniture(tree, heading ?? -1, profileAnchors(view, profile)),
      heading: heading === null ? null : [tree.starts[heading]!, tree.ends[heading]!],
    };
  } catch (error) {
    if (error instanceof DeepDocument || error instanceof NeedsDom) return NO_LAYOUT;
    throw error;
  }
}

interface MarkupReading {
  merger: FieldMerger;
  priceWithheld: boolean;
  priceReason?: string;
  /** The page's layout, read on first use (most pages never need it). */
  layout?: () => PageLayout;
}

/** A layout read once, on first use. */
function lazyLayout(read: () => PageLayout): () => PageLayout {
  let layout: PageLayout | undefined;
  return () => {
    layout ??= read();
    return layout;
  };
}

/** Fields of a CSS profile the merger can still take (promotions and identifiers always merge). */
function wantedFields(has: FieldCandidates): WantedFields {
  return {
    title: has.title === undefined,
    price: has.price === undefined || has.currency === undefined,
    listPrice: has.listPrice === undefined,
    seller: has.seller === undefined,
    sellerId: has.sellerId === undefined,
    shipFrom: has.shipFrom === undefined,
    stock: has.availability === undefined,
  };
}

/** Headings and CSS profiles (the channel's, then the generic one), then the price heuristic. */
function applyMarkup<E>(
  view: MarkupView<E>,
  merger: FieldMerger,
  profile: SiteProfile,
  documentTitle: string | null,
  isFurniture: (el: E) => boolean,
  guess: (heading: E | null) => PriceReading | null,
): MarkupReading {
  const has = merger.fields;
  const missingCore = () => has.price === undefined || has.availability === undefined;
  let priceWithheld = false;
  let priceReason: string | undefined;
  let heading: E | null | undefined;
  const mainHeading = (): E | null => {
    if (heading === undefined) heading = findMainHeading(view, documentTitle);
    return heading;
  };
  if (has.title === undefined) {
    const found = mainHeading();
    if (found !== null) merger.add({ title: view.fullText(found) }, "css-profile");
  }
  const own = applyCssProfile(view, profile, wantedFields(has), isFurniture);
  merger.add(own, "css-profile");
  // The channel's own price element says there is no price ("暂无报价"): the page has spoken, so
  // no heuristic may go looking for a number elsewhere (a date in a review, another item's price).
  // The generic profile's selectors are guesses: only a bare placeholder counts there.
  if (
    has.price === undefined &&
    own.noPriceText !== undefined &&
    (profile !== genericProfile || isNoPricePlaceholder(own.noPriceText))
  ) {
    priceWithheld = true;
    priceReason = `the channel's price element says "${own.noPriceText.slice(0, 60)}"`;
  } else if (profile.priceHeuristics === false && has.price === undefined) {
    // The site's price comes from data its script loads: an empty price slot stays empty.
    priceWithheld = true;
    priceReason = `${profile.name} keeps its price in data the page loads (inline state or a response), not in its text`;
  } else if (has.price === undefined) {
    // "No price" wins: the product block's own price slot is a placeholder or empty.
    const silent = silentPriceSlot(view, mainHeading(), isFurniture, profile.currency);
    if (silent !== null) {
      priceWithheld = true;
      priceReason =
        silent.text === ""
          ? "the product's price slot is empty (the page's script fills it)"
          : `the product's price slot says "${silent.text.slice(0, 60)}"`;
    }
  }
  if (profile !== genericProfile && (missingCore() || has.title === undefined)) {
    const generic = applyCssProfile(view, genericProfile, wantedFields(has), isFurniture);
    merger.add(priceWithheld ? withoutPrices(generic) : generic, "css-profile");
  }
  if (has.price === undefined && !priceWithheld) {
    const found = guess(mainHeading());
    if (found) {
      merger.add(
        {
          price: found.amount,
          ...(found.range ? { priceRange: found.range } : {}),
          ...(found.currency ? { currency: found.currency } : {}),
        },
        "text",
      );
    }
  }
  return { merger, priceWithheld, ...(priceReason ? { priceReason } : {}) };
}

/** Whether the DOM-free reading can run every selector the markup stage may use. */
function treeCanRead(profile: SiteProfile): boolean {
  return treeSupports([
    "h1",
    "h2",
    ...profileSelectors(profile),
    ...GENERIC_SELECTORS,
    ...MICRODATA_SELECTORS,
    ...PRICE_HEURISTIC_SELECTORS,
  ]);
}
const GENERIC_SELECTORS = profileSelectors(genericProfile);

/**
 * Microdata, meta tags, headings and CSS profiles. Without a DOM when the profile's selectors are
 * in the MarkupTree's subset (microdata reads on the tree too); a DOM (built once) otherwise, or
 * when the DOM-free reading cannot promise the same answer (NeedsDom).
 */
function readMarkup(
  html: string,
  hasMicrodata: boolean,
  meta: ReturnType<typeof readMetaTags>,
  profile: SiteProfile,
  documentTitle: string | null,
  base: FieldMerger,
): MarkupReading {
  if (treeCanRead(profile)) {
    try {
      const merger = base.clone();
      const tree = new MarkupTree(html);
      const view = treeView(tree);
      const layout = lazyLayout(() => readLayout(tree, documentTitle, profile));
      const isFurniture = (e: number) => layout().furniture.covers(tree.starts[e]!);
      if (hasMicrodata) merger.add(readMicrodata(view, isFurniture), "microdata");
      merger.add(meta.fields, meta.sources);
      const reading = applyMarkup(view, merger, profile, documentTitle, isFurniture, (heading) =>
        guessPrice(view, heading, profile.currency, isFurniture),
      );
      return { ...reading, layout };
    } catch (error) {
      if (error instanceof DeepDocument) {
        // As on the DOM path: a hostile nesting depth means no markup reading at all.
        const merger = base.clone();
        merger.add(meta.fields, meta.sources);
        return { merger, priceWithheld: false };
      }
      if (!(error instanceof NeedsDom)) throw error;
    }
  }
  const merger = base;
  let $: CheerioAPI | null = null;
  try {
    $ = loadDom(html);
    const root = $.root().get(0);
    if (!root || nestsDeeperThan(root, MAX_DOM_DEPTH)) $ = null;
  } catch {
    $ = null;
  }
  const layout = lazyLayout(() => ($ ? readLayout(new MarkupTree(html), documentTitle, profile) : NO_LAYOUT));
  const isFurniture = (el: Element) => layout().furniture.covers(el.startIndex ?? -1);
  if ($ && hasMicrodata) merger.add(readMicrodata(cheerioView($), isFurniture), "microdata");
  merger.add(meta.fields, meta.sources);
  if (!$) return { merger, priceWithheld: false };
  const dom = $;
  const view = cheerioView(dom);
  const reading = applyMarkup(view, merger, profile, documentTitle, isFurniture, (heading) =>
    guessPrice(view, heading, profile.currency, isFurniture),
  );
  return { ...reading, layout };
}

function bound(value: string | undefined | null, max: number): string | null {
  if (value === undefined || value === null) return null;
  const clean = value
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (clean === "") return null;
  return clean.length > max ? clean.slice(0, max) : clean;
}

/** A listing with nothing read yet. */
export function emptyListing(url: string): ExtractedListing {
  return {
    url: typeof url === "string" ? url.slice(0, 2048) : "",
    title: null,
    price: null,
    priceRange: null,
    listPrice: null,
    currency: null,
    promotions: [],
    seller: null,
    sellerId: null,
    shipFrom: null,
    availability: null,
    packSize: null,
    identifiers: [],
    pageText: "",
    sources: {},
  };
}

function extract(
  input: string,
  url: string,
  profileOption: ExtractProfile | string | undefined,
): ExtractedListing {
  const html = input.length > MAX_HTML_CHARS ? input.slice(0, MAX_HTML_CHARS) : input;
  const scan = scanHtml(html);
  let merger = new FieldMerger();
  merger.add(readJsonLd(scan.jsonLd, url), "json-ld");

  const profile = resolveProfile(url, profileOption);
  const meta = readMetaTags(scan.metas);
  let has = merger.fields;
  const reasons: Reasons = {};
  // Set when the channel's own price element says there is no price ("暂无报价"): the page has
  // spoken, so no heuristic may go looking for a number elsewhere (a date in a review, another
  // item's price).
  let priceWithheld = false;
  const missingCore = () => has.price === undefined || has.availability === undefined;
  // A DOM costs more than everything else together: read markup only when microdata or a CSS
  // profile can still add something, and without a DOM where the page allows (readMarkup).
  const documentTitle = meta.fields.title ?? scan.title;
  const needsMarkup =
    profile !== genericProfile ||
    missingCore() ||
    (scan.hasMicrodata && has.title === undefined && !meta.fields.title);
  let layout: (() => PageLayout) | undefined;
  if (needsMarkup) {
    const markup = readMarkup(html, scan.hasMicrodata, meta, profile, documentTitle, merger);
    merger = markup.merger;
    has = merger.fields;
    priceWithheld = markup.priceWithheld;
    if (markup.priceReason) reasons.price = markup.priceReason;
    layout = markup.layout;
  } else {
    merger.add(meta.fields, meta.sources);
  }
  // Built only when a text rule needs it: pages whose structured data says everything skip it.
  layout ??= lazyLayout(() => readLayout(new MarkupTree(html), documentTitle, profile));
  const pageLayout = layout;

  const text = visibleText(html);
  // Structured data can be a stale template: read the buy box too when it says in stock but the
  // text after the title says otherwise.
  const checkBuyBox =
    has.availability === "InStock" &&
    STRUCTURED.has(merger.sources.availability as FieldSource) &&
    mayShowBuyBoxUnavailability(text, has.title ?? null);
  const mainText =
    has.availability === undefined || (has.price === undefined && !priceWithheld) || checkBuyBox
      ? visibleText(html, { mainOnly: true, skip: pageLayout().furniture.ranges })
      : "";
  if (has.title === undefined && scan.title) merger.add({ title: scan.title }, "text");
  const textFacts: FieldCandidates = {};
  if (has.price === undefined && !priceWithheld) {
    const placeholder = findPricePlaceholder(mainText, has.title ?? null, profile.currency);
    const labelled =
      placeholder === null ? findLabelledPrice(mainText, has.title ?? null, profile.currency) : null;
    if (placeholder !== null) {
      priceWithheld = true;
      reasons.price = `the product block says "${placeholder.slice(0, 60)}" where its price would be`;
    } else if (labelled) {
      textFacts.price = labelled.amount;
      if (labelled.range) textFacts.priceRange = labelled.range;
      if (labelled.currency) textFacts.currency = labelled.currency;
    }
  }
  const title = has.title ?? null;
  if (has.availability === undefined) {
    const stated = stockStatement(mainText, title);
    // Where the price is withheld from the text (the site's script loads it, or its price slot
    // says there is none), a purchase button is template markup the script switches later (JD's
    // static item HTML always says 加入购物车): only a stock word counts then.
    const buttonOnly = stated?.state === "InStock" && priceWithheld && !statesStock(stated.phrase);
    if (stated && !buttonOnly) {
      textFacts.availability = stated.state;
      reasons.availability = `the product block says "${stated.phrase}"`;
    } else if ((has.price !== undefined || textFacts.price !== undefined) && !has.unreadAvailability) {
      // schema.org Offer semantics, as product extractors apply them: an item offered at a price
      // with no sign of being unavailable can be bought. A page without a price stays unknown,
      // and so does one whose structured data states a value we cannot read ("NOT SOLD").
      textFacts.availability = "InStock";
      reasons.availability = "offered at a price with no sign of being unavailable";
    }
  } else if (checkBuyBox) {
    // An explicit "cannot be bought" next to the title outranks structured InStock: JSON-LD and
    // microdata often come from a product template that does not follow stock, while the buy box
    // is what the shopper sees. Only the buy box counts (a few hundred characters after the
    // title, before any stock or purchase wording; hidden, review, recommendation and dialog
    // blocks removed), so size options, other items' "sold out" and chat or delivery notices do
    // not. A channel's own stock widget (css-profile) is not overridden.
    const unavailable = buyBoxUnavailability(mainText, title);
    if (unavailable) {
      const was = merger.sources.availability ?? "structured data";
      merger.replace("availability", "OutOfStock", "text");
      reasons.availability = `the buy box says "${unavailable.phrase}" (${was} said InStock)`;
    }
  }
  // Approval numbers of recommended products are not this listing's.
  const approvals = findApprovalNumbers(text);
  if (approvals.length > 0) {
    const own = findApprovalNumbers(visibleText(html, { skip: pageLayout().furniture.ranges }));
    if (own.length > 0) textFacts.identifiers = own;
  }
  const shipFrom = has.shipFrom === undefined ? findShipFrom(text) : null;
  if (shipFrom) textFacts.shipFrom = shipFrom;
  const seller = has.seller === undefined ? findSeller(text) : null;
  if (seller) textFacts.seller = seller;
  const claims = has.title !== undefined ? findPromotions(has.title) : [];
  if (has.promotions === undefined && (claims.length > 0 || findPromotions(text).length > 0)) {
    const promotions = findPromotions(blockText(html, pageLayout(), has.title ?? null));
    if (promotions.length > 0) textFacts.promotions = promotions;
  }
  merger.add(textFacts, "text");

  return finish(url, merger, text, reasons, claims);
}

/**
 * The product block's own text for promotion wording: furniture, the main heading and every
 * occurrence of the title left out, so a 【买2送1】 in the seller's title (or in another item's
 * title) is not read as an offer of this listing.
 */
function blockText(html: string, layout: PageLayout, title: string | null): string {
  const { furniture, heading } = layout;
  let skip = furniture.ranges;
  if (heading !== null && !furniture.covers(heading[0])) {
    const merged = [...skip];
    const at = merged.findIndex((v, i) => i % 2 === 0 && v > heading[0]);
    merged.splice(at < 0 ? merged.length : at, 0, heading[0], heading[1]);
    skip = merged;
  }
  // By lines, so that one offer's wording cannot run on into the next offer's.
  const text = visibleText(html, { mainOnly: true, skip, lines: true });
  const clean = title?.replace(/\s+/g, " ").trim() ?? "";
  return clean.length >= 4 ? text.split(clean).join(" ") : text;
}

function finish(
  url: string,
  merger: FieldMerger,
  text: string,
  reasons: Reasons,
  claims: readonly string[],
): ExtractedListing {
  const listing = validListing(url, merger, text);
  const shownClaims = claims
    .map((c) => bound(c, 300))
    .filter((c): c is string => c !== null)
    .slice(0, 10);
  if (shownClaims.length > 0) listing.promotionClaims = shownClaims;
  const why: Record<string, string> = {};
  for (const [field, reason] of Object.entries(reasons)) {
    const value = listing[field as keyof ExtractedListing];
    // A price reason says why there is no price; any other explains the value it set.
    const explains = field === "price" ? value === null : value !== null;
    const clean = bound(reason, 200);
    if (explains && clean) why[field] = clean;
  }
  return attachReasons(listing, why);
}

function validListing(url: string, merger: FieldMerger, text: string): ExtractedListing {
  const f = merger.fields;
  const title = bound(f.title, 500);
  const packSize = title ? parsePackInfo(title).unitsPerPack : null;
  const listing: ExtractedListing = {
    url: url.slice(0, 2048),
    title,
    price: f.price ?? null,
    priceRange: f.priceRange ?? null,
    listPrice: f.listPrice !== undefined && f.listPrice !== f.price ? f.listPrice : null,
    currency: bound(f.currency, 8),
    promotions: (f.promotions ?? [])
      .map((p) => bound(p, 300))
      .filter((p): p is string => p !== null)
      .slice(0, 30),
    seller: bound(f.seller, 200),
    sellerId: bound(f.sellerId, 100),
    shipFrom: bound(f.shipFrom, 100),
    availability: f.availability ?? null,
    packSize: packSize !== null && Number.isInteger(packSize) && packSize > 0 ? packSize : null,
    identifiers: (f.identifiers ?? [])
      .map((id) => bound(id, 100))
      .filter((id): id is string => id !== null)
      .slice(0, 50),
    pageText: text.slice(0, PAGE_TEXT_CHARS),
    sources: {},
  };
  for (const [field, source] of Object.entries(merger.sources)) {
    const value = listing[field as keyof ExtractedListing];
    if (source && value !== null && !(Array.isArray(value) && value.length === 0))
      listing.sources[field] = source;
  }
  const checked = ExtractedListingSchema.safeParse(listing);
  if (checked.success) return checked.data;
  // A value that still breaks the contract (a malformed decimal) is dropped, not thrown.
  const bad = new Set(checked.error.issues.map((i) => String(i.path[0])));
  const repaired = { ...listing, sources: { ...listing.sources } } as Record<string, unknown>;
  const empty = emptyListing(url) as unknown as Record<string, unknown>;
  for (const key of bad) {
    repaired[key] = empty[key];
    delete (repaired.sources as Record<string, unknown>)[key];
  }
  const second = ExtractedListingSchema.safeParse(repaired);
  return second.success ? second.data : emptyListing(url);
}

/**
 * HTML of one product page → listing fields. Sources in priority order: JSON-LD, microdata,
 * OpenGraph/product meta, the CSS profile (the channel's own, else the built-in profile for the
 * URL's host or the named one), then in-page text. Never throws: a page it cannot read yields
 * null fields.
 */
export function extractListing(
  html: string,
  url: string,
  profile?: ExtractProfile | string,
): ExtractedListing {
  try {
    return extract(typeof html === "string" ? html : "", typeof url === "string" ? url : "", profile);
  } catch {
    return emptyListing(url);
  }
}
