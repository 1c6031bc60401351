import type { Product } from "../config.js";
import { parsePackInfo } from "../detect/pack-size.js";
import type { ExtractedListing } from "../listing.js";
import { type CatalogEntry, type CatalogIndex, catalogIndex, identifiersIn } from "./catalog-index.js";
import { foldText, normalizeText } from "./normalize-text.js";

/**
 * Listing → SKU. A wrong match turns into a wrong price alert against somebody's shop, so every
 * doubt (ambiguity, a contradicting pack size, weak evidence) ends as "unmatched" with a reason
 * for review, never as a guess.
 */

/** Below this a listing is unmatched and no price rule runs on it. */
export const MATCH_THRESHOLD = 0.7;

const IDENTIFIER = 0.95;
// Approval numbers also appear in "related products" blocks of the page text.
const IDENTIFIER_IN_PAGE = 0.9;
const KEYWORDS = 0.8;
const BOTH_BONUS = 0.02;
const PACK_AGREES = 0.1;
// A contradicting pack size means another SKU (25片 vs 50片) whatever else agrees.
const PACK_CONTRADICTS = 0.4;
const MAX_NON_EXPLICIT = 0.99;

export type MatchListing = Pick<ExtractedListing, "title" | "identifiers" | "pageText" | "packSize">;

export type ProductMatch =
  | {
      kind: "matched";
      sku: string;
      confidence: number;
      matchedBy: "explicit" | "identifier" | "keywords";
      evidence: string[];
      packs: number;
      unitsPerPack: number | null;
    }
  | {
      kind: "unmatched";
      reason: string;
      candidates: { sku: string; confidence: number }[];
      mentionsBrand: boolean;
    };

/** Identifier form for comparison: width, case and separators ("690-1234 56789") do not matter. */
export function normalizeIdentifier(id: string): string {
  return normalizeText(id);
}

interface Scored {
  sku: string;
  confidence: number;
  matchedBy: "identifier" | "keywords";
  evidence: string[];
  contradiction: string | null;
}

interface ListingView {
  title: string;
  foldedTitle: string;
  foldedPage: string;
  identifiers: Set<string>;
  /** Catalogue identifiers the title and page text can contain (identifiersIn). */
  inTitle: Set<string>;
  inPage: Set<string>;
  units: number | null;
}

function identifierHit(
  entry: CatalogEntry,
  view: ListingView,
): { where: string; id: string; page: boolean } | null {
  let pageHit: { where: string; id: string; page: boolean } | null = null;
  for (const { raw, id, pattern } of entry.ids) {
    if (view.identifiers.has(id)) return { where: "the listing's identifiers", id: raw, page: false };
    if (pattern === null) continue;
    if (view.inTitle.has(id) && pattern.test(view.foldedTitle))
      return { where: "the title", id: raw, page: false };
    if (pageHit === null && view.inPage.has(id) && pattern.test(view.foldedPage))
      pageHit = { where: "the page text", id: raw, page: true };
  }
  return pageHit;
}

function keywordHit(entry: CatalogEntry, view: ListingView): readonly string[] | null {
  for (const { group, words } of entry.keywords) {
    if (words.length > 0 && words.every((w) => view.title.includes(w))) return group;
  }
  return null;
}

function score(entry: CatalogEntry, view: ListingView): Scored | null {
  const product = entry.product;
  const id = identifierHit(entry, view);
  const words = keywordHit(entry, view);
  if (id === null && words === null) return null;
  const evidence: string[] = [];
  let confidence: number;
  if (id !== null) {
    confidence = id.page ? IDENTIFIER_IN_PAGE : IDENTIFIER;
    evidence.push(`identifier ${id.id} in ${id.where}`);
    if (words !== null) confidence += BOTH_BONUS;
  } else {
    confidence = KEYWORDS;
  }
  if (words !== null) evidence.push(`keywords ${words.join(" + ")} in the title`);

  let contradiction: string | null = null;
  const expected = product.match.packSize;
  if (expected !== undefined && view.units !== null) {
    if (view.units === expected) {
      confidence += id === null ? PACK_AGREES : BOTH_BONUS;
      evidence.push(`${view.units} units per pack as configured`);
    } else {
      confidence *= PACK_CONTRADICTS;
      contradiction = `the listing states ${view.units} units per pack, ${product.sku} has ${expected}`;
      evidence.push(contradiction);
    }
  }
  return {
    sku: product.sku,
    confidence: Math.min(MAX_NON_EXPLICIT, Math.round(confidence * 1000) / 1000),
    matchedBy: id === null ? "keywords" : "identifier",
    evidence,
    contradiction,
  };
}

/** True when the title names a brand word (the first word of any keyword group) of any product. */
function mentionsBrand(index: CatalogIndex, title: string): boolean {
  return index.brandWords.some((word) => title.includes(word));
}

export function matchProduct(
  products: readonly Product[],
  listing: MatchListing,
  options: { explicitSku?: string } = {},
): ProductMatch {
  const rawTitle = listing.title ?? "";
  const pack = parsePackInfo(rawTitle, listing.packSize ?? undefined);
  const title = normalizeText(rawTitle);
  const index = catalogIndex(products);
  const brand = mentionsBrand(index, title);

  if (options.explicitSku !== undefined) {
    const product = products.find((p) => p.sku === options.explicitSku);
    if (product === undefined) {
      return {
        kind: "unmatched",
        reason: `the watch entry names sku ${options.explicitSku}, which is not configured`,
        candidates: [],
        mentionsBrand: brand,
      };
    }
    const evidence = [`sku ${product.sku} named by the watch entry`, ...pack.evidence];
    const expected = product.match.packSize;
    // The user's mapping stands, but a changed listing should be visible in the explanation.
    if (expected !== undefined && pack.unitsPerPack !== null && pack.unitsPerPack !== expected)
      evidence.push(
        `note: the listing states ${pack.unitsPerPack} units per pack, ${product.sku} has ${expected}`,
      );
    return {
      kind: "matched",
      sku: product.sku,
      confidence: 1,
      matchedBy: "explicit",
      evidence,
      packs: pack.packs,
      unitsPerPack: pack.unitsPerPack,
    };
  }

  const foldedTitle = foldText(rawTitle);
  const foldedPage = foldText(listing.pageText);
  const view: ListingView = {
    title,
    foldedTitle,
    foldedPage,
    identifiers: new Set(listing.identifiers.map(normalizeIdentifier).filter((i) => i !== "")),
    inTitle: identifiersIn(index, foldedTitle),
    inPage: identifiersIn(index, foldedPage),
    units: pack.unitsPerPack,
  };
  const scored = index.entries
    .map((entry) => score(entry, view))
    .filter((s): s is Scored => s !== null)
    .sort((a, b) => b.confidence - a.confidence || a.sku.localeCompare(b.sku));
  const candidates = scored.slice(0, 5).map((s) => ({ sku: s.sku, confidence: s.confidence }));
  const unmatched = (reason: string): ProductMatch => ({
    kind: "unmatched",
    reason,
    candidates,
    mentionsBrand: brand,
  });

  const best = scored[0];
  if (best === undefined) return unmatched("no configured keywords or identifiers found in the listing");
  const tied = scored.filter((s) => s.confidence === best.confidence);
  if (tied.length > 1) {
    return unmatched(
      `ambiguous: ${tied.map((s) => s.sku).join(", ")} match equally (${best.confidence.toFixed(2)})`,
    );
  }
  if (best.confidence < MATCH_THRESHOLD) {
    return unmatched(
      best.contradiction !== null
        ? `pack size differs: ${best.contradiction}`
        : `best candidate ${best.sku} is below the match threshold (${best.confidence.toFixed(2)} < ${MATCH_THRESHOLD})`,
    );
  }
  return {
    kind: "matched",
    sku: best.sku,
    confidence: best.confidence,
    matchedBy: best.matchedBy,
    evidence: [...best.evidence, ...pack.evidence],
    packs: pack.packs,
    unitsPerPack: pack.unitsPerPack,
  };
}
