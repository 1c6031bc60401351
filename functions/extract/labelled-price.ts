import { isListPriceText, isNoPriceText, maskDatesAndTimes } from "./price-traps.js";
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

const PLACEHOLDER_REACH = 200;
const PLACEHOLDER_WORDS =
  /暂无报价|暫無報價|暂无价格|暫無價格|暂无售价|暫無售價|价格待定|價格待定|价格面议|價格面議|到店咨询|到店諮詢|登录(?:后)?查看价格|登錄(?:後)?查看價格|\bprice on (?:request|application)\b|\bcall for (?:a )?price\b|\b(?:sign|log) ?in (?:to|for) (?:see |view )?(?:the )?price\b/i;

/**
 * A no-price placeholder ("价格：暂无报价", "登录查看价格") right after the title, before any
 * amount: the product block says it has no price, so no label further on may supply one.
 */
export function findPricePlaceholder(
  text: string,
  title: string | null,
  currencyHint?: string,
): string | null {
  const at = titleAnchor(text, title);
  if (at < 0) return null;
  const near = text.slice(at, at + PLACEHOLDER_REACH);
  const m = PLACEHOLDER_WORDS.exec(near);
  if (!m || !isNoPriceText(m[0])) return null;
  const before = maskDatesAndTimes(near.slice(0, m.index));
  return /[¥￥$€£]\s*\d/.test(before) || readPriceText(before.slice(-24), currencyHint) !== null
    ? null
    : m[0];
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
