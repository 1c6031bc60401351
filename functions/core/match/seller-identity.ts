import type { SellerRef, TenantConfig } from "../config.js";
import { normalizeText } from "./normalize-text.js";

/**
 * Who sells a listing: the brand's official store, an authorized distributor's shop, or an
 * unknown seller. Resolving a stranger as authorized hides an unauthorized seller, so names
 * are compared by exact equality of normalized forms only, never by substring or similarity.
 *
 * Store-type suffixes ("旗舰店", "专营店") and legal forms ("有限公司") are split off so that a page
 * showing "康恒医疗器械" still matches the configured "康恒医疗器械专营店". Business words such as
 * 大药房, 药房, 医药, 医疗器械, 自营 and 官方 (outside "官方旗舰店") stay in the core: they name a
 * different licensed business, so "康恒大药房" never matches "康恒医疗器械专营店". Two names that
 * both carry a store type must carry the same one: on Tmall a 旗舰店 is the brand's own store and
 * a 专营店 a reseller's, so "康恒专卖店" never matches "康恒专营店".
 */

// Longest first; values are the canonical store type.
const STORE_TYPES: readonly (readonly [string, string])[] = [
  ["官方旗舰店", "旗舰店"],
  ["品牌旗舰店", "旗舰店"],
  ["旗舰店", "旗舰店"],
  ["专营店", "专营店"],
  ["专卖店", "专卖店"],
  ["直营店", "直营店"],
];
const LEGAL_FORMS: readonly (readonly [string, string])[] = [
  ["股份有限公司", "股份有限公司"],
  ["有限责任公司", "有限公司"],
  ["有限公司", "有限公司"],
];
// Shorter cores are too generic to identify anyone ("安可" alone is the brand, not a shop).
const MIN_CORE = 2;

export interface ShopName {
  /** Whole name, normalized. */
  full: string;
  /** Name without store type and legal form. */
  core: string;
  storeType: string | null;
  legalForm: string | null;
}

function stripSuffix(
  name: string,
  table: readonly (readonly [string, string])[],
): { rest: string; kind: string | null } {
  for (const [suffix, kind] of table) {
    if (name.endsWith(suffix)) return { rest: name.slice(0, -suffix.length), kind };
  }
  return { rest: name, kind: null };
}

/**
 * Parsed names, by the name as written: every listing compares its seller with every configured
 * shop, so the configured names would be normalized again for each listing (5 ms a listing with
 * 200 distributors). Bounded: names also come from crawled pages.
 */
const parsedNames = new Map<string, Readonly<ShopName>>();
const MAX_PARSED_NAMES = 10_000;

export function parseShopName(name: string): Readonly<ShopName> {
  const known = parsedNames.get(name);
  if (known) return known;
  const full = normalizeText(name);
  const store = stripSuffix(full, STORE_TYPES);
  const legal = stripSuffix(store.rest, LEGAL_FORMS);
  const parsed = Object.freeze({ full, core: legal.rest, storeType: store.kind, legalForm: legal.kind });
  if (parsedNames.size >= MAX_PARSED_NAMES) parsedNames.clear();
  parsedNames.set(name, parsed);
  return parsed;
}

/** The identifying core of a shop name: normalized, store type and legal form removed. */
export function normalizeShopName(name: string): string {
  return parseShopName(name).core;
}

/**
 * "full" when the normalized names are equal, "core" when only the cores are and no decoration on
 * one side contradicts the other, null otherwise.
 */
export function compareShopNames(a: string, b: string): "full" | "core" | null {
  const x = parseShopName(a);
  const y = parseShopName(b);
  if (x.full === "" || y.full === "") return null;
  if (x.full === y.full) return "full";
  if (x.core.length < MIN_CORE || x.core !== y.core) return null;
  const compatible = (p: string | null, q: string | null) => p === null || q === null || p === q;
  return compatible(x.storeType, y.storeType) && compatible(x.legalForm, y.legalForm) ? "core" : null;
}

export function sameShopName(a: string, b: string): boolean {
  return compareShopNames(a, b) !== null;
}

function normalizeSellerId(id: string | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  const out = id.normalize("NFKC").replace(/\s+/gu, "");
  return out === "" ? null : out;
}

export interface SellerResolution {
  kind: "official" | "distributor" | "unknown";
  distributorId?: string;
  matchedBy: "id" | "name" | "none";
  /**
   * Channels on which the resolved party has this shop (same name, or same id on this channel)
   * configured. For an unknown seller whose name belongs to a configured party on other
   * channels, those channels; otherwise empty.
   */
  authorizedChannels: string[];
  /** Set when kind is "unknown" but the name or id is configured on other channels. */
  elsewhere?: { kind: "official" | "distributor"; distributorId?: string; channels: string[] };
  note: string;
}

interface Candidate {
  kind: "official" | "distributor";
  distributorId?: string;
  label: string;
  ref: SellerRef;
}

function candidates(config: Pick<TenantConfig, "distributors" | "officialSellers">): Candidate[] {
  const out: Candidate[] = config.officialSellers.map((ref) => ({
    kind: "official" as const,
    label: "the official store",
    ref,
  }));
  for (const d of config.distributors) {
    for (const ref of d.sellers) {
      out.push({ kind: "distributor", distributorId: d.id, label: `distributor ${d.id} (${d.name})`, ref });
    }
  }
  return out;
}

type Match = { by: "id" | "name"; candidate: Candidate };

/**
 * Id first: an id match is conclusive, and an id mismatch vetoes a name match (a look-alike
 * shop with the configured name but another id is exactly what must be flagged).
 */
function matchOn(
  pool: Candidate[],
  name: string | null,
  id: string | null,
): { match: Match | null; vetoed: Candidate[] } {
  if (id !== null) {
    const byId = pool.find((c) => normalizeSellerId(c.ref.id) === id);
    if (byId) return { match: { by: "id", candidate: byId }, vetoed: [] };
  }
  if (name === null) return { match: null, vetoed: [] };
  const vetoed: Candidate[] = [];
  for (const c of pool) {
    if (!sameShopName(c.ref.name, name)) continue;
    const configuredId = normalizeSellerId(c.ref.id);
    if (id !== null && configuredId !== null && configuredId !== id) {
      vetoed.push(c);
      continue;
    }
    return { match: { by: "name", candidate: c }, vetoed };
  }
  return { match: null, vetoed };
}

/** Channels where the same party has this identity configured, sorted. */
function channelsOf(
  pool: Candidate[],
  party: Candidate,
  sameIdentity: (ref: SellerRef) => boolean,
): string[] {
  const refs = pool.filter(
    (c) => c.kind === party.kind && c.distributorId === party.distributorId && sameIdentity(c.ref),
  );
  return [...new Set(refs.map((c) => c.ref.channel))].sort();
}

function how(match: Match, name: string | null): string {
  if (match.by === "id") return "seller id";
  // A core-only match is weaker evidence; say so, so a reviewer can add the seller id.
  return name !== null && compareShopNames(match.candidate.ref.name, name) === "core"
    ? `shop name (ignoring "${name}" vs "${match.candidate.ref.name}" store type or legal form)`
    : "shop name";
}

export function resolveSeller(
  config: Pick<TenantConfig, "distributors" | "officialSellers">,
  channelId: string,
  seller: { name?: string | null; id?: string | null },
): SellerResolution {
  const name = seller.name && normalizeText(seller.name) !== "" ? seller.name : null;
  const id = normalizeSellerId(seller.id);
  const all = candidates(config);
  const here = all.filter((c) => c.ref.channel === channelId);
  // Seller ids are per platform: the same digits on another channel are another shop.
  const sameIdentity = (ref: SellerRef) =>
    (id !== null && ref.channel === channelId && normalizeSellerId(ref.id) === id) ||
    (name !== null && sameShopName(ref.name, name));

  const { match, vetoed } = matchOn(here, name, id);
  if (match) {
    const c = match.candidate;
    const others = here.filter(
      (o) =>
        o !== c && o.kind === "distributor" && o.distributorId !== c.distributorId && sameIdentity(o.ref),
    );
    const also = others.length > 0 ? `; also configured for ${others.map((o) => o.label).join(", ")}` : "";
    return {
      kind: c.kind,
      ...(c.distributorId === undefined ? {} : { distributorId: c.distributorId }),
      matchedBy: match.by,
      authorizedChannels: channelsOf(all, c, sameIdentity),
      note: `${c.ref.name} on ${channelId} is ${c.label}, matched by ${how(match, name)}${also}`,
    };
  }

  const shown = name ?? (id === null ? "an unnamed seller" : `seller id ${id}`);
  if (vetoed.length > 0) {
    const v = vetoed[0] as Candidate;
    return {
      kind: "unknown",
      matchedBy: "none",
      authorizedChannels: [],
      note: `${shown} on ${channelId} uses the name of ${v.label} but its seller id ${id} is not the configured ${v.ref.id}`,
    };
  }

  const elsewhere = matchOn(
    all.filter((c) => c.ref.channel !== channelId),
    name,
    null,
  ).match;
  if (elsewhere) {
    const c = elsewhere.candidate;
    const channels = channelsOf(all, c, sameIdentity);
    return {
      kind: "unknown",
      matchedBy: "none",
      authorizedChannels: channels,
      elsewhere: {
        kind: c.kind,
        ...(c.distributorId === undefined ? {} : { distributorId: c.distributorId }),
        channels,
      },
      note: `${shown} is not authorized on ${channelId}; this name belongs to ${c.label} on ${channels.join(", ")}`,
    };
  }
  return {
    kind: "unknown",
    matchedBy: "none",
    authorizedChannels: [],
    note: `${shown} on ${channelId} is neither the official store nor an authorized distributor`,
  };
}
