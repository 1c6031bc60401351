import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import { classAndId, isStruckThrough, labelBefore, nodeText } from "./dom-text.js";
import { isListPriceClass } from "./price-traps.js";
import { type PriceReading, readPriceText } from "./price-value.js";

const CANDIDATES = '[class*="price" i], [id*="price" i], [itemprop="price"], [data-price]';
const MAX_CANDIDATES = 3000;
const MAX_TEXT = 60;
/** Blocks of other products, reviews, navigation and the cart: prices there belong to something else. */
const ELSEWHERE =
  /(?:^|[-_\s])(?:comments?|reviews?|related|recommend\w*|similar|carousel|upsell|cross-?sell|also|sponsored|recently|viewed|footer|header|nav|navbar|menu|mini-?cart|mini-?basket|bundle|accessor\w*|compare|suggest\w*|reco|rec|mfe|bought|others?)(?:$|[-_\s])|(?:Related|Recommend|Carousel|Similar|Upsell|Sponsored)/;
/** Amounts that are not the item price: shipping, tax-free splits, savings, instalments, bonus. */
const NOT_ITEM_PRICE =
  /(?:^|[-_\s])(?:ship\w*|delivery|postage|shipping|tax|vat|saving|savings|save|you-?save|discount-amount|installment|instalment|monthly|bonus|points?|coupon|conv\w*|approx\w*)(?:$|[-_\s])|shipping|savings|installment|convert|approx/i;
const NOT_ITEM_TEXT =
  /shipping|delivery|livraison|versand|envío|spedizione|approximately|\bsave\b|\bsavings?\b|bonus|\bpoints?\b|\/\s*mo\b|per month|cashback/i;

function ancestors(el: Element, depth: number): Element[] {
  const out: Element[] = [];
  let node = el.parent;
  while (node && node.type === "tag" && out.length < depth) {
    out.push(node as Element);
    node = node.parent;
  }
  return out;
}

function isElsewhere(el: Element): boolean {
  return ancestors(el, 12).some(
    (a) => ELSEWHERE.test(classAndId(a)) || a.tagName === "nav" || a.tagName === "footer",
  );
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
export function guessPrice(
  $: CheerioAPI,
  heading: Element | null,
  currencyHint?: string,
): PriceReading | null {
  const all = $("*").toArray();
  const position = new Map<AnyNode, number>();
  all.forEach((el, i) => {
    position.set(el, i);
  });
  const headingAt = heading ? (position.get(heading) ?? -1) : -1;
  const viable = new Map<AnyNode, PriceReading>();
  for (const el of $(CANDIDATES).toArray().slice(0, MAX_CANDIDATES)) {
    if (el.type !== "tag") continue;
    const text = nodeText($, $(el), MAX_TEXT + 1);
    if (text.length > MAX_TEXT || !/\d/.test(text)) continue;
    const tokens = `${classAndId(el)} ${el.parent && el.parent.type === "tag" ? classAndId(el.parent as Element) : ""}`;
    if (isStruckThrough(el) || isListPriceClass(tokens) || NOT_ITEM_PRICE.test(tokens)) continue;
    const label = labelBefore($, el);
    if (NOT_ITEM_TEXT.test(text) || NOT_ITEM_TEXT.test(label) || isElsewhere(el)) continue;
    if (statesTwoAmounts(text, currencyHint)) continue;
    const reading = readPriceText(`${label} ${text}`, currencyHint)
      ? readPriceText(text, currencyHint)
      : null;
    if (reading !== null) viable.set(el, reading);
  }
  // Prefer the innermost price element over a wrapper that repeats its text.
  const wrappers = new Set<AnyNode>();
  for (const el of viable.keys()) {
    for (let node = el.parent; node && !wrappers.has(node); node = node.parent) wrappers.add(node);
  }
  let first: PriceReading | null = null;
  for (const [el, reading] of viable) {
    if (wrappers.has(el)) continue;
    first ??= reading;
    if (headingAt >= 0 && (position.get(el) ?? -1) > headingAt) return reading;
  }
  return first;
}
