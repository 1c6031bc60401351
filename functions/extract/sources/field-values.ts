import type { FieldRead } from "../../core/data-source-config.js";
import type { Availability } from "../../core/listing.js";
import { minorToDecimal } from "../../core/money.js";
import { parsePrice, parsePriceRange } from "../../core/price/parse-price.js";
import { decodeHtmlEntities } from "../../html/html-entities.js";
import { normalizeAvailability } from "../availability-value.js";

/**
 * Turns what a field path reached into a listing value: prices as decimal strings in yuan
 * (`fen` divided), availability through the source's value map, titles without the search
 * highlight markup. Every value was written by a stranger: bounded, never trusted as markup.
 */

export interface PriceValue {
  amount: string;
  range?: { low: string; high: string };
}

/** Why a price candidate was not taken: it says the price is hidden, or it is a placeholder. */
export type PriceRejection = { kind: "masked" | "placeholder"; raw: string };

/** A price hidden until the shopper signs in: JD's `"1?"`, `¥4??`, 登录查看价格. */
const MASKED = /\?|？|登录|登陆|\*\*/;
/** A price slot that says there is no price: 暂无报价, 价格待定, 到店咨询. */
const NO_PRICE = /暂无|待定|咨询|询价|面议/;
const MAX_TEXT = 1_000;

export function normalizedRead(read: FieldRead): {
  paths: readonly string[];
  unit?: "yuan" | "fen";
  map?: Readonly<Record<string, string>>;
  pattern?: string;
} {
  if (typeof read === "string") return { paths: [read] };
  if (Array.isArray(read)) return { paths: read };
  const r = read as Exclude<FieldRead, string | readonly string[]>;
  return {
    paths: typeof r.path === "string" ? [r.path] : r.path,
    ...(r.unit ? { unit: r.unit } : {}),
    ...(r.map ? { map: r.map } : {}),
    ...(r.pattern ? { pattern: r.pattern } : {}),
  };
}

export function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value.slice(0, MAX_TEXT);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return String(value);
  return null;
}

/** Search highlights (`<font class="skcolor_ljg">`) and entities out; whitespace collapsed. */
export function plainText(value: unknown): string | null {
  const text = scalarText(value);
  if (text === null) return null;
  const plain = decodeHtmlEntities(text.replace(/<[^>]{0,200}>/g, ""))
    .replace(/\s+/g, " ")
    .trim();
  return plain === "" ? null : plain;
}

/**
 * A name sent URL-encoded (Tmall's `sellerNickName: "%E7%BE%8E…"`), decoded: only a value that is
 * wholly printable ASCII with a `%XX` escape, and only when it decodes as UTF-8 (a GBK-encoded
 * name stays as written rather than turning into mojibake).
 */
function percentDecoded(text: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(text) || !/^[\x21-\x7e]+$/.test(text)) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** A shop or seller name: plain text, percent-decoded when the platform sent it URL-encoded. */
export function sellerText(value: unknown): string | null {
  const text = scalarText(value);
  return text === null ? null : plainText(percentDecoded(text));
}

export function applyPattern(text: string, pattern: string | undefined): string | null {
  if (!pattern) return text;
  const m = new RegExp(pattern).exec(text);
  if (!m) return null;
  return m[1] ?? m[0];
}

function yuanFromNumber(n: number, unit: "yuan" | "fen" | undefined): string | null {
  if (!Number.isFinite(n)) return null;
  const minor = unit === "fen" ? Math.round(n) : Math.round(n * 100);
  if (!Number.isSafeInteger(minor)) return null;
  return minorToDecimal(minor);
}

/** A price from a number (yuan or fen) or a price string ("¥29.9起", "5499.00-6799.00"). */
export function priceOf(
  value: unknown,
  unit: "yuan" | "fen" | undefined,
): PriceValue | PriceRejection | null {
  if (typeof value === "number") {
    const amount = yuanFromNumber(value, unit);
    if (amount === null) return null;
    return value <= 0 ? { kind: "placeholder", raw: String(value) } : { amount };
  }
  const text = scalarText(value)?.trim();
  if (!text) return null;
  if (unit === "fen" && /^\d+$/.test(text)) return priceOf(Number(text), "fen");
  if (MASKED.test(text)) return { kind: "masked", raw: text };
  if (NO_PRICE.test(text)) return { kind: "placeholder", raw: text };
  if (/^-\d/.test(text)) return { kind: "placeholder", raw: text };
  const range = parsePriceRange(text, { currencyHint: "CNY" });
  const parsed = parsePrice(text, { currencyHint: "CNY" });
  if (parsed.amount === null) return null;
  if (Number(parsed.amount) <= 0) return { kind: "placeholder", raw: text };
  const normalized = unit === "fen" ? yuanFromNumber(Number(parsed.amount), "fen") : parsed.amount;
  if (normalized === null) return null;
  return range && unit !== "fen"
    ? { amount: range.low, range: { low: range.low, high: range.high } }
    : { amount: normalized };
}

export function isRejection(v: PriceValue | PriceRejection | null): v is PriceRejection {
  return v !== null && "kind" in v;
}

/**
 * Stock words as platforms write them in a stock slot, with what follows in brackets left out
 * (`有货(限购10件)`, `无货（限购10件）`): 库存紧张 and 即将售罄 still sell, so they are in stock.
 * Only short values: a sentence that mentions 售罄 is not a stock state.
 */
const IN_STOCK_WORD =
  /^(?:有货|有貨|现货|現貨|在售|库存(?:紧张|緊張|充足|有限)|庫存(?:緊張|充足)|即将售罄|即將售罄|仅剩|僅剩|剩余?\d+件|少量(?:库存|现货)?|可预[订定约]|预售|预订)/;
const OUT_OF_STOCK_WORD =
  /^(?:无货|無貨|缺货|缺貨|暂时无货|暫時無貨|已?售罄|已?售完|已?抢光|已?下架|已?停售|库存不足|庫存不足|暂无库存|无库存|到货通知)/;
const MAX_STOCK_WORD = 40;

function stockWordOf(text: string): Availability | null {
  if (text.length > MAX_STOCK_WORD * 4) return null;
  const word = text
    .replace(/<[^>]{0,100}>/g, "")
    .replace(/[(（【[][^)）】\]]{0,60}[)）】\]]/g, "")
    .replace(/\s+/g, "");
  if (word === "" || word.length > MAX_STOCK_WORD) return null;
  if (IN_STOCK_WORD.test(word)) return "InStock";
  if (OUT_OF_STOCK_WORD.test(word)) return "OutOfStock";
  return null;
}

/** Availability from a mapped code, a boolean, a quantity or a word (有货, 库存紧张, InStock). */
export function availabilityOf(
  value: unknown,
  map: Readonly<Record<string, string>> | undefined,
): Availability | null {
  const candidates = Array.isArray(value) ? value : [value];
  for (const candidate of candidates) {
    const text = scalarText(candidate);
    if (text === null) continue;
    if (map) {
      const mapped = Object.hasOwn(map, text) ? map[text] : undefined;
      if (mapped !== undefined) return normalizeAvailability(mapped);
      continue;
    }
    if (typeof candidate === "boolean") return candidate ? "InStock" : "OutOfStock";
    if (typeof candidate === "number") return candidate > 0 ? "InStock" : "OutOfStock";
    if (/^\d+$/.test(text.trim())) return Number(text) > 0 ? "InStock" : "OutOfStock";
    const normalized = normalizeAvailability(text) ?? stockWordOf(text);
    if (normalized) return normalized;
  }
  return null;
}

/** A mapped value: for an array, the first element the map knows. */
export function mappedOf(value: unknown, map: Readonly<Record<string, string>> | undefined): string | null {
  const candidates = Array.isArray(value) ? value : [value];
  for (const candidate of candidates) {
    const text = scalarText(candidate);
    if (text === null) continue;
    if (!map) return text;
    if (Object.hasOwn(map, text)) return map[text] ?? null;
  }
  return null;
}

export function truthy(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") return /^(1|true|yes|y)$/i.test(value.trim());
  return false;
}
