import { classAndIdOf, firstOf, isStruckThroughIn, type MarkupView, take } from "../html/markup-view.js";
import { CANDIDATES, NOT_ITEM_PRICE } from "./price-heuristic.js";
import { isListPriceClass, isNoPricePlaceholder } from "./price-traps.js";
import { readPriceText } from "./price-value.js";

const MAX_CANDIDATES = 3000;
const MAX_TEXT = 60;
/** A class/id token that names the price itself (not a label, a badge or a wrapper of several). */
const PRICE_SLOT_TOKEN =
  /(?:^|[-_\s])(?:price|j-price|p-price|jd-price|sale-?price|current-?price|now-?price|final-?price|sell-?price|real-?price|promo-?price|price-?(?:now|current|sale|value|num|amount))(?:$|[-_\s])/i;
/** What an empty slot may still show: a currency sign, a dash, a placeholder of dots. */
const EMPTY_SLOT_TEXT = /^[\s¥￥$€£元:：.\-–—_?？*]*$/;

/** Why the listing's price slot holds no price. */
export interface SilentPriceSlot {
  /** The placeholder the slot shows ("暂无报价", "登录查看价格"), or "" for an empty slot. */
  text: string;
}

/**
 * The listing's own price slot when it holds no price: the first price element of the product
 * block (after the main heading, outside the page's furniture, not a list, shipping or unit
 * price) that shows a no-price placeholder, or is an empty leaf its script fills later. Null when
 * that first slot holds an amount, or the block has no slot at all. A silent slot means no price,
 * whatever ¥ amounts the rest of the page holds (reviews, Q&A, another item's card).
 */
export function silentPriceSlot<E>(
  view: MarkupView<E>,
  heading: E | null,
  isFurniture: (el: E) => boolean,
  currencyHint?: string,
): SilentPriceSlot | null {
  const headingAt = heading !== null ? view.position(heading) : -1;
  for (const el of take(view.select(CANDIDATES), MAX_CANDIDATES)) {
    if (headingAt >= 0 && view.position(el) <= headingAt) continue;
    if (isFurniture(el)) continue;
    const tokens = classAndIdOf(view, el);
    if (isStruckThroughIn(view, el) || isListPriceClass(tokens) || NOT_ITEM_PRICE.test(tokens)) continue;
    const text = view.text(el, MAX_TEXT + 1);
    if (text.length > MAX_TEXT) continue;
    if (readPriceText(text, currencyHint) !== null) return null;
    if (isNoPricePlaceholder(text)) return { text };
    // An empty slot is a sign only after the main heading: before it sit carts and headers.
    const empty =
      headingAt >= 0 &&
      EMPTY_SLOT_TEXT.test(text) &&
      PRICE_SLOT_TOKEN.test(tokens) &&
      firstOf(view.find(el, "*")) === undefined &&
      !/\d/.test(`${view.attr(el, "content") ?? ""}${view.attr(el, "data-price") ?? ""}`);
    if (empty) return { text: "" };
  }
  return null;
}
