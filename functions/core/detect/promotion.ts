import { COUNT_SOURCE, parseCount } from "../chinese-count.js";
import { foldText } from "../match/normalize-text.js";
import { decimalToMinor } from "../money.js";

/**
 * Promotion texts as shown on Chinese shop pages ("领券满199减20", "拼团价¥89", "第二件半价")
 * turned into offers the effective-price calculation can apply. These are promotion grammars,
 * not price strings, so they are parsed here with narrow patterns; anything not understood
 * yields no offer and is reported as ignored, never guessed.
 */

/** A share of the price paid, in basis points: 8折 → 8000, 8.5折 → 8500, 半价 → 5000. */
export type BasisPoints = number;

export type MultiBuy =
  | { kind: "nth"; items: number; bp: BasisPoints } // 第二件半价: the last of `items` at bp
  | { kind: "nth-price"; items: number; priceMinor: number } // 第二件1元
  | { kind: "free"; items: number; paid: number } // 买2送1: items = 3, paid = 2
  | { kind: "percent"; items: number; bp: BasisPoints } // 2件9折
  | { kind: "reduction"; items: number; amountMinor: number } // 满2件减10
  | { kind: "fixed"; items: number; priceMinor: number }; // 2件99元

export type Offer =
  /** A stated price after every discount (到手价, 券后价): compared, never stacked. */
  | { type: "final"; text: string; priceMinor: number }
  /** A price any shopper can pay instead of the listed one (拼团价, 秒杀价, 降至). Member-only prices (会员价, PLUS价) are not: they need a paid membership. */
  | { type: "price"; text: string; priceMinor: number }
  | { type: "percent"; text: string; bp: BasisPoints }
  /** 立减, 直降: off each item, no threshold. */
  | { type: "reduction"; text: string; amountMinor: number }
  /** 满X减Y (store) or a coupon (券), thresholdMinor 0 when unconditional. */
  | {
      type: "threshold";
      source: "coupon" | "store";
      text: string;
      thresholdMinor: number;
      amountMinor: number;
      every: boolean;
      capMinor: number | null;
    }
  | {
      type: "threshold-percent";
      source: "coupon" | "store";
      text: string;
      thresholdMinor: number;
      bp: BasisPoints;
    }
  | ({ type: "multi-buy"; text: string } & MultiBuy);

export interface ParsedPromotion {
  text: string;
  offers: Offer[];
}

// Amounts above ¥10,000,000 are not promotions; refusing them keeps integer maths exact.
const MAX_AMOUNT_MINOR = 1_000_000_000;
const MAX_ITEMS = 20;

const AMOUNT = "(\\d+(?:\\.\\d{1,2})?)";
const DISC = "(\\d(?:\\.\\d{1,2})?|\\d\\d|[一二三四五六七八九][五]?)";
const ITEM = "(?:件|盒|瓶|份|个|支|套)";
const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function amount(token: string | undefined): number | null {
  if (token === undefined) return null;
  const minor = decimalToMinor(token);
  return minor === null || minor <= 0 || minor > MAX_AMOUNT_MINOR ? null : minor;
}

/** "8" → 8000, "8.5" → 8500, "85" → 8500, "八五" → 8500; null outside 0 < bp < 10000. */
export function discountToBasisPoints(token: string): BasisPoints | null {
  let bp: number;
  const cn = /^([一二三四五六七八九])(五)?$/.exec(token);
  if (cn) {
    bp = (CN_DIGIT[cn[1] ?? ""] ?? 0) * 1000 + (cn[2] ? 500 : 0);
  } else if (/^\d\d$/.test(token)) {
    bp = Number(token) * 100;
  } else {
    const m = /^(\d)(?:\.(\d{1,2}))?$/.exec(token);
    if (!m) return null;
    bp = Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
  }
  return bp > 0 && bp < 10_000 ? bp : null;
}

function items(token: string | undefined): number | null {
  const n = parseCount(token ?? "");
  return n !== null && n >= 1 && n <= MAX_ITEMS ? n : null;
}

/** `m[0]` is the matched text, `m[1]`… the capture groups (undefined when a group did not take part). */
type Groups = readonly (string | undefined)[];
type Rule = { pattern: RegExp; read: (m: Groups, source: "coupon" | "store") => Offer | null };

// Earlier rules take their text first, so "第二件8折" is a multi-buy and not a plain 8折.
const RULES: Rule[] = [
  {
    // "券后低至¥47.30" states the price after the coupon, like "券后¥47.30": never an amount off.
    pattern: /(?:预估)?(?:到手价?|券后价?)(?:低至|仅需|只需|只要|约)?[:]?¥?(\d+(?:\.\d{1,2})?)/g,
    read: (m) => {
      const priceMinor = amount(m[1]);
      return priceMinor === null ? null : { type: "final", text: m[0] ?? "", priceMinor };
    },
  },
  {
    pattern: new RegExp(`第(${COUNT_SOURCE})${ITEM}(?:(半价)|(免费)|${DISC}折|¥?${AMOUNT}元)`, "g"),
    read: (m) => {
      const n = items(m[1]);
      if (n === null || n < 2) return null;
      if (m[2]) return { type: "multi-buy", text: m[0] ?? "", kind: "nth", items: n, bp: 5000 };
      if (m[3]) return { type: "multi-buy", text: m[0] ?? "", kind: "nth", items: n, bp: 0 };
      if (m[4] !== undefined) {
        const bp = discountToBasisPoints(m[4]);
        return bp === null ? null : { type: "multi-buy", text: m[0] ?? "", kind: "nth", items: n, bp };
      }
      if (m[5] === "0") return { type: "multi-buy", text: m[0] ?? "", kind: "nth", items: n, bp: 0 };
      const priceMinor = amount(m[5]);
      return priceMinor === null
        ? null
        : { type: "multi-buy", text: m[0] ?? "", kind: "nth-price", items: n, priceMinor };
    },
  },
  {
    // "买2送1", "买一送一", "买2盒送1盒"; a gift of something else ("送1支体温计") is no discount.
    pattern: new RegExp(`买(${COUNT_SOURCE})${ITEM}?送(${COUNT_SOURCE})${ITEM}?(?:同款)?(?![\\p{L}])`, "gu"),
    read: (m) => {
      const paid = items(m[1]);
      const free = items(m[2]);
      if (paid === null || free === null || paid + free > MAX_ITEMS) return null;
      return { type: "multi-buy", text: m[0] ?? "", kind: "free", items: paid + free, paid };
    },
  },
  {
    pattern: new RegExp(`(?:满|任选|任意|买)?(${COUNT_SOURCE})${ITEM}(?:打|享)?${DISC}折`, "g"),
    read: (m) => {
      const n = items(m[1]);
      const bp = discountToBasisPoints(m[2] ?? "");
      return n === null || bp === null
        ? null
        : { type: "multi-buy", text: m[0] ?? "", kind: "percent", items: n, bp };
    },
  },
  {
    pattern: new RegExp(`(?:满|任选|任意|买)?(${COUNT_SOURCE})${ITEM}(?:立)?减¥?${AMOUNT}元?`, "g"),
    read: (m) => {
      const n = items(m[1]);
      const amountMinor = amount(m[2]);
      return n === null || amountMinor === null
        ? null
        : { type: "multi-buy", text: m[0] ?? "", kind: "reduction", items: n, amountMinor };
    },
  },
  {
    pattern: new RegExp(
      `(?:任选|任意|买)?(${COUNT_SOURCE})${ITEM}(?:仅|只要|共)?(?:¥${AMOUNT}|${AMOUNT}元)`,
      "g",
    ),
    read: (m) => {
      const n = items(m[1]);
      const priceMinor = amount(m[2] ?? m[3]);
      return n === null || n < 2 || priceMinor === null
        ? null
        : { type: "multi-buy", text: m[0] ?? "", kind: "fixed", items: n, priceMinor };
    },
  },
  {
    pattern: new RegExp(
      `(?:拼团价?|拼单价?|团购价|\\d人团价?|秒杀价?|活动价|特价|促销价|折后价|限时价|优惠价|直降至|降至)[:]?¥?${AMOUNT}`,
      "g",
    ),
    read: (m) => {
      const priceMinor = amount(m[1]);
      return priceMinor === null ? null : { type: "price", text: m[0] ?? "", priceMinor };
    },
  },
  {
    pattern: new RegExp(`(每)?满¥?${AMOUNT}元?(?:可用|使用)?(?:立)?[减-]¥?${AMOUNT}元?`, "g"),
    read: (m, source) => {
      const thresholdMinor = amount(m[2]);
      const amountMinor = amount(m[3]);
      if (thresholdMinor === null || amountMinor === null) return null;
      return {
        type: "threshold",
        source,
        text: m[0] ?? "",
        thresholdMinor,
        amountMinor,
        every: m[1] !== undefined,
        capMinor: null,
      };
    },
  },
  {
    pattern: new RegExp(`满¥?${AMOUNT}元?(?:打|享|可享)?${DISC}折`, "g"),
    read: (m, source) => {
      const thresholdMinor = amount(m[1]);
      const bp = discountToBasisPoints(m[2] ?? "");
      return thresholdMinor === null || bp === null
        ? null
        : { type: "threshold-percent", source, text: m[0] ?? "", thresholdMinor, bp };
    },
  },
  {
    // Unconditional coupons: "20元券", "领券减20", "优惠券¥10", "无门槛券5元".
    pattern: new RegExp(`${AMOUNT}元(?:优惠|店铺|平台|无门槛)?券|券[^\\d满]{0,4}¥?${AMOUNT}元?`, "g"),
    read: (m) => {
      const amountMinor = amount(m[1] ?? m[2]);
      return amountMinor === null
        ? null
        : {
            type: "threshold",
            source: "coupon",
            text: m[0] ?? "",
            thresholdMinor: 0,
            amountMinor,
            every: false,
            capMinor: null,
          };
    },
  },
  {
    pattern: new RegExp(`(?:下单立减|限时直降|立减|直降|立省|下单减|优惠)¥?${AMOUNT}元?`, "g"),
    read: (m) => {
      const amountMinor = amount(m[1]);
      return amountMinor === null ? null : { type: "reduction", text: m[0] ?? "", amountMinor };
    },
  },
  {
    pattern: new RegExp(`(?<![\\d.])${DISC}折`, "g"),
    read: (m) => {
      const bp = discountToBasisPoints(m[1] ?? "");
      return bp === null ? null : { type: "percent", text: m[0] ?? "", bp };
    },
  },
];

const CAP = new RegExp(`(?:最高|封顶|最多)(?:减|优惠)?¥?${AMOUNT}`);

const NUM = "(\\d+(?:\\.\\d{1,2})?)";
const MONEY = `[¥$]?\\s*${NUM}\\s*(?:元|yuan|rmb)?`;
/** "20% off" → "8折": the share paid, as the 折 rules read it. */
const zhe = (percentOff: string) => `${Math.round((100 - Number(percentOff)) * 10) / 100}折`;

/**
 * English promotion wording, as cross-border shops write it, rewritten into the Chinese forms the
 * rules read (threshold forms before the bare ones they contain). Applied to the folded text.
 */
const ENGLISH: readonly [RegExp, (...groups: (string | undefined)[]) => string][] = [
  [/buy\s*(\d+)[,;]?\s*get\s*(\d+)\s*free/g, (paid, free) => `买${paid}送${free}`],
  [
    /buy\s*(\d+)[,;]?\s*get\s*(?:the\s*)?(\d+)(?:st|nd|rd|th)\s*(?:one\s*|item\s*)?(?:at\s*|for\s*)?half[\s-]*price/g,
    (_, n) => `第${n}件半价`,
  ],
  [/(\d+)(?:st|nd|rd|th)\s*(?:one|item)?\s*(?:at\s*)?half[\s-]*price/g, (n) => `第${n}件半价`],
  // "Buy 3, save 10%": a multi-buy discount on three, as "3件9折".
  [
    new RegExp(
      `buy\\s*(\\d+)\\s*(?:or\\s*more)?[,;:]?\\s*(?:and\\s*)?(?:save|get)\\s*${NUM}\\s*%(?:\\s*off)?`,
      "g",
    ),
    (n, p) => `${n}件${zhe(p ?? "")}`,
  ],
  [new RegExp(`save\\s*${NUM}\\s*%`, "g"), (p) => zhe(p ?? "")],
  [
    new RegExp(
      `${NUM}\\s*%\\s*off\\s*(?:your\\s*)?(?:orders?|purchases?)?\\s*(?:over|of|above)\\s*${MONEY}`,
      "g",
    ),
    (p, t) => `满${t}元打${zhe(p ?? "")}`,
  ],
  [
    new RegExp(
      `(?:spend|orders?\\s*(?:over|of|above))\\s*${MONEY}\\s*(?:or\\s*more)?[,;]?\\s*(?:and\\s*)?(?:save|get)\\s*${MONEY}(?:\\s*off)?`,
      "g",
    ),
    (t, a) => `满${t}减${a}`,
  ],
  [
    new RegExp(
      `${MONEY}\\s*off\\s*(?:your\\s*)?(?:orders?|purchases?)?\\s*(?:over|of|above)\\s*${MONEY}`,
      "g",
    ),
    (a, t) => `满${t}减${a}`,
  ],
  [
    new RegExp(`(?:your\\s*price|final\\s*price|price\\s*after\\s*coupon)\\s*[:]?\\s*${MONEY}`, "g"),
    (p) => `到手价${p}`,
  ],
  [new RegExp(`${NUM}\\s*%\\s*off`, "g"), (p) => zhe(p ?? "")],
  [
    new RegExp(`(?:save|instant\\s*saving)\\s*${MONEY}(?!\\s*%)|[¥$]\\s*${NUM}\\s*off`, "g"),
    (a, b) => `立减${a ?? b}`,
  ],
];
/** "Coupon" makes a rewritten offer a coupon; alone ("coupon ¥114" run into a price) it states nothing. */
const COUPON_WORD = /\bcoupons?\b/g;

function fromEnglish(folded: string): string {
  // Member-only and subscription prices need a paid membership, as 会员价/PLUS价 do: not read.
  if (!/[a-z]/.test(folded) || /\b(?:members?|vip|plus|prime|subscribe|subscription)\b/.test(folded))
    return folded;
  let out = folded;
  let rewritten = false;
  for (const [pattern, rewrite] of ENGLISH)
    out = out.replace(pattern, (...args: unknown[]) => {
      rewritten = true;
      return rewrite(...(args.slice(1, -2) as (string | undefined)[]));
    });
  return rewritten ? out.replace(COUPON_WORD, "券") : out;
}

/** Parses one promotion text; the result depends only on the folded text, so parsing is idempotent. */
export function parsePromotion(text: string): ParsedPromotion {
  let rest = fromEnglish(foldText(text)).replace(/\s+/gu, "");
  const capMinor = amount(CAP.exec(rest)?.[1]);
  if (capMinor !== null) rest = rest.replace(CAP, "|");
  const offers: Offer[] = [];
  for (const rule of RULES) {
    // Decided on what is left, so a stated "券后¥179" does not turn a store 满减 into a coupon.
    const source = rest.includes("券") ? "coupon" : "store";
    rest = rest.replace(rule.pattern, (...args: unknown[]) => {
      const m = args.slice(0, -2) as Groups;
      const offer = rule.read(m, source);
      if (offer === null) return m[0] ?? "";
      offers.push(offer.type === "threshold" && offer.every ? { ...offer, capMinor } : offer);
      return "|";
    });
  }
  return { text, offers };
}
