import { classAndIdOf, isStruckThroughIn, type MarkupView } from "../html/markup-view.js";
import { isListPriceClass } from "./price-traps.js";
import { type PriceReading, readPriceText } from "./price-value.js";

export const CANDIDATES = '[class*="price" i], [id*="price" i], [itemprop="price"], [data-price]';
/** Every selector the heuristic runs, so a view can tell beforehand whether it supports them. */
export const PRICE_HEURISTIC_SELECTORS = [CANDIDATES];
const MAX_CANDIDATES = 3000;
const MAX_TEXT = 60;
/** Blocks of other products, reviews, navigation and the cart: prices there belong to something else. */
const ELSEWHERE =
  /(?:^|[-_\s])(?:comments?|reviews?|related|recommend\w*|similar|carousel|upsell|cross-?sell|also|sponsored|recently|viewed|footer|header|nav|navbar|menu|mini-?cart|mini-?basket|bundle|accessor\w*|compare|suggest\w*|reco|rec|mfe|bought|others?)(?:$|[-_\s])|(?:Related|Recommend|Carousel|Similar|Upsell|Sponsored)/;
/** Amounts that are not the item price: shipping, tax-free splits, savings, instalments, bonus. */
export const NOT_ITEM_PRICE =
  /(?:^|[-_\s])(?:ship\w*|delivery|postage|shipping|tax|vat|saving|savings|save|you-?save|discount-amount|installment|instalment|monthly|bonus|points?|coupon|conv\w*|approx\w*)(?:$|[-_\s])|shipping|savings|installment|convert|approx/i;
const NOT_ITEM_TEXT =
  /shipping|delivery|livraison|versand|envío|spedizione|approximately|\bsave\b|\bsavings?\b|bonus|\bpoints?\b|\/\s*mo\b|per month|cashback/i;

function isElsewhere<E>(view: MarkupView<E>, el: E): boolean {
  let node = view.parentTag(el);
  for (let depth = 0; node !== null && depth < 12; depth++) {
    const tag = view.tagName(node);
    if (ELSEWHERE.test(classAndIdOf(view, node)) || tag === "nav" || tag === "footer") return true;
    node = view.parentTag(node);
  }
  return false;
}

/** Text that states two different amounts is a container (was/now, with/without tax), not a price. */
function statesTwoAmounts(text: string, currencyHint?: string): boolean {
  const numbers = text.match(/\d[\d\s.,'’]*\d|\d/g) ?? [];
  const amounts = new Set<string>();
  for (const n of numbers) {
    const amount = readPriceText(n, currencyHint)?.amount;
    if (amount) amounts.add(amount);
  }
  return amounts.size > 1 && readPriceText(text, currencyHint)?.range == null;
}

/**
 * The shown selling price on a page without structured data: among elements whose class/id says
 * "price", drop containers, struck-through, list, per-unit, shipping and other-product prices,
 * then take the first one after the main heading (the product's own price block follows its
 * title), else the first one on the page.
 */
export function guessPrice<E>(
  view: MarkupView<E>,
  heading: E | null,
  currencyHint?: string,
  isFurniture: (el: E) => boolean = () => false,
): PriceReading | null {
  const viable = new Map<E, PriceReading>();
  let seen = 0;
  for (const el of view.select(CANDIDATES)) {
    if (++seen > MAX_CANDIDATES) break;
    if (isFurniture(el)) continue;
    const text = view.text(el, MAX_TEXT + 1);
    if (text.length > MAX_TEXT || !/\d/.test(text)) continue;
    const parent = view.parentTag(el);
    const tokens = `${classAndIdOf(view, el)} ${parent !== null ? classAndIdOf(view, parent) : ""}`;
    if (isStruckThroughIn(view, el) || isListPriceClass(tokens) || NOT_ITEM_PRICE.test(tokens)) continue;
    const label = view.labelBefore(el);
    if (NOT_ITEM_TEXT.test(text) || NOT_ITEM_TEXT.test(label) || isElsewhere(view, el)) continue;
    if (statesTwoAmounts(text, currencyHint)) continue;
    const reading = readPriceText(`${label} ${text}`, currencyHint)
      ? readPriceText(text, currencyHint)
      : null;
    if (reading !== null) viable.set(el, reading);
  }
  // Prefer the innermost price element over a wrapper that repeats its text.
  const wrappers = new Set<E>();
  for (const el of viable.keys()) {
    for (let node = view.parentTag(el); node !== null && !wrappers.has(node); node = view.parentTag(node))
      wrappers.add(node);
  }
  const headingAt = heading !== null ? view.position(heading) : -1;
  let first: PriceReading | null = null;
  for (const [el, reading] of viable) {
    if (wrappers.has(el)) continue;
    first ??= reading;
    if (headingAt >= 0 && view.position(el) > headingAt) return reading;
  }
  return first;
}
