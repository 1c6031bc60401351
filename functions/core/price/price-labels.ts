/**
 * Words around a number that say what kind of number it is. `parsePrice` ranks numbers by
 * these: the price a shopper pays beats an unlabelled one, which beats a strike-through list
 * price or a discount; counts, codes, dates and quantities are not prices at all.
 */
export type PriceLabel = "selling" | "list" | "discount" | "notPrice";

const LABELS: ReadonlyArray<readonly [PriceLabel, readonly string[]]> = [
  [
    "selling",
    [
      "促销价",
      "秒杀价",
      "秒杀",
      "到手价",
      "预估到手",
      "到手",
      "券后价",
      "券后",
      "现价",
      "活动价",
      "折后价",
      "折扣价",
      "优惠价",
      "特价",
      "售价",
      "抢购价",
      "团购价",
      "拼团价",
      "拼单价",
      "限时价",
      "实付",
      "now",
      "sale price",
      "sale",
      "our price",
      "your price",
      "special price",
      "offer price",
      "deal price",
    ],
  ],
  [
    "list",
    [
      "原价",
      "划线价",
      "市场价",
      "参考价",
      "吊牌价",
      "专柜价",
      "建议零售价",
      "零售价",
      "门市价",
      "指导价",
      "日常价",
      "was",
      "list price",
      "regular price",
      "retail price",
      "original price",
      "rrp",
      "msrp",
      "uvp",
      "statt",
      "compare at",
    ],
  ],
  [
    "discount",
    [
      "立省",
      "已省",
      "共省",
      "立减",
      "直降",
      "减",
      "满",
      "优惠",
      "返",
      "定金",
      "运费",
      "邮费",
      "save",
      "savings",
      "you save",
      "shipping",
      "delivery",
      "deposit",
    ],
  ],
  [
    "notPrice",
    [
      "月销",
      "已售",
      "已拼",
      "销量",
      "售出",
      "评价",
      "收货",
      "库存",
      "仅剩",
      "剩余",
      "货号",
      "型号",
      "编号",
      "条码",
      "批准文号",
      "注准",
      "注进",
      "注册证",
      "准字",
      "电话",
      "客服",
      "qq",
      "微信",
      "sku",
      "item #",
      "item no",
      "model",
      "art.-nr",
      "ean",
      "gtin",
      "isbn",
      "upc",
      "tel",
      "phone",
      "код",
      "артикул",
    ],
  ],
];

interface Keyword {
  readonly text: string;
  readonly label: PriceLabel;
  readonly asciiStart: boolean;
}

const ASCII_LETTER = /[a-z]/;

const KEYWORDS: readonly Keyword[] = LABELS.flatMap(([label, words]) =>
  words.map((text) => ({
    text,
    label,
    asciiStart: ASCII_LETTER.test(text[0] ?? ""),
  })),
);

/** How far before a number its label may stand: "原价：¥ 128" fits, a sentence does not. */
export const LABEL_REACH = 24;

// Spaces and punctuation between a label and its number: "原价：", "Our Price: ", "【券后】".
const TRAILING_PUNCTUATION = /[\s:：,，.。)(（）[\]【】|/-]+$/u;

/**
 * The label that `context` (the text just before a number) ends with, or null. Only a label
 * right before the number counts, so "减肥茶 ¥99" has none and "满199减20" labels both numbers.
 */
export function labelOf(context: string): PriceLabel | null {
  const text = context.toLowerCase().replace(TRAILING_PUNCTUATION, "");
  if (text === "") return null;
  let best: Keyword | null = null;
  for (const keyword of KEYWORDS) {
    if (!text.endsWith(keyword.text)) continue;
    if (keyword.asciiStart && ASCII_LETTER.test(text[text.length - keyword.text.length - 1] ?? "")) continue;
    if (!best || keyword.text.length > best.text.length) best = keyword;
  }
  return best?.label ?? null;
}

/**
 * What follows a number that makes it a count, a quantity, a ratio or a date: "50片", "20%",
 * "8.5折", "1.2万人付款", "6月18日", "500ml", "12x". CJK units need no boundary; Latin ones are
 * case-sensitive ("ft" is feet, "Ft" is forint) and must end the word.
 */
const CJK_UNITS: readonly string[] = [
  "%",
  "‰",
  "折",
  "人",
  "件",
  "片",
  "粒",
  "盒",
  "瓶",
  "支",
  "袋",
  "包",
  "个",
  "只",
  "条",
  "笔",
  "次",
  "年",
  "月",
  "日",
  "号",
  "天",
  "周",
  "小时",
  "分钟",
  "秒",
  "岁",
  "克",
  "千克",
  "公斤",
  "斤",
  "毫升",
  "升",
  "毫克",
  "期",
  "寸",
  "米",
  "厘米",
  "毫米",
  "度",
  "倍",
  "张",
  "套",
  "组",
  "对",
  "双",
  "卷",
  "贴",
  "枚",
  "颗",
  "罐",
  "箱",
  "台",
  "位",
  "星",
  "分",
];

const LATIN_UNITS: readonly string[] = [
  "x",
  "X",
  "pcs",
  "Pcs",
  "PCS",
  "pc",
  "piece",
  "pieces",
  "Piece",
  "Pieces",
  "pack",
  "packs",
  "Pack",
  "ml",
  "mL",
  "ML",
  "mg",
  "g",
  "kg",
  "KG",
  "lb",
  "lbs",
  "oz",
  "cm",
  "mm",
  "ft",
  "in",
  "inch",
  "litre",
  "litres",
  "liter",
  "liters",
  "Litre",
  "Liter",
  "tablets",
  "capsules",
  "caps",
  "reviews",
  "ratings",
  "sold",
  "stars",
];

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

const UNIT_FIRST_CHARS: ReadonlySet<string> = new Set([...CJK_UNITS, ...LATIN_UNITS].map((u) => u[0] ?? ""));

export function startsWithUnit(text: string, at: number): boolean {
  if (!UNIT_FIRST_CHARS.has(text[at] ?? "")) return false;
  for (const unit of CJK_UNITS) if (text.startsWith(unit, at)) return true;
  for (const unit of LATIN_UNITS) {
    if (text.startsWith(unit, at) && !WORD_CHAR.test(text[at + unit.length] ?? "")) return true;
  }
  return false;
}

const MONTHS: ReadonlySet<string> = new Set(
  (
    "january february march april may june july august september october november december " +
    "jan feb mar apr jun jul aug sep sept oct nov dec"
  ).split(" "),
);

export function isMonthName(word: string): boolean {
  return MONTHS.has(word.toLowerCase());
}

/**
 * Phrases that say there is no price; with one present, a number without a currency mark is a
 * phone number or a code, never the price.
 */
const NO_PRICE: readonly string[] = [
  "暂无报价",
  "暂无价格",
  "价格待定",
  "待定",
  "询价",
  "面议",
  "电议",
  "到店咨询",
  "price on request",
  "call for price",
  "call for pricing",
  "request a quote",
];

export function saysNoPrice(text: string): boolean {
  const lower = text.toLowerCase();
  return NO_PRICE.some((phrase) => lower.includes(phrase));
}

/** A whole string that only says the item is free: "Free!", "免费", "Gratis". */
export function saysFree(text: string): boolean {
  const word = text
    .toLowerCase()
    .replace(/[^\p{L}]/gu, "")
    .trim();
  return (
    word === "free" || word === "免费" || word === "gratis" || word === "kostenlos" || word === "gratuit"
  );
}
