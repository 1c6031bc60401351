import { DEMO_PRODUCTS, DEMO_SELLERS, type DemoSku } from "../demo-site/catalog.js";
import { seededRandom } from "../demo-site/seeded-random.js";

/**
 * What the login-walled JD-like market sells: the demo brand 安可's listings (same product names,
 * shop names and shop ids as the demo marketplace and examples/demo.yaml) and other brands'
 * related items that fill the search pages. Prices live only here and in the API answers: the
 * item pages never print the listing's own price. `truth.ts` is the hand-written answer key.
 */

export type WalledRole = "official" | "distributor" | "stranger" | "other-brand";

export interface WalledSeller {
  readonly name: string;
  /** The shop id (`pageConfig.product.shopId`, `pageConfigVO.shopId`): what the config names. */
  readonly shopId: string;
  /** The merchant account (`venderId`), not the shop: never the seller id. */
  readonly venderId: string;
  readonly role: WalledRole;
  /** 发货地, as the item page's service line prints it (the region rule reads it for distributors). */
  readonly shipFrom: string;
}

/** One price as wareBusiness states it (decimal strings, yuan). */
export interface WalledPrice {
  /** Selling price (`price.p`). */
  readonly p: string;
  /** JD list price (`price.op`). */
  readonly op: string;
  /** The to-hand estimate (`price.finalPrice`), absent on some items. */
  readonly final: { readonly price: string; readonly content: string } | null;
}

export interface WalledItem {
  /** JD sku id: `/item/{skuId}.html`. */
  readonly skuId: string;
  /** The brand product, or null for another brand's item. */
  readonly sku: DemoSku | null;
  readonly name: string;
  readonly seller: WalledSeller;
  readonly cat: readonly [number, number, number];
  /** JD's flags, as `pageConfig.product.specialAttrs` prints them. */
  readonly specialAttrs: readonly string[];
  /** Prices in the default delivery area. */
  readonly price: WalledPrice;
  /** Prices in other delivery areas (JD area code → price). */
  readonly areaPrices: Readonly<Record<string, WalledPrice>>;
  /** `preferenceVO.sharedLabel[].text`. */
  readonly labels: readonly string[];
  /** 33 in stock, 34 out of stock. */
  readonly stockState: 33 | 34;
  /** Served at /item/{skuId}.html to a signed-in shopper; false: only its search row exists. */
  readonly hasPage: boolean;
  /** Keywords the search answers this item for, besides words of its name. */
  readonly searchTags: readonly string[];
  /** Order in search results (lower first). */
  readonly rank: number;
}

/** JD area codes (province_city_county_town), as the API's `body.area` carries them. */
export const AREA = {
  /** 北京 朝阳区 三环以内: the default delivery area. */
  beijing: "1_72_55653_0",
  /** 广东 深圳 (the facts' example code): one item is cheaper here. */
  guangdong: "19_1607_4773_62123",
  shanghai: "2_2830_51800_0",
} as const;

export const DEFAULT_AREA = AREA.beijing;

/** Human names of the areas a person can pick on the /login form. */
export const AREA_NAMES: Readonly<Record<string, string>> = {
  [AREA.beijing]: "北京 朝阳区",
  [AREA.guangdong]: "广东 深圳市",
  [AREA.shanghai]: "上海 浦东新区",
};

const S = DEMO_SELLERS;
const seller = (
  s: { name: string; id: string },
  venderId: string,
  role: WalledRole,
  shipFrom: string,
): WalledSeller => ({ name: s.name, shopId: s.id, venderId, role, shipFrom });

export const WALLED_SELLERS = {
  official: seller(S.jdOfficial, "1000012345", "official", "江苏 苏州"),
  // Ships from within its regions (上海, 江苏): no out_of_region finding.
  kangheng: seller(S.jdKangheng, "10128831", "distributor", "上海"),
  youpin: seller(S.jdYoupin, "10243317", "stranger", "广东 深圳"),
  yikang: seller(S.jdYikang, "10255102", "stranger", "河南 郑州"),
  ruikang: seller(S.jdRuikang, "1000067890", "other-brand", "湖南 长沙"),
} as const;

/** The planted listings' sku ids, by what each one is for. */
export const WALLED_SKU = {
  /** GLU-50 at the official store, compliant. Also the ad row that repeats an organic row. */
  officialGlu50: "100061238801",
  /** GLU-100 at the official store, out of stock (stockState 34), no to-hand price. */
  officialGlu100OutOfStock: "100061238802",
  /** GLU-50 at the authorized distributor 康恒, below the floor (monitoring only under CN law). */
  distributorGlu50: "100061238803",
  /** GLU-50 from a stranger: list price above the floor, to-hand price (finalPrice) below it. */
  toHandBelowFloor: "100061238804",
  /** GLU-50 from a stranger that exists only as a search row (its item page answers 404). */
  searchOnlyStranger: "100061238805",
  /** BPM-01 at the official store: compliant in 北京, below the floor in 广东 (area pricing). */
  officialBpmAreaPriced: "100061238806",
  /** MET-500, a prescription drug (`isPrescriptCat-1`), at the official store. */
  officialMetRx: "100061238807",
  /** Another brand's test strips, shown as an ad row on every page of the brand search. */
  otherBrandAd: "100061238808",
} as const;

const DEVICE_ATTRS = ["isPrescriptCat-0", "isOTCCat-0", "is7ToReturn-1", "isCanUseDQ-1", "isCanUseJQ-1"];

const price = (p: string, op: string, final?: string): WalledPrice => ({
  p,
  op,
  final: final ? { price: final, content: "到手价" } : null,
});

const PLANTED: readonly WalledItem[] = [
  {
    skuId: WALLED_SKU.officialGlu50,
    sku: "GLU-50",
    name: "安可血糖试纸 50片 瓶装 适用安可GS系列血糖仪 家用免调码",
    seller: WALLED_SELLERS.official,
    cat: [9192, 12190, 12596],
    specialAttrs: [...DEVICE_ATTRS, "isSelfSku-1"],
    price: price("199.00", "239.00", "179.00"),
    areaPrices: {},
    labels: ["满199减20"],
    stockState: 33,
    hasPage: true,
    searchTags: [],
    rank: 1,
  },
  {
    skuId: WALLED_SKU.officialGlu100OutOfStock,
    sku: "GLU-100",
    name: "安可血糖试纸 100片装 独立包装 医院同款 家用血糖测试条",
    seller: WALLED_SELLERS.official,
    cat: [9192, 12190, 12596],
    specialAttrs: [...DEVICE_ATTRS, "isSelfSku-1"],
    price: price("359.00", "399.00"),
    areaPrices: {},
    labels: ["满300减30"],
    stockState: 34,
    hasPage: true,
    searchTags: [],
    rank: 10,
  },
  {
    skuId: WALLED_SKU.distributorGlu50,
    sku: "GLU-50",
    name: "安可血糖试纸 50片 授权经销 医疗器械正品 家用血糖测试条",
    seller: WALLED_SELLERS.kangheng,
    cat: [9192, 12190, 12596],
    specialAttrs: DEVICE_ATTRS,
    price: price("139.00", "199.00", "129.00"),
    areaPrices: {},
    labels: ["满99减10"],
    stockState: 33,
    hasPage: true,
    searchTags: [],
    rank: 2,
  },
  {
    skuId: WALLED_SKU.toHandBelowFloor,
    sku: "GLU-50",
    name: "安可血糖试纸50片 家用血糖测试条 独立包装 免调码",
    seller: WALLED_SELLERS.yikang,
    cat: [9192, 12190, 12596],
    specialAttrs: DEVICE_ATTRS,
    price: price("169.00", "219.00", "149.00"),
    areaPrices: {},
    // Needs a ¥299 basket: a single pack never reaches it; only the to-hand price is below.
    labels: ["满299减30"],
    stockState: 33,
    hasPage: true,
    searchTags: [],
    rank: 5,
  },
  {
    skuId: WALLED_SKU.searchOnlyStranger,
    sku: "GLU-50",
    name: "【正品保障】安可血糖试纸50片 血糖测试条 送采血针",
    seller: WALLED_SELLERS.youpin,
    cat: [9192, 12190, 12596],
    specialAttrs: DEVICE_ATTRS,
    price: price("119.00", "219.00"),
    areaPrices: {},
    labels: [],
    stockState: 33,
    hasPage: false,
    searchTags: [],
    rank: 13,
  },
  {
    skuId: WALLED_SKU.officialBpmAreaPriced,
    sku: "BPM-01",
    name: "安可电子血压计 U80 上臂式 家用全自动 语音播报",
    seller: WALLED_SELLERS.official,
    cat: [9192, 12190, 12593],
    specialAttrs: [...DEVICE_ATTRS, "isSelfSku-1"],
    price: price("399.00", "469.00", "369.00"),
    areaPrices: { [AREA.guangdong]: price("289.00", "469.00", "269.00") },
    labels: ["每满300减30"],
    stockState: 33,
    hasPage: true,
    searchTags: [],
    rank: 3,
  },
  {
    skuId: WALLED_SKU.officialMetRx,
    sku: "MET-500",
    name: "安可 二甲双胍缓释片 0.5g*30片/盒 2型糖尿病",
    seller: WALLED_SELLERS.official,
    cat: [9192, 9193, 12632],
    specialAttrs: ["isPrescriptCat-1", "isOTCCat-0", "is7ToReturn-0", "isSelfSku-1", "YuShou-0"],
    price: price("52.00", "58.00", "47.00"),
    areaPrices: {},
    labels: ["满49减5"],
    stockState: 33,
    hasPage: true,
    searchTags: [],
    rank: 7,
  },
  {
    skuId: WALLED_SKU.otherBrandAd,
    sku: null,
    name: "瑞康血糖试纸 50片 适用瑞康RK-1血糖仪",
    seller: WALLED_SELLERS.ruikang,
    cat: [9192, 12190, 12596],
    specialAttrs: [...DEVICE_ATTRS, "isSelfSku-1"],
    price: price("89.00", "129.00", "84.00"),
    areaPrices: {},
    labels: ["满89减5"],
    stockState: 33,
    hasPage: true,
    // Bought the brand's keywords: shown for them as an ad, never as an organic result of them.
    searchTags: [],
    rank: 40,
  },
];

/** Other brands' related items: what fills a real brand search. Some name 安可 as compatible. */
const FILLER_NAMES: readonly string[] = [
  "一次性采血针 100支 适用安可GS系列/瑞康RK系列血糖仪",
  "瑞康血糖仪 RK-1 家用 免调码 含试纸50片",
  "禾健电子血压计 H3 腕式 家用血压测量仪",
  "舒而安 医用酒精棉片 100片 独立包装",
  "康宁达 血糖仪收纳包 适用安可/瑞康 便携",
  "鑫瑞 医用棉签 200支 碘伏棉签",
  "禾健血糖试纸 50片 适用禾健G1血糖仪",
  "舒而安 上臂式血压计臂带 22-42cm 通用型",
  "瑞康血糖试纸 100片 适用瑞康RK-1 RK-2",
  "康宁达 糖尿病袜 宽口 男女款",
  "鑫瑞 医用采血针 28G 200支",
  "禾健 电子体温计 家用 口腔腋下",
  "舒而安 电子血压计电源适配器 通用型 5V",
  "瑞康 胰岛素笔针头 4mm 70支",
  "康宁达 无糖代餐粉 500g",
  "禾健 电子血压计 H5 上臂式 家用全自动",
  "鑫瑞 血糖记录本 2本装",
];

const FILLER_SHOPS: readonly WalledSeller[] = [
  {
    name: "鑫瑞医疗器械专营店",
    shopId: "10311",
    venderId: "10311877",
    role: "other-brand",
    shipFrom: "江西 南昌",
  },
  {
    name: "舒而安京东自营旗舰店",
    shopId: "1000080021",
    venderId: "1000080021",
    role: "other-brand",
    shipFrom: "浙江 杭州",
  },
  seller(DEMO_SELLERS.jdHejian, "10120455", "other-brand", "浙江 宁波"),
  {
    name: "康宁达健康专营店",
    shopId: "10342",
    venderId: "10342190",
    role: "other-brand",
    shipFrom: "山东 济南",
  },
  WALLED_SELLERS.ruikang,
];

function fillerItems(): WalledItem[] {
  return FILLER_NAMES.map((name, i) => {
    const rng = seededRandom(`walled:filler:${i}`);
    // Each brand's items come from its own shop; unbranded accessories from a reseller.
    const shop = FILLER_SHOPS.find((s) => name.startsWith(s.name.slice(0, 2))) ?? FILLER_SHOPS[0]!;
    const yuan = rng.int(9, 299);
    const p = `${yuan}.${rng.pick(["00", "90", "80"])}`;
    const op = `${yuan + rng.int(10, 60)}.00`;
    return {
      skuId: String(100061239001 + i),
      sku: null,
      name,
      seller: shop,
      cat: [9192, 12190, 12596 + (i % 4)],
      specialAttrs: DEVICE_ATTRS,
      price: price(p, op, rng.next() < 0.5 ? `${Math.max(1, yuan - rng.int(1, 8))}.00` : undefined),
      areaPrices: {},
      labels: rng.next() < 0.5 ? [`满${yuan}减${rng.int(2, 9)}`] : [],
      stockState: rng.next() < 0.15 ? 34 : 33,
      hasPage: true,
      // A brand search returns related items as well (accessories, other brands' strips).
      searchTags: ["安可", "血糖", "血压计"],
      rank: [4, 6, 8, 9, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24][i] ?? 30 + i,
    };
  });
}

export const WALLED_ITEMS: readonly WalledItem[] = [...PLANTED, ...fillerItems()];

const BY_SKU = new Map(WALLED_ITEMS.map((item) => [item.skuId, item]));

export function findItem(skuId: string): WalledItem | undefined {
  return BY_SKU.get(skuId);
}

/** The item's prices in a delivery area (the default area's when the area has none of its own). */
export function priceIn(item: WalledItem, area: string): WalledPrice {
  return item.areaPrices[area] ?? item.price;
}

/** Product facts a page prints (registration numbers, maker); other brands' are made up. */
export function itemFacts(item: WalledItem): {
  brand: string;
  approval: string;
  maker: string;
  spec: string;
} {
  if (item.sku) {
    const p = DEMO_PRODUCTS[item.sku];
    return { brand: p.brand, approval: p.approval, maker: p.maker, spec: p.spec };
  }
  const brand = item.name.split(/[ 血电一医]/)[0] || "鑫瑞";
  const rng = seededRandom(`walled:facts:${item.skuId}`);
  return {
    brand,
    approval: `国械注准2021${rng.int(2, 3)}07${rng.int(1000, 9999)}`,
    maker: `${brand}医疗科技有限公司`,
    spec: "见包装",
  };
}
