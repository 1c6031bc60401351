/**
 * Words that mark a price as something other than the selling price: a strike-through / list /
 * "original" price, a recommended retail price, or a price per unit.
 */
const LIST_PRICE_LABEL =
  /原价|划线价|參考價|参考价|市场价|市場價|专柜价|專櫃價|吊牌价|门市价|建议零售价|建議售價|指导价|官方指导价|厂商指导价|\bRRP\b|\bMSRP\b|\bUVP\b|\bSRP\b|list price|regular price|was\s*[:：]?\s*[$€£¥￥]|\bwas\b\s*\d|original price|compare at|reg\.\s*price|prix conseillé|prezzo consigliato|statt\s|vorher|unverbindliche/i;

const PER_UNIT =
  /单价|單價|[/／]\s*(?:片|粒|支|袋|瓶|盒|包|只|个|個|贴|貼|颗|顆|ml|mL|g|kg|l|L|lb|oz|unit|each|ea|pc|pcs|piece|100\s*(?:g|ml|mL)|1\s*(?:kg|l|L))\b|[/／]\s*(?:片|粒|支|袋|瓶|盒|包|只|个|個|贴|貼|颗|顆)|\bper\s+(?:100\s*)?(?:g|ml|kg|l|lb|oz|unit|item|piece|count|sheet|tablet|capsule)\b|\(\s*[$€£¥￥]?\s*\d[\d.,]*\s*[$€£]?\s*\/\s*\w+\s*\)|每(?:片|粒|支|袋|瓶|盒|贴|颗)/i;

export function isListPriceText(text: string): boolean {
  return LIST_PRICE_LABEL.test(text);
}

export function isPerUnitPriceText(text: string): boolean {
  return PER_UNIT.test(text);
}

/** Class/id tokens that mark a list, old or per-unit price element. */
const LIST_PRICE_TOKEN =
  /(?:^|[-_\s])(?:old|orig|original|strike|strikethrough|striked|crossed|was|before|regular|rrp|msrp|uvp|compare|comparison|market|del|yuanjia|tagprice|perunit|baseprice)(?:$|[-_\s])|(?:old|original|list|was|regular|strike|compare|market|unit|base|reference)[-_]?price|price[-_]?(?:old|original|was|regular|strike|before|compare|market|per|unit)\b|oldprice|wasprice|basepreis|grundpreis/i;

export function isListPriceClass(classAndId: string): boolean {
  return LIST_PRICE_TOKEN.test(classAndId);
}

const MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";
/**
 * Dates and times as shops and reviews write them: 2025-02-22, 2025/2/22, 22.02.2025, 2/22/2025,
 * 2025年2月(22日), 2月22日, 2025-02, Feb 22, 2025, 22 February 2025, 11:03(:59). A year-month-day
 * written with dots needs all three parts, so "2019.99" stays a price.
 */
const DATE_OR_TIME = new RegExp(
  [
    "(?:19|20)\\d{2}\\s*年\\s*\\d{1,2}\\s*月(?:\\s*\\d{1,2}\\s*[日号])?",
    "(?:19|20)\\d{2}\\s*年",
    "\\d{1,2}\\s*月\\s*\\d{1,2}\\s*[日号]",
    "(?:19|20)\\d{2}([-/.])\\d{1,2}\\1\\d{1,2}",
    "(?:19|20)\\d{2}[-/](?:0[1-9]|1[0-2])(?![\\d.,])",
    "\\d{1,2}([-/.])\\d{1,2}\\2(?:19|20)\\d{2}",
    "\\d{1,2}:\\d{2}(?::\\d{2})?",
    `\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+(?:19|20)\\d{2}`,
    `\\d{1,2}(?:st|nd|rd|th)?\\.?\\s+${MONTH},?\\s+(?:19|20)\\d{2}`,
  ].join("|"),
  "gi",
);
const GLUE = /[\d.,:]/;

/**
 * The text with every date and time blanked out (same length, so indices still line up),
 * together with any number glued to one ("2025-02-2211:03", "¥2025-02-22"): a year, a day or a
 * clock time is never a price.
 */
export function maskDatesAndTimes(text: string): string {
  if (!/\d/.test(text)) return text;
  let out = "";
  let copied = 0;
  DATE_OR_TIME.lastIndex = 0;
  for (let m = DATE_OR_TIME.exec(text); m !== null; m = DATE_OR_TIME.exec(text)) {
    let start = m.index;
    let end = m.index + m[0].length;
    while (start > copied && GLUE.test(text.charAt(start - 1))) start--;
    while (end < text.length && GLUE.test(text.charAt(end))) end++;
    out += text.slice(copied, start) + " ".repeat(end - start);
    copied = end;
    DATE_OR_TIME.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A price element that says the shop shows no price (yet): the page has spoken, nothing to guess. */
const NO_PRICE =
  /暂无报价|暫無報價|暂无价格|暫無價格|暂无售价|暫無售價|价格待定|價格待定|待定价|待定價|询价|詢價|价格面议|價格面議|面议|面議|到店咨询|到店諮詢|来电咨询|來電諮詢|电话咨询|電話諮詢|咨询客服|諮詢客服|咨询价格|价格咨询|登录(?:后)?查看价格|登錄(?:後)?查看價格|登录后(?:可见|查看)|登录可见|会员可见|會員可見|\bno price\b|\b(?:sign|log) ?in (?:to|for) (?:see |view )?(?:the )?price\b|\bsee price in cart\b|\bprice on (?:request|application)\b|\bcall for (?:a )?price\b|\bprice (?:not available|unavailable)\b|\bpreis auf anfrage\b|\bprix sur demande\b|\bprecio a consultar\b|\bprezzo su richiesta\b/i;

export function isNoPriceText(text: string): boolean {
  return text.length <= 200 && NO_PRICE.test(text);
}

const PLACEHOLDER_LEFTOVER = /价格|價格|售价|售價|\bprice\b|[\s¥￥$€£:：.,，。!！()（）【】[\]\-–—*]/gi;

/**
 * A text that is a no-price placeholder and little else ("暂无报价", "价格：到店咨询"), unlike a
 * sentence that mentions one ("no price yet for bundles"): what a price slot shows instead of
 * an amount.
 */
export function isNoPricePlaceholder(text: string): boolean {
  if (text.length > 40) return false;
  const m = NO_PRICE.exec(text);
  if (!m) return false;
  const rest = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).replace(PLACEHOLDER_LEFTOVER, "");
  return rest.length <= 4;
}
