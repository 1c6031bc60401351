import { parsePrice } from "./parse-price.js";

/** A price a person typed for a pre-check: `149`, `¥149`, `149元`, `￥1,299.00`, `券后¥129`. */
export type PlannedPrice =
  | { kind: "ok"; amount: string }
  /** No amount in it, a negative one, or more than two decimals. */
  | { kind: "unreadable" }
  /** A price in another currency than the tenant's. */
  | { kind: "other_currency"; currency: string };

/** Reads it with the same parser as crawled pages, "." as the decimal point (a person's input). */
export function plannedPrice(text: string, tenantCurrency: string): PlannedPrice {
  if (/^\s*[-−]/.test(text)) return { kind: "unreadable" };
  const parsed = parsePrice(text, { currencyHint: tenantCurrency, decimalSeparator: "." });
  if (parsed.amount === null || !/^\d+(\.\d{1,2})?$/.test(parsed.amount)) return { kind: "unreadable" };
  if (parsed.currency !== null && parsed.currency !== tenantCurrency)
    return { kind: "other_currency", currency: parsed.currency };
  return { kind: "ok", amount: parsed.amount };
}
