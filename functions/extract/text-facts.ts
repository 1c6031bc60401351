/**
 * Listing facts that Chinese marketplaces state in running text rather than markup: where the
 * goods ship from, the shop name and promotion wording.
 */

const SHIP_FROM: readonly RegExp[] = [
  /(?:发货地|發貨地|发货地址|发货城市|发\s*货\s*地)\s*[:：]?\s*([\u4e00-\u9fa5]{2,12})/,
  /(?:从|自)\s*([\u4e00-\u9fa5]{2,10}?)\s*(?:配送至|发货至|发往)/,
  /([\u4e00-\u9fa5]{2,8}?)\s*(?:发货|發貨)\s*(?:至|配送至)/,
  /([\u4e00-\u9fa5]{2,8})\s*至\s*[\u4e00-\u9fa5]{2,10}\s*(?:快递|快遞|运费|EMS)/,
  /\bships? from\s*[:：]?\s*([A-Za-z][A-Za-z .,'-]{1,40}?)(?=\s*(?:\.|,|$|\bto\b|\bvia\b|\bin\b))/i,
  // A bare "四川成都发货": only a province opens it, so "24小时发货" and "顺丰发货" are not places.
  /((?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)(?:省|市|自治区)?[\u4e00-\u9fa5]{0,4}?)\s*(?:发货|發貨)/,
];

/**
 * What a match of each pattern must contain. Patterns that start with a class of Chinese
 * characters try every character as a start; a missing literal rules them out in one search.
 */
const SHIP_FROM_REQUIRES: readonly (readonly RegExp[])[] = [
  [],
  [],
  [/发货|發貨/],
  [/至/, /快递|快遞|运费|EMS/],
  [],
  [/发货|發貨/],
];

export function findShipFrom(text: string): string | null {
  for (const [i, pattern] of SHIP_FROM.entries()) {
    if (SHIP_FROM_REQUIRES[i]?.some((required) => !required.test(text))) continue;
    const value = pattern.exec(text)?.[1]?.trim();
    if (value) return value.slice(0, 100);
  }
  return null;
}

const SELLER = /(?:店铺名称|店铺名|店铺|卖家|商家名称|商家|Sold by|Seller)\s*[:：]\s*([^\s|,，。:：]{2,40})/i;

export function findSeller(text: string): string | null {
  return SELLER.exec(text)?.[1]?.trim() ?? null;
}

const PROMOTION_WORDS =
  "领券|领取优惠券|优惠券|券后(?:价)?|满\\s?\\d+(?:元|件)?\\s?(?:减|打|送)\\s?\\d*[元折]?|每满\\s?\\d+减\\s?\\d+|跨店满减|拼团|\\d+人团|限时(?:优惠|折扣|特价|秒杀)|秒杀|第二件半价|买\\s?\\d\\s?送\\s?\\d|立减\\s?\\d+元?|直降\\s?\\d+元?|\\b\\d+% off\\b|\\bcoupon\\b|\\b(?:save|spend|buy \\d|your price|final price)\\b";
const PROMOTION = new RegExp(`(?:${PROMOTION_WORDS})[^。；;|\\n]{0,40}`, "gi");
/**
 * The alternatives that start with a digit or need the `i` flag try nearly every position;
 * where the text lacks their words they cannot match, and leaving them out changes no match.
 */
const COSTLY = [
  "\\d+人团",
  "\\b\\d+% off\\b",
  "\\bcoupon\\b",
  "\\b(?:save|spend|buy \\d|your price|final price)\\b",
] as const;
const COSTLY_WORDS = [/人团/, /% off/i, /coupon/i, /save|spend|buy \d|your price|final price/i] as const;
const ALL_COSTLY = (1 << COSTLY.length) - 1;
const promotionVariants = new Map<number, RegExp>();

function promotionPattern(text: string): RegExp {
  let mask = 0;
  COSTLY_WORDS.forEach((word, i) => {
    if (word.test(text)) mask |= 1 << i;
  });
  if (mask === ALL_COSTLY) return PROMOTION;
  let re = promotionVariants.get(mask);
  if (!re) {
    let words = PROMOTION_WORDS;
    COSTLY.forEach((alternative, i) => {
      if (!(mask & (1 << i))) words = words.replace(`|${alternative}`, "");
    });
    // Without the ASCII words no alternative has case.
    re = new RegExp(`(?:${words})[^。；;|\\n]{0,40}`, mask & ~1 ? "gi" : "g");
    promotionVariants.set(mask, re);
  }
  return re;
}

const MAX_PROMOTIONS = 10;

export function findPromotions(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(promotionPattern(text))) {
    found.add(m[0].trim().slice(0, 300));
    if (found.size >= MAX_PROMOTIONS) break;
  }
  return [...found];
}
