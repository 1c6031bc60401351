import type { Product } from "../config.js";
import { normalizeText } from "./normalize-text.js";

/**
 * What matching needs from a tenant's catalogue, worked out once per products list instead of
 * once per listing and product: normalized identifiers with their search patterns, normalized
 * keyword groups, brand words, and an index that finds which identifiers a text can contain in
 * one pass over it.
 *
 * Without it a listing cost every product's identifiers and keywords normalized again, a regex
 * built per identifier and every identifier searched for in the page text: 10 ms per listing
 * with 200 products and 51 ms with 1,000; with it 1.3–1.6 ms at any of these sizes, most of it
 * folding the listing's own text (bench/match-catalog.ts).
 */

/** Short identifiers ("a1") occur by chance in long page texts: matched only as listing identifiers. */
export const MIN_SEARCHED_ID = 5;

/** What may stand between an identifier's characters in a text ("690-1234 56789"). */
const SEPARATOR = "[\\s\\-_.·/:()]";
const SEPARATORS = new RegExp(`${SEPARATOR}+`, "gu");
/** Identifiers are indexed by their first three UTF-16 units, packed into one number. */
function prefixKey(text: string, at: number): number {
  return text.charCodeAt(at) * 0x100000000 + text.charCodeAt(at + 1) * 0x10000 + text.charCodeAt(at + 2);
}

export interface CatalogIdentifier {
  /** As configured, for evidence. */
  raw: string;
  /** normalizeText(raw): letters, marks and digits only. */
  id: string;
  /** The identifier with separators allowed between its characters; null when too short to search. */
  pattern: RegExp | null;
}

export interface CatalogEntry {
  product: Product;
  ids: CatalogIdentifier[];
  /** Keyword groups with their words normalized (empty words dropped). */
  keywords: Array<{ group: readonly string[]; words: string[] }>;
}

export interface CatalogIndex {
  entries: CatalogEntry[];
  /** Normalized first words of every keyword group: a title naming one mentions the brand. */
  brandWords: string[];
  /** Searched identifiers by prefixKey of their start. */
  byPrefix: Map<number, string[]>;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The identifier with separators allowed between its characters and no letter or digit glued on. */
export function identifierPattern(normalized: string): RegExp {
  const body = [...normalized].map(escapeRegExp).join(`${SEPARATOR}*`);
  return new RegExp(`(?<![0-9a-z])${body}(?![0-9a-z])`, "u");
}

const indexes = new WeakMap<readonly Product[], CatalogIndex>();

/** The catalogue's index, built on first use for this products list (a config's list is reused all cycle). */
export function catalogIndex(products: readonly Product[]): CatalogIndex {
  const known = indexes.get(products);
  if (known) return known;
  const byPrefix = new Map<number, string[]>();
  const brandWords = new Set<string>();
  const entries = products.map((product): CatalogEntry => {
    const ids: CatalogIdentifier[] = [];
    for (const raw of product.match.ids) {
      const id = normalizeText(raw);
      if (id === "") continue;
      const searched = id.length >= MIN_SEARCHED_ID;
      ids.push({ raw, id, pattern: searched ? identifierPattern(id) : null });
      if (!searched) continue;
      const prefix = prefixKey(id, 0);
      const list = byPrefix.get(prefix);
      if (!list) byPrefix.set(prefix, [id]);
      else if (!list.includes(id)) list.push(id);
    }
    const keywords = product.match.keywords.map((group) => ({
      group,
      words: group.map(normalizeText).filter((w) => w !== ""),
    }));
    for (const group of product.match.keywords) {
      const first = group[0] === undefined ? "" : normalizeText(group[0]);
      if (first !== "") brandWords.add(first);
    }
    return { product, ids, keywords };
  });
  const index: CatalogIndex = { entries, brandWords: [...brandWords], byPrefix };
  indexes.set(products, index);
  return index;
}

/**
 * The searched identifiers that can match somewhere in `text`: those written in it once the
 * separators are taken out. A pattern match is the identifier's characters with separators
 * between them (identifiers hold none), so every match leaves its identifier here; the patterns
 * then decide.
 */
export function identifiersIn(index: CatalogIndex, text: string): Set<string> {
  const found = new Set<string>();
  if (index.byPrefix.size === 0) return found;
  const compact = text.replace(SEPARATORS, "");
  for (let at = 0; at + MIN_SEARCHED_ID <= compact.length; at++) {
    const candidates = index.byPrefix.get(prefixKey(compact, at));
    if (candidates === undefined) continue;
    for (const id of candidates) if (compact.startsWith(id, at)) found.add(id);
  }
  return found;
}
