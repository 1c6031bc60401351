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
