import { parsePrice, parsePriceRange } from "../core/price/parse-price.js";
import { isListPriceText, isPerUnitPriceText, maskDatesAndTimes } from "./price-traps.js";

const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;

export interface PriceReading {
  amount: string;
  currency: string | null;
  range: { low: string; high: string } | null;
}

/** A canonical decimal string, or null for anything that is not a positive amount. */
export function toDecimal(value: unknown): string | null {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value <= 0 || value >= 1e12) return null;
    text = Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
  } else if (typeof value === "string") text = value.trim();
  else return null;
  if (!DECIMAL.test(text)) return null;
  const trimmed = text.replace(/^0+(?=\d)/, "");
  return /^0(\.0*)?$/.test(trimmed) ? null : trimmed;
}

/**
 * A machine-readable price value (JSON-LD, microdata `content`, meta): plain numbers are taken
 * as written ("2449.00"); anything with separators or symbols goes through `parsePrice`.
 */
export function readStructuredPrice(value: unknown, currencyHint?: string): string | null {
  const direct = toDecimal(value);
  if (direct !== null) return direct;
  if (typeof value !== "string" || value.length > 200) return null;
  return readPriceText(value, currencyHint)?.amount ?? null;
}

/**
 * Price shown as text. Refuses list/original/recommended and per-unit prices, and never reads a
 * date or a clock time ("2025-02-22 11:03") as an amount; a range yields its low end and the
 * range.
 */
export function readPriceText(text: string, currencyHint?: string): PriceReading | null {
  const collapsed = text.replace(/\s+/g, " ").trim();
  if (collapsed === "" || collapsed.length > 200 || !/\d/.test(collapsed)) return null;
  const trimmed = maskDatesAndTimes(collapsed).replace(/\s+/g, " ").trim();
  if (!/\d/.test(trimmed)) return null;
  if (isListPriceText(trimmed) || isPerUnitPriceText(trimmed)) return null;
  const options = currencyHint ? { currencyHint } : {};
  const parsed = parsePrice(trimmed, options);
  const range = parsePriceRange(trimmed);
  if (range) {
    const low = toDecimal(range.low);
    const high = toDecimal(range.high);
    if (low !== null && high !== null) {
      return { amount: low, currency: parsed.currency, range: low === high ? null : { low, high } };
    }
  }
  const amount = toDecimal(parsed.amount);
  return amount === null ? null : { amount, currency: parsed.currency, range: null };
}
