/**
 * The independent scenario's brand (瑞宁 / Ruining): its SKUs with floors and ceilings, its
 * official stores and distributors per channel, and the strangers who also sell its goods.
 * Prices are in yuan here, as a tenant config writes them.
 */

export const CHANNELS = ["jd", "tmall", "pdd", "jdh", "alih", "pharmacy", "shop-en"] as const;
export type ChannelId = (typeof CHANNELS)[number];

export const CHANNEL_NAMES: Record<ChannelId, string> = {
  jd: "京东",
  tmall: "天猫",
  pdd: "拼多多",
  jdh: "京东健康",
  alih: "阿里健康大药房",
  pharmacy: "好药网 (药房商城)",
  "shop-en": "MedSupply (English shop)",
};

/** The built-in marketplace profile each channel is given (none: the generic reading). */
export const CHANNEL_PROFILES: Record<ChannelId, string | undefined> = {
  jd: "jd",
  tmall: "tmall",
  pdd: "pdd",
  jdh: "jd-health",
  alih: "ali-health",
  pharmacy: undefined,
  "shop-en": undefined,
};

/** Channels whose pages show a shop id the config can name. */
export const CHANNELS_WITH_SHOP_IDS: ReadonlySet<ChannelId> = new Set(["jd", "tmall", "pdd", "jdh", "alih"]);

export type Category = "device" | "rx-drug" | "otc-drug";

export interface Product {
  sku: string;
  name: string;
  /** Words a Chinese title carries; English titles carry `englishWords`. */
  words: readonly string[];
  englishWords: readonly string[];
  /** The spec as the pack states it (one pack). */
  spec: string;
  /** Other ways the same single pack is written. */
  specVariants: readonly string[];
  /** Units per pack (config `packSize`), when the pack has a count. */
  packSize?: number;
  unit: string;
  /** GTIN and other configured identifiers. */
  ids: readonly string[];
  /** Registration/approval number printed on the page (device 注册证, drug 批准文号). */
  approval: string;
  category: Category;
  prohibited?: boolean;
  min: number;
  max: number;
  /** English name for English pages. */
  english: string;
}

export const PRODUCTS: readonly Product[] = [
  {
    sku: "RN-GLU50",
    name: "瑞宁血糖试纸 50片",
    words: ["瑞宁", "血糖试纸"],
    englishWords: ["Ruining", "glucose test strips"],
    spec: "50片",
    specVariants: ["50片/盒", "50支装"],
    packSize: 50,
    unit: "片",
    ids: ["6941287500502"],
    approval: "国械注准20212400123",
    category: "device",
    min: 139,
    max: 229,
    english: "Ruining Blood Glucose Test Strips, 50 strips",
  },
  {
    sku: "RN-GLU100",
    name: "瑞宁血糖试纸 100片",
    words: ["瑞宁", "血糖试纸"],
    englishWords: ["Ruining", "glucose test strips"],
    spec: "100片",
    specVariants: ["100片/盒", "50片×2筒"],
    packSize: 100,
    unit: "片",
    ids: ["6941287501004"],
    approval: "国械注准20212400123",
    category: "device",
    min: 259,
    max: 399,
    english: "Ruining Blood Glucose Test Strips, 100 strips",
  },
  {
    sku: "RN-BPM",
    name: "瑞宁电子血压计 B21",
    words: ["瑞宁", "血压计"],
    englishWords: ["Ruining", "blood pressure monitor"],
    spec: "B21",
    specVariants: ["B21 上臂式", "B21型"],
    unit: "台",
    ids: ["国械注准20202070789", "6941287502100"],
    approval: "国械注准20202070789",
    category: "device",
    min: 269,
    max: 459,
    english: "Ruining Upper Arm Blood Pressure Monitor B21",
  },
  {
    sku: "RN-MET",
    name: "瑞宁 盐酸二甲双胍缓释片 0.5g×30片",
    words: ["瑞宁", "二甲双胍"],
    englishWords: ["Ruining", "metformin"],
    spec: "0.5g×30片",
    specVariants: ["0.5g*30片", "0.5g×10片×3板", "10片×3板"],
    packSize: 30,
    unit: "片",
    ids: ["国药准字H20213456"],
    approval: "国药准字H20213456",
    category: "rx-drug",
    min: 32,
    max: 58,
    english: "Ruining Metformin Hydrochloride ER Tablets 0.5g x 30",
  },
  {
    sku: "RN-ASP",
    name: "瑞宁 阿司匹林肠溶片 0.1g×100片",
    words: ["瑞宁", "阿司匹林"],
    englishWords: ["Ruining", "aspirin"],
    spec: "0.1g×100片",
    specVariants: ["0.1g*100片", "100mg×100片"],
    packSize: 100,
    unit: "片",
    ids: ["国药准字H20217788"],
    approval: "国药准字H20217788",
    category: "otc-drug",
    min: 19,
    max: 36,
    english: "Ruining Aspirin Enteric-coated Tablets 0.1g x 100",
  },
  {
    sku: "RN-BLG",
    name: "瑞宁 板蓝根颗粒 3g×10袋",
    words: ["瑞宁", "板蓝根"],
    englishWords: ["Ruining", "banlangen"],
    spec: "3g×10袋",
    specVariants: ["3g*10袋", "3克×10袋"],
    packSize: 10,
    unit: "袋",
    ids: ["国药准字Z20215566"],
    approval: "国药准字Z20215566",
    category: "otc-drug",
    min: 14,
    max: 28,
    english: "Ruining Banlangen Granules 3g x 10 sachets",
  },
  {
    sku: "RN-CFX",
    name: "瑞宁 头孢克肟片 0.5g×24片",
    words: ["瑞宁", "头孢克肟"],
    englishWords: ["Ruining", "cefixime"],
    spec: "0.5g×24片",
    specVariants: ["0.5g*24片", "0.5g×12片×2板"],
    packSize: 24,
    unit: "片",
    ids: ["国药准字H20219012"],
    approval: "国药准字H20219012",
    category: "rx-drug",
    min: 42,
    max: 76,
    english: "Ruining Cefixime Tablets 0.5g x 24",
  },
  {
    sku: "RN-AMB",
    name: "瑞宁 盐酸氨溴索口服溶液 5ml:0.1g×6支",
    words: ["瑞宁", "氨溴索"],
    englishWords: ["Ruining", "ambroxol"],
    spec: "5ml:0.1g×6支",
    specVariants: ["5ml:0.1g*6支", "5ml:0.1g×6支/盒"],
    packSize: 6,
    unit: "支",
    ids: ["国药准字H20214321"],
    approval: "国药准字H20214321",
    category: "rx-drug",
    min: 26,
    max: 48,
    english: "Ruining Ambroxol Oral Solution 5ml:0.1g x 6 vials",
  },
  {
    sku: "RN-EPH",
    name: "瑞宁 盐酸麻黄碱滴鼻液 10ml",
    words: ["瑞宁", "麻黄碱"],
    englishWords: ["Ruining", "ephedrine"],
    spec: "10ml",
    specVariants: ["10ml/瓶", "10ml×1瓶"],
    unit: "瓶",
    ids: ["国药准字H20216060"],
    approval: "国药准字H20216060",
    category: "rx-drug",
    prohibited: true,
    min: 9,
    max: 30,
    english: "Ruining Ephedrine Nasal Drops 10ml",
  },
];

export function productOf(sku: string): Product {
  const p = PRODUCTS.find((x) => x.sku === sku);
  if (!p) throw new Error(`unknown sku ${sku}`);
  return p;
}

export interface ShopRef {
  channel: ChannelId;
  name: string;
  /** The id the channel's pages show (shop id, user id, mall id); none where pages show none. */
  id?: string;
}

export interface Distributor {
  id: string;
  name: string;
  regions: readonly string[];
  shops: readonly ShopRef[];
}

export const OFFICIAL: readonly ShopRef[] = [
  { channel: "jd", name: "瑞宁京东自营旗舰店", id: "1000088001" },
  { channel: "tmall", name: "瑞宁官方旗舰店", id: "2208800001" },
  { channel: "pdd", name: "瑞宁官方旗舰店", id: "880001" },
  { channel: "jdh", name: "瑞宁医药京东自营旗舰店", id: "1000088002" },
  { channel: "pharmacy", name: "瑞宁医药官方店" },
  { channel: "shop-en", name: "Ruining Official Store" },
];

export const DISTRIBUTORS: readonly Distributor[] = [
  {
    id: "dist-hz",
    name: "杭州康禾医药",
    regions: ["浙江", "上海"],
    shops: [
      { channel: "tmall", name: "康禾大药房旗舰店", id: "2209900001" },
      { channel: "alih", name: "阿里健康大药房", id: "5500001" },
      { channel: "pharmacy", name: "康禾大药房" },
    ],
  },
  {
    id: "dist-gz",
    name: "广州南粤医药",
    regions: ["广东", "广西", "海南"],
    shops: [
      { channel: "jd", name: "南粤医疗器械专营店", id: "10077001" },
      { channel: "pdd", name: "南粤医药专营店", id: "770001" },
      { channel: "jdh", name: "南粤大药房", id: "10077002" },
    ],
  },
  {
    id: "dist-bj",
    name: "北京华康医药",
    regions: ["北京", "天津", "河北"],
    shops: [
      { channel: "jd", name: "华康医疗器械专营店", id: "10066001" },
      { channel: "jdh", name: "华康大药房旗舰店", id: "10066002" },
      { channel: "pharmacy", name: "华康大药房" },
      { channel: "alih", name: "华康医药专营店", id: "5500002" },
    ],
  },
];

/**
 * Strangers: shops not on any list. Some are look-alikes on purpose: a near name of an
 * authorized shop, or an authorized shop's name on a channel it is not authorized for.
 */
export const STRANGERS: Record<ChannelId, readonly string[]> = {
  jd: [
    "瑞宁医疗器械专卖店",
    "惠民医疗器械专营店",
    "华康医药器械专营店",
    "优品健康专营店",
    "康禾大药房旗舰店",
  ],
  tmall: [
    "瑞宁健康专营店",
    "益众大药房旗舰店",
    "南粤医疗器械专营店",
    "康和大药房旗舰店",
    "百姓医疗器械专营店",
  ],
  pdd: ["瑞宁健康优选", "惠康医疗器械店", "南粤医药批发", "好邻居大药房", "优选家庭药箱"],
  jdh: ["百信大药房", "南越大药房", "瑞宁医药专营店", "国大药房京东店", "康禾大药房"],
  alih: ["阿里健康药房专营店", "华康医疗专营店", "天天好药大药房", "九州通医药专营店", "康爱多大药房旗舰店"],
  pharmacy: ["百姓缘大药房", "华康药房", "老百姓大药房", "益丰大药房", "南粤大药房"],
  "shop-en": [
    "HealthHub Trading",
    "MediDeal Outlet",
    "Global Pharma Express",
    "CareBox Supplies",
    "Ruining Store",
  ],
};

/** Ids strangers' pages show on channels with ids (never a configured one). */
export const STRANGER_ID_BASE: Record<ChannelId, number> = {
  jd: 19000000,
  tmall: 2300000000,
  pdd: 990000,
  jdh: 19500000,
  alih: 5900000,
  pharmacy: 0,
  "shop-en": 0,
};

/** Other brands' goods for recommendation blocks, with prices in yuan. */
export const OTHER_GOODS: readonly { name: string; price: number; english: string }[] = [
  { name: "鱼跃血糖试纸 50片", price: 79, english: "Yuwell Glucose Strips 50" },
  { name: "欧姆龙电子血压计 U10", price: 219, english: "Omron Blood Pressure Monitor U10" },
  { name: "三诺安稳血糖仪套装", price: 168, english: "Sinocare Glucose Meter Kit" },
  { name: "修正 板蓝根颗粒 10g×20袋", price: 12.8, english: "Xiuzheng Banlangen 10g x 20" },
  { name: "拜阿司匹灵 100mg×30片", price: 15.5, english: "Bayaspirin 100mg x 30" },
  { name: "格华止 二甲双胍片 0.5g×20片", price: 28, english: "Glucophage 0.5g x 20" },
  { name: "可孚医用采血针 100支", price: 19.9, english: "Cofoe Lancets 100" },
  { name: "稳豪 血糖试纸 50片", price: 129, english: "OneTouch Strips 50" },
];

export const CITIES: Record<string, readonly string[]> = {
  浙江: ["杭州", "宁波"],
  上海: ["上海"],
  广东: ["广州", "深圳"],
  广西: ["南宁"],
  北京: ["北京"],
  天津: ["天津"],
  河北: ["石家庄"],
  四川: ["成都"],
  湖北: ["武汉"],
  江苏: ["南京", "苏州"],
  山东: ["济南"],
};
