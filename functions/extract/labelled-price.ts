import { isListPriceText, maskDatesAndTimes } from "./price-traps.js";
import { type PriceReading, readPriceText } from "./price-value.js";
import { titleAnchor } from "./title-anchor.js";

/** Labels that introduce the selling price in running text. */
const SELLING_LABEL =
  /特價|特价|售價|售价|促銷價|促销价|優惠價|优惠价|直購價|直购价|到手价|到手價|券后价|券後價|秒杀价|活动价|京东价|现价|現價|價格|价格|\b(?:our price|sale price|price|now|preis|prix|prezzo|precio|preço|cena|cijena|цена)\b/gi;
const WINDOW = 3000;
const AFTER_LABEL = 24;

/** Whether the first number after a label is (part of) a date or a clock time. */
function dateComesFirst(after: string): boolean {
  const first = after.search(/\d/);
  return first >= 0 && maskDatesAndTimes(after).search(/\d/) !== first;
}

/**
 * Last resort for pages whose price sits in unmarked markup: a price right after a selling
 * label ("特價", "售价", "Price") in the text that follows the product title. A label preceded
 * by a list-price word ("建議售價"), or followed first by a date or time (a review's
 * "价格实惠 … 2025-02-22 11:03"), is skipped.
 */
export function findLabelledPrice(
  text: string,
  title: string | null,
  currencyHint?: string,
): PriceReading | null {
  const at = titleAnchor(text, title);
  if (at < 0) return null;
  const window = text.slice(at, at + WINDOW);
  for (const m of window.matchAll(SELLING_LABEL)) {
    const end = m.index + m[0].length;
    if (isListPriceText(window.slice(Math.max(0, m.index - 6), end))) continue;
    // Wider than the reading so a date cut at its edge is still recognized as one.
    if (dateComesFirst(window.slice(end, end + AFTER_LABEL * 2))) continue;
    const reading = readPriceText(window.slice(m.index, end + AFTER_LABEL), currencyHint);
    if (reading) return reading;
  }
  return null;
}
