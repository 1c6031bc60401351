/**
 * The labelled scenario: a fictional brand 安德 (12+ SKUs: devices, Rx drugs, OTC drugs), its
 * official stores, four distributors with regions and per-channel shops, 20+ unauthorized shops,
 * and one page spec per product page on four channels. Every page says what it is meant to be
 * ("stranger 30% below floor via coupon"); `scenario-labels.ts` turns that intent into the
 * findings a correct pipeline must produce, by rules written here, never by the pipeline's code.
 */

export type ChannelId = "jd" | "tmall" | "pharmacy" | "shop";
export const CHANNELS: readonly ChannelId[] = ["jd", "tmall", "pharmacy", "shop"];
export const CHANNEL_NAMES: Record<ChannelId, string> = {
  jd: "京东 (scenario)",
  tmall: "天猫 (scenario)",
  pharmacy: "健康大药房 (scenario)",
  shop: "优选商城 (scenario)",
};

export type Category = "device" | "rx-drug" | "otc-drug";

export interface ScenarioProduct {
  sku: string;
  name: string;
  category: Category;
  keywords: string[];
  ids: string[];
  packSize?: number;
  /** Floor and ceiling per pack in yuan. */
  min: number;
  max: number;
  prohibited?: boolean;
  /** The regulatory number printed on compliant pages. */
  approval: string;
  /** Title stem printed on pages; pack words are added by the page spec. */
  stem: string;
}

export const BRAND = "安德";

export const PRODUCTS: readonly ScenarioProduct[] = [
  {
    sku: "GLU-50",
    name: "安德血糖试纸 50片",
    category: "device",
    keywords: ["安德", "血糖试纸"],
    ids: ["6971234500501"],
    packSize: 50,
    min: 159,
    max: 259,
    approval: "国械注准20213400123",
    stem: "安德血糖试纸",
  },
  {
    sku: "GLU-100",
    name: "安德血糖试纸 100片",
    category: "device",
    keywords: ["安德", "血糖试纸"],
    ids: ["6971234501003"],
    packSize: 100,
    min: 289,
    max: 459,
    approval: "国械注准20213400123",
    stem: "安德血糖试纸",
  },
  {
    sku: "BPM-U80",
    name: "安德电子血压计 U80",
    category: "device",
    keywords: ["安德", "血压计"],
    ids: ["国械注准20212070456"],
    min: 299,
    max: 499,
    approval: "国械注准20212070456",
    stem: "安德电子血压计 U80 上臂式",
  },
  {
    sku: "THM-01",
    name: "安德电子体温计",
    category: "device",
    keywords: ["安德", "体温计"],
    ids: ["国械注准20212070111"],
    min: 39,
    max: 79,
    approval: "国械注准20212070111",
    stem: "安德电子体温计 软头 家用",
  },
  {
    sku: "NEB-02",
    name: "安德压缩式雾化器",
    category: "device",
    keywords: ["安德", "雾化器"],
    ids: ["国械注准20212080222"],
    min: 259,
    max: 399,
    approval: "国械注准20212080222",
    stem: "安德压缩式雾化器 儿童成人家用",
  },
  {
    sku: "OXI-03",
    name: "安德指夹式血氧仪",
    category: "device",
    keywords: ["安德", "血氧仪"],
    ids: ["国械注准20212070333"],
    min: 129,
    max: 229,
    approval: "国械注准20212070333",
    stem: "安德指夹式血氧仪 脉搏血氧饱和度",
  },
  {
    sku: "MET-500",
    name: "安德二甲双胍缓释片 0.5g*30片",
    category: "rx-drug",
    keywords: ["安德", "二甲双胍"],
    ids: ["国药准字H20213456"],
    packSize: 30,
    min: 39,
    max: 69,
    approval: "国药准字H20213456",
    stem: "安德 盐酸二甲双胍缓释片 0.5g",
  },
  {
    sku: "AML-5",
    name: "安德苯磺酸氨氯地平片 5mg*28片",
    category: "rx-drug",
    keywords: ["安德", "氨氯地平"],
    ids: ["国药准字H20214567"],
    packSize: 28,
    min: 45,
    max: 79,
    approval: "国药准字H20214567",
    stem: "安德 苯磺酸氨氯地平片 5mg",
  },
  {
    sku: "ATO-20",
    name: "安德阿托伐他汀钙片 20mg*14片",
    category: "rx-drug",
    keywords: ["安德", "阿托伐他汀"],
    ids: ["国药准字H20215678"],
    packSize: 14,
    min: 55,
    max: 95,
    approval: "国药准字H20215678",
    stem: "安德 阿托伐他汀钙片 20mg",
  },
  {
    sku: "TRM-50",
    name: "安德盐酸曲马多片 50mg*10片",
    category: "rx-drug",
    keywords: ["安德", "曲马多"],
    ids: ["国药准字H20216789"],
    packSize: 10,
    min: 25,
    max: 60,
    prohibited: true,
    approval: "国药准字H20216789",
    stem: "安德 盐酸曲马多片 50mg",
  },
  {
    sku: "IBU-300",
    name: "安德布洛芬缓释胶囊 0.3g*24粒",
    category: "otc-drug",
    keywords: ["安德", "布洛芬"],
    ids: ["国药准字H20217890"],
    packSize: 24,
    min: 19,
    max: 39,
    approval: "国药准字H20217890",
    stem: "安德 布洛芬缓释胶囊 0.3g",
  },
  {
    sku: "VC-100",
    name: "安德维生素C咀嚼片 100片",
    category: "otc-drug",
    keywords: ["安德", "维生素C"],
    ids: ["国药准字H20218901"],
    packSize: 100,
    min: 25,
    max: 49,
    approval: "国药准字H20218901",
    stem: "安德 维生素C咀嚼片",
  },
  {
    sku: "LOR-10",
    name: "安德氯雷他定片 10mg*6片",
    category: "otc-drug",
    keywords: ["安德", "氯雷他定"],
    ids: ["国药准字H20219012"],
    packSize: 6,
    min: 12,
    max: 29,
    approval: "国药准字H20219012",
    stem: "安德 氯雷他定片 10mg",
  },
];

export function productOf(sku: string): ScenarioProduct {
  const p = PRODUCTS.find((x) => x.sku === sku);
  if (!p) throw new Error(`unknown scenario sku ${sku}`);
  return p;
}

/** Per SKU × channel floors (yuan), as configured. */
export const OVERRIDES: readonly { sku: string; channel: ChannelId; minPrice: number }[] = [
  { sku: "GLU-50", channel: "pharmacy", minPrice: 149 },
  { sku: "BPM-U80", channel: "shop", minPrice: 279 },
];
/** rules.minPrice.tolerance */
export const MIN_TOLERANCE = 0.05;
export const DROP_PERCENT = 20;
export const OUTLIER_PERCENT = 40;

export interface Distributor {
  id: string;
  name: string;
  regions: string[];
  sellers: { channel: ChannelId; name: string; id?: string }[];
}

export const DISTRIBUTORS: readonly Distributor[] = [
  {
    id: "dist-sh",
    name: "上海康恒医药",
    regions: ["上海", "江苏"],
    sellers: [
      { channel: "jd", name: "康恒医疗器械专营店", id: "10001" },
      { channel: "pharmacy", name: "康恒大药房旗舰店", id: "20001" },
    ],
  },
  {
    id: "dist-bj",
    name: "北京华润康",
    regions: ["北京", "天津", "河北"],
    sellers: [
      { channel: "tmall", name: "华润康医疗器械专营店", id: "30001" },
      { channel: "jd", name: "华润康医药专营店", id: "10002" },
    ],
  },
  {
    id: "dist-gd",
    name: "广州百草堂",
    regions: ["广东", "广西"],
    sellers: [
      { channel: "pharmacy", name: "百草堂大药房", id: "20002" },
      { channel: "tmall", name: "百草堂医药专营店", id: "30002" },
      { channel: "shop", name: "百草堂健康专营店" },
    ],
  },
  {
    id: "dist-sc",
    name: "成都蜀康",
    regions: ["四川", "重庆"],
    sellers: [
      { channel: "jd", name: "蜀康医疗器械专营店", id: "10003" },
      { channel: "pharmacy", name: "蜀康大药房", id: "20003" },
    ],
  },
];

export const OFFICIAL: readonly { channel: ChannelId; name: string; id?: string }[] = [
  { channel: "jd", name: "安德京东自营旗舰店", id: "1000088888" },
  { channel: "tmall", name: "安德官方旗舰店", id: "30000" },
  { channel: "pharmacy", name: "安德官方大药房", id: "20000" },
  { channel: "shop", name: "安德Health官方商城" },
];

/** How a page's seller stands, by hand: `authorized` is the scenario's intent, not a lookup. */
export interface SellerSpec {
  name: string | null;
  id: string | null;
  role: "official" | "distributor" | "stranger";
  /** For role distributor: whose shop (also when it sells on a channel it is not authorized for). */
  distributorId?: string;
  /** True when the official store or a distributor authorized on this page's channel. */
  authorized: boolean;
  note: string;
}

const official = (channel: ChannelId, variantName?: string, note = "official store"): SellerSpec => {
  const o = OFFICIAL.find((x) => x.channel === channel);
  if (!o) throw new Error(`no official store on ${channel}`);
  return { name: variantName ?? o.name, id: o.id ?? null, role: "official", authorized: true, note };
};

const dist = (
  distributorId: string,
  channel: ChannelId,
  opts: { name?: string; id?: string | null; note?: string } = {},
): SellerSpec => {
  const d = DISTRIBUTORS.find((x) => x.id === distributorId);
  const s = d?.sellers.find((x) => x.channel === channel);
  if (!d || !s) throw new Error(`${distributorId} has no shop on ${channel}`);
  return {
    name: opts.name ?? s.name,
    id: opts.id === undefined ? (s.id ?? null) : opts.id,
    role: "distributor",
    distributorId,
    authorized: true,
    note: opts.note ?? `distributor ${distributorId}`,
  };
};

const stranger = (name: string | null, id: string | null, note: string): SellerSpec => ({
  name,
  id,
  role: "stranger",
  authorized: false,
  note,
});

/** A distributor's shop on a channel it is not authorized for: a stranger there. */
const distElsewhere = (distributorId: string, name: string, id: string | null): SellerSpec => ({
  name,
  id,
  role: "distributor",
  distributorId,
  authorized: false,
  note: `${distributorId}'s shop name on a channel it is not authorized for`,
});

/** Unauthorized shops (≥ 20), look-alikes first. */
export const STRANGERS = {
  jdKanghengZhuanmai: stranger("康恒医疗器械专卖店", "10501", "distributor's name with another store suffix"),
  jdKanghengFakeId: stranger("康恒医疗器械专营店", "10999", "distributor's exact name, another seller id"),
  jdAndeMedical: stranger("安德医疗官方旗舰店", "10502", "brand look-alike"),
  jdAndeZiying: stranger("安德健康自营店", "10503", "brand look-alike"),
  jdYoupin: stranger("优品医疗器械专营店", "10087", "stranger"),
  jdYikang: stranger("益康健康馆", "10093", "stranger"),
  jdXiaokang: stranger("小康医疗器械专营店", "10504", "stranger"),
  tmallKanghengFlag: stranger("康恒医疗器械旗舰店", "30501", "distributor's name with another store suffix"),
  tmallHuarunTradFakeId: stranger(
    "華潤康醫療器械專營店",
    "30444",
    "traditional-character variant of a distributor, another seller id",
  ),
  tmallHuarunNoSuffix: stranger("华润康医疗器械专营", "30445", "distributor's name with a truncated suffix"),
  tmallHuimin: stranger("惠民医疗器械专营店", "30102", "stranger"),
  tmallKangzhiyuan: stranger("康之源医疗专营店", "30215", "stranger"),
  tmallHaiwai: stranger("海外代购安德专营店", "30502", "stranger"),
  pharmacyRenxin: stranger("仁心大药房旗舰店", "20077", "stranger"),
  pharmacyBaicaoChain: stranger("百草堂大药房连锁", "20502", "distributor's name with a suffix"),
  pharmacyFurui: stranger("福瑞大药房", "20503", "stranger"),
  pharmacyMinsheng: stranger("民生药房", "20504", "stranger"),
  pharmacyLekang: stranger("乐康大药房", "20505", "stranger"),
  shopHaoyaoshi: stranger("好药师旗舰店", null, "stranger"),
  shopLegou: stranger("乐购健康", null, "stranger"),
  shopTiantian: stranger("天天平价药店", null, "stranger"),
  shopAndeFake: stranger("安德官方商城直营店", null, "brand look-alike with a store suffix"),
  tmallKanghengElsewhere: distElsewhere("dist-sh", "康恒医疗器械专营店", "30077"),
  jdBaicaoElsewhere: distElsewhere("dist-gd", "百草堂医药专营店", "10505"),
  tmallShukangElsewhere: distElsewhere("dist-sc", "蜀康医疗器械专营店", "30503"),
  shopNoSeller: stranger(null, null, "no seller shown"),
} as const;

export const AUTH = {
  official,
  dist,
  /** Name variants that normalize to an authorized seller. */
  tmallHuarunTradRightId: () =>
    dist("dist-bj", "tmall", {
      name: "華潤康醫療器械專營店",
      note: "traditional-character variant, right id",
    }),
  shopOfficialFullWidth: () =>
    official("shop", "安德Ｈｅａｌｔｈ官方商城", "full-width variant of the official store"),
  shopBaicaoTrad: () =>
    dist("dist-gd", "shop", { name: "百草堂健康專營店", note: "traditional-character variant" }),
  tmallOfficialTrad: () => official("tmall", "安德官方旗艦店", "traditional-character variant, right id"),
};

export type Promo =
  | { kind: "coupon"; min: number; off: number }
  | { kind: "store"; min: number; off: number }
  | { kind: "group"; price: number }
  | { kind: "secondHalf" }
  | { kind: "member"; price: number }
  | { kind: "final"; price: number }
  | { kind: "gift" };

export function promoText(p: Promo): string {
  switch (p.kind) {
    case "coupon":
      return `领券满${p.min}减${p.off}`;
    case "store":
      return `满${p.min}减${p.off}`;
    case "group":
      return `拼团价¥${p.price}`;
    case "secondHalf":
      return "第二件半价";
    case "member":
      return `PLUS会员价¥${p.price}`;
    case "final":
      return `到手价¥${p.price}`;
    case "gift":
      return "赠 一次性采血针50支";
  }
}

export interface PageSpec {
  /** Page id, unique per channel. */
  id: string;
  channel: ChannelId;
  /** The brand product shown (null: another brand's item). */
  sku: string | null;
  /** Whether a correct matcher ties this page to `sku` (false for pack-size mismatches, other brands). */
  matchable: boolean;
  title: string;
  /** Packs sold as one item (a 2-box bundle is 2). */
  packs: number;
  seller: SellerSpec;
  /** Listed selling price in yuan on a day, or null for a page without a price that day. */
  price: (day: number) => number | null;
  listPrice?: number;
  promos: Promo[];
  /** A per-unit price ("¥2.90/片") printed in the price block before the selling price. */
  unitPriceTrap?: boolean;
  /** A PLUS member-only price block next to the selling price. */
  plusPriceTrap?: number;
  shipFrom: string;
  inStock: boolean;
  rxNotice: "visible" | "hidden" | "none";
  deviceNumber: "registration" | "filing" | "none";
  /** Answers a captcha on this day. */
  blocked?: (day: number) => boolean;
  /** Watch entry names the sku (explicit mapping). */
  watchSku?: boolean;
  intent: string;
}

export const DAYS = 6;

const UNIT_WORD: Record<string, string> = { "IBU-300": "粒" };

/** A product title as a seller would write it; `packs` > 1 makes a bundle ("*2盒"). */
export function titleOf(sku: string, opts: { packs?: number; units?: number; extra?: string } = {}): string {
  const p = productOf(sku);
  const units = opts.units ?? p.packSize;
  let title = p.stem;
  if (units !== undefined) {
    const word = UNIT_WORD[sku] ?? "片";
    title += p.category === "device" ? ` ${units}${word}` : `*${units}${word}`;
  }
  if ((opts.packs ?? 1) > 1) title += `*${opts.packs}盒`;
  return opts.extra ? `${title} ${opts.extra}` : title;
}

const constant = (yuan: number | null) => () => yuan;
const series = (values: readonly (number | null)[]) => (day: number) => values[day] ?? null;
const mid = (sku: string) => Math.round((productOf(sku).min + productOf(sku).max) / 2);

function defaults(sku: string | null): Pick<PageSpec, "rxNotice" | "deviceNumber"> {
  const p = sku ? productOf(sku) : null;
  return {
    rxNotice: p?.category === "rx-drug" ? "visible" : "none",
    deviceNumber: p?.category === "device" ? "registration" : "none",
  };
}

function shipFromOf(seller: SellerSpec): string {
  if (seller.role === "official") return "江苏 苏州";
  if (seller.role === "distributor" && seller.authorized) {
    const d = DISTRIBUTORS.find((x) => x.id === seller.distributorId);
    return `${d?.regions[0] ?? "上海"} 市区`;
  }
  return "广东 深圳";
}

type PageInput = Omit<
  PageSpec,
  "rxNotice" | "deviceNumber" | "packs" | "promos" | "shipFrom" | "inStock" | "matchable" | "title" | "price"
> &
  Partial<
    Pick<
      PageSpec,
      "rxNotice" | "deviceNumber" | "packs" | "promos" | "shipFrom" | "inStock" | "matchable" | "title"
    >
  > & {
    price: number | null | readonly (number | null)[];
  };

function page(input: PageInput): PageSpec {
  const packs = input.packs ?? 1;
  const sku = input.sku;
  return {
    ...defaults(sku),
    matchable: sku !== null,
    packs,
    promos: [],
    shipFrom: shipFromOf(input.seller),
    inStock: true,
    title: sku ? titleOf(sku, { packs }) : "",
    ...input,
    price: Array.isArray(input.price) ? series(input.price) : constant(input.price as number | null),
  };
}

const S = STRANGERS;
const A = AUTH;

/** The hand-written cases: traps and positives for every rule. */
const CASES: PageSpec[] = [
  // ── JD-like ──
  page({
    id: "200001",
    channel: "jd",
    sku: "GLU-50",
    seller: A.official("jd"),
    price: 199,
    unitPriceTrap: true,
    intent: "trap: per-unit price ¥3.98/片 printed before the selling price",
  }),
  page({
    id: "200002",
    channel: "jd",
    sku: "GLU-100",
    seller: A.official("jd"),
    price: 329,
    listPrice: 279,
    intent: "trap: strike-through price ¥279 below the floor, selling ¥329",
  }),
  page({
    id: "200003",
    channel: "jd",
    sku: "GLU-50",
    seller: A.dist("dist-sh", "jd"),
    price: 179,
    plusPriceTrap: 139,
    promos: [{ kind: "member", price: 139 }],
    intent: "trap: PLUS/member price ¥139 is not an effective price",
  }),
  page({
    id: "200004",
    channel: "jd",
    sku: "GLU-50",
    seller: A.dist("dist-sh", "jd"),
    price: 154,
    intent: "trap: below the floor but inside the 5% tolerance (¥2.95 margin)",
  }),
  page({
    id: "200005",
    channel: "jd",
    sku: "GLU-50",
    seller: S.jdYoupin,
    price: 149,
    intent: "stranger ¥2.05 below floor×(1−tolerance)",
  }),
  page({
    id: "200006",
    channel: "jd",
    sku: "GLU-50",
    seller: A.dist("dist-sh", "jd"),
    price: 139,
    intent: "authorized distributor below the floor (CN: monitoring only)",
  }),
  page({
    id: "200007",
    channel: "jd",
    sku: "BPM-U80",
    seller: A.dist("dist-bj", "jd"),
    price: 319,
    promos: [{ kind: "coupon", min: 300, off: 50 }],
    intent: "distributor below the floor via coupon",
  }),
  page({
    id: "200008",
    channel: "jd",
    sku: "OXI-03",
    seller: A.dist("dist-sc", "jd"),
    price: 169,
    shipFrom: "广东 广州",
    intent: "distributor ships from outside its regions",
  }),
  page({
    id: "200009",
    channel: "jd",
    sku: "GLU-50",
    seller: A.dist("dist-bj", "jd"),
    price: 129,
    shipFrom: "山东 济南",
    intent: "distributor below floor and out of region",
  }),
  page({
    id: "200010",
    channel: "jd",
    sku: "THM-01",
    seller: A.dist("dist-bj", "jd"),
    price: 59,
    shipFrom: "河北 廊坊",
    intent: "distributor in its third region",
  }),
  page({
    id: "200011",
    channel: "jd",
    sku: "NEB-02",
    seller: A.official("jd"),
    price: 239,
    intent: "official store below floor (enforceable)",
  }),
  page({
    id: "200012",
    channel: "jd",
    sku: "OXI-03",
    seller: A.official("jd"),
    price: 259,
    intent: "official store above the ceiling",
  }),
  page({
    id: "200013",
    channel: "jd",
    sku: "GLU-50",
    seller: S.jdKanghengZhuanmai,
    price: 189,
    promos: [{ kind: "coupon", min: 150, off: 78 }],
    intent: "look-alike stranger 30% below floor via coupon",
  }),
  page({
    id: "200014",
    channel: "jd",
    sku: "GLU-50",
    seller: S.jdKanghengFakeId,
    price: 199,
    intent: "distributor's exact name with another seller id",
  }),
  page({
    id: "200015",
    channel: "jd",
    sku: "BPM-U80",
    seller: S.jdAndeMedical,
    price: 399,
    intent: "brand look-alike shop",
  }),
  page({
    id: "200016",
    channel: "jd",
    sku: "THM-01",
    seller: S.jdAndeZiying,
    price: 25,
    intent: "brand look-alike far below the market (counterfeit signal)",
  }),
  page({
    id: "200017",
    channel: "jd",
    sku: "MET-500",
    seller: S.jdYikang,
    price: 29,
    inStock: false,
    intent: "out-of-stock stranger below the floor",
  }),
  page({
    id: "200018",
    channel: "jd",
    sku: "AML-5",
    seller: S.jdXiaokang,
    price: 62,
    inStock: false,
    intent: "out-of-stock stranger, compliant price",
  }),
  page({
    id: "200019",
    channel: "jd",
    sku: "OXI-03",
    seller: S.jdYoupin,
    price: null,
    intent: "trap: page without a price (暂无报价)",
  }),
  page({
    id: "200020",
    channel: "jd",
    sku: null,
    matchable: false,
    title: "瑞康血糖试纸 50片 家用",
    seller: S.jdYikang,
    price: 99,
    intent: "trap: another brand's product",
  }),
  page({
    id: "200021",
    channel: "jd",
    sku: "GLU-50",
    matchable: false,
    title: titleOf("GLU-50", { units: 25, extra: "试用装" }),
    seller: S.jdXiaokang,
    price: 69,
    intent: "trap: 25片 listing of the 50片 SKU → unmatched",
  }),
  page({
    id: "200022",
    channel: "jd",
    sku: "GLU-50",
    packs: 2,
    seller: A.official("jd"),
    price: 338,
    intent: "trap: bundle of 2, compliant per pack (¥169)",
  }),
  page({
    id: "200023",
    channel: "jd",
    sku: "GLU-50",
    packs: 2,
    seller: S.jdYoupin,
    price: 278,
    intent: "bundle of 2 below the floor per pack (¥139)",
  }),
  page({
    id: "200024",
    channel: "jd",
    sku: "IBU-300",
    seller: S.jdAndeZiying,
    price: 20,
    promos: [{ kind: "secondHalf" }],
    intent: "below the floor only through 第二件半价 (¥15 per item)",
  }),
  page({
    id: "200025",
    channel: "jd",
    sku: "BPM-U80",
    seller: S.jdYoupin,
    price: 359,
    deviceNumber: "none",
    intent: "device page without a registration number",
  }),
  page({
    id: "200026",
    channel: "jd",
    sku: "THM-01",
    seller: A.official("jd"),
    price: 59,
    deviceNumber: "filing",
    intent: "trap: device page with a 械备 filing number",
  }),
  page({
    id: "200027",
    channel: "jd",
    sku: "MET-500",
    seller: A.dist("dist-sh", "jd"),
    price: 49,
    rxNotice: "none",
    intent: "Rx page without the notice (authorized seller)",
  }),
  page({
    id: "200028",
    channel: "jd",
    sku: "AML-5",
    seller: A.official("jd"),
    price: 59,
    rxNotice: "hidden",
    intent: "Rx notice only in a hidden element",
  }),
  page({
    id: "200029",
    channel: "jd",
    sku: "GLU-50",
    seller: A.official("jd"),
    price: 199,
    blocked: () => true,
    watchSku: true,
    intent: "captcha on every check → operational blocked alert",
  }),
  page({
    id: "200030",
    channel: "jd",
    sku: "LOR-10",
    seller: A.official("jd"),
    price: 19,
    blocked: (d) => d === 2,
    intent: "trap: captcha on one day only",
  }),
  page({
    id: "200031",
    channel: "jd",
    sku: "VC-100",
    seller: S.jdBaicaoElsewhere,
    price: 35,
    intent: "distributor's tmall shop name on jd",
  }),
  page({
    id: "200032",
    channel: "jd",
    sku: "GLU-100",
    title: "安德血糖试纸 独立包装 医院同款",
    seller: A.official("jd"),
    price: 339,
    watchSku: true,
    intent: "explicit watch mapping, title without pack size",
  }),
  page({
    id: "200033",
    channel: "jd",
    sku: "GLU-100",
    title: "安德血糖试纸 家用 独立装",
    seller: S.jdXiaokang,
    price: 259,
    watchSku: true,
    intent: "explicit mapping, stranger below floor",
  }),
  page({
    id: "200034",
    channel: "jd",
    sku: "GLU-50",
    matchable: false,
    title: "安德血糖试纸 家用测试条",
    seller: S.jdYikang,
    price: 99,
    intent: "trap: ambiguous between 50片 and 100片 SKUs → unmatched",
  }),
  page({
    id: "200035",
    channel: "jd",
    sku: "NEB-02",
    seller: S.jdYikang,
    price: 199,
    unitPriceTrap: true,
    intent: "stranger below the floor, per-unit price printed before the selling price",
  }),
  // ── Tmall-like ──
  page({
    id: "600001",
    channel: "tmall",
    sku: "BPM-U80",
    seller: A.dist("dist-bj", "tmall"),
    price: 299,
    promos: [{ kind: "coupon", min: 299, off: 40 }],
    intent: "distributor below the floor via coupon (exactly at threshold)",
  }),
  page({
    id: "600002",
    channel: "tmall",
    sku: "GLU-50",
    seller: A.tmallHuarunTradRightId(),
    price: 189,
    shipFrom: "天津 滨海",
    intent: "trap: traditional-character distributor name with its id",
  }),
  page({
    id: "600003",
    channel: "tmall",
    sku: "NEB-02",
    seller: A.tmallOfficialTrad(),
    price: 329,
    intent: "trap: traditional-character official store name",
  }),
  page({
    id: "600004",
    channel: "tmall",
    sku: "GLU-50",
    seller: S.tmallKanghengElsewhere,
    price: 169,
    intent: "jd distributor's shop on tmall",
  }),
  page({
    id: "600005",
    channel: "tmall",
    sku: "GLU-100",
    seller: S.tmallKanghengFlag,
    price: 339,
    intent: "distributor's name as a 旗舰店",
  }),
  page({
    id: "600006",
    channel: "tmall",
    sku: "GLU-50",
    seller: S.tmallHuarunTradFakeId,
    price: 179,
    intent: "traditional-character distributor name, another id",
  }),
  page({
    id: "600007",
    channel: "tmall",
    sku: "OXI-03",
    seller: S.tmallHuarunNoSuffix,
    price: 179,
    intent: "distributor name with a truncated suffix",
  }),
  page({
    id: "600008",
    channel: "tmall",
    sku: "GLU-50",
    seller: S.tmallHuimin,
    price: 199,
    promos: [{ kind: "group", price: 139 }],
    intent: "below the floor via 拼团价",
  }),
  page({
    id: "600009",
    channel: "tmall",
    sku: "GLU-50",
    seller: A.official("tmall"),
    price: 189,
    promos: [{ kind: "member", price: 129 }],
    intent: "trap: 会员价 below the floor",
  }),
  page({
    id: "600010",
    channel: "tmall",
    sku: "NEB-02",
    seller: S.tmallKangzhiyuan,
    price: 319,
    promos: [{ kind: "final", price: 229 }],
    intent: "below the floor via a stated 到手价",
  }),
  page({
    id: "600011",
    channel: "tmall",
    sku: "BPM-U80",
    seller: A.official("tmall"),
    price: 339,
    promos: [{ kind: "store", min: 300, off: 30 }],
    intent: "trap: 满减 that stays above the floor",
  }),
  page({
    id: "600012",
    channel: "tmall",
    sku: "VC-100",
    seller: A.dist("dist-gd", "tmall"),
    price: 39,
    unitPriceTrap: true,
    intent: "trap: per-unit price printed first",
  }),
  page({
    id: "600013",
    channel: "tmall",
    sku: "OXI-03",
    seller: S.tmallHaiwai,
    price: 329,
    intent: "stranger above the ceiling",
  }),
  page({
    id: "600014",
    channel: "tmall",
    sku: "THM-01",
    seller: S.tmallShukangElsewhere,
    price: 55,
    intent: "jd distributor's shop name on tmall",
  }),
  page({
    id: "600015",
    channel: "tmall",
    sku: "LOR-10",
    seller: A.dist("dist-gd", "tmall"),
    price: 19,
    shipFrom: "浙江 杭州",
    intent: "distributor out of region",
  }),
  page({
    id: "600016",
    channel: "tmall",
    sku: null,
    matchable: false,
    title: "禾健电子血压计 臂式 家用",
    seller: S.tmallHuimin,
    price: 199,
    intent: "trap: another brand's device",
  }),
  page({
    id: "600017",
    channel: "tmall",
    sku: "TRM-50",
    seller: S.tmallHaiwai,
    price: 35,
    intent: "drug on the online-sale prohibited list",
  }),
  // ── Pharmacy ──
  page({
    id: "300001",
    channel: "pharmacy",
    sku: "GLU-50",
    seller: S.pharmacyRenxin,
    price: 145,
    intent: "trap: below the SKU floor but above the pharmacy override floor",
  }),
  page({
    id: "300002",
    channel: "pharmacy",
    sku: "GLU-50",
    seller: S.pharmacyFurui,
    price: 138,
    intent: "below the pharmacy override floor",
  }),
  page({
    id: "300003",
    channel: "pharmacy",
    sku: "MET-500",
    seller: A.dist("dist-gd", "pharmacy"),
    price: 46,
    promos: [{ kind: "secondHalf" }],
    intent: "distributor below the floor via 第二件半价",
  }),
  page({
    id: "300004",
    channel: "pharmacy",
    sku: "ATO-20",
    seller: A.official("pharmacy"),
    price: 75,
    intent: "trap: Rx page that carries the notice",
  }),
  page({
    id: "300005",
    channel: "pharmacy",
    sku: "ATO-20",
    seller: S.pharmacyMinsheng,
    price: 69,
    rxNotice: "none",
    intent: "Rx page without the notice",
  }),
  page({
    id: "300006",
    channel: "pharmacy",
    sku: "TRM-50",
    seller: A.official("pharmacy"),
    price: 39,
    intent: "prohibited drug listed by the official store",
  }),
  page({
    id: "300007",
    channel: "pharmacy",
    sku: "AML-5",
    seller: S.pharmacyBaicaoChain,
    price: 59,
    intent: "distributor name + 连锁",
  }),
  page({
    id: "300008",
    channel: "pharmacy",
    sku: "IBU-300",
    seller: A.dist("dist-sc", "pharmacy"),
    price: 14,
    shipFrom: "湖南 长沙",
    intent: "distributor below floor and out of region",
  }),
  page({
    id: "300009",
    channel: "pharmacy",
    sku: "MET-500",
    seller: S.pharmacyLekang,
    price: 15,
    intent: "stranger far below the market (counterfeit signal)",
  }),
  page({
    id: "300010",
    channel: "pharmacy",
    sku: "LOR-10",
    seller: A.official("pharmacy"),
    price: 19,
    inStock: false,
    intent: "trap: out of stock, compliant",
  }),
  page({
    id: "300011",
    channel: "pharmacy",
    sku: "AML-5",
    seller: S.pharmacyFurui,
    price: null,
    intent: "trap: no price",
  }),
  page({
    id: "300012",
    channel: "pharmacy",
    sku: "MET-500",
    matchable: false,
    title: titleOf("MET-500", { units: 60 }),
    seller: S.pharmacyMinsheng,
    price: 59,
    intent: "trap: 60片 listing of the 30片 SKU",
  }),
  // ── JSON-LD-only shop ──
  page({
    id: "s10001",
    channel: "shop",
    sku: "BPM-U80",
    seller: A.shopOfficialFullWidth(),
    price: 329,
    intent: "trap: full-width official store name",
  }),
  page({
    id: "s10002",
    channel: "shop",
    sku: "BPM-U80",
    seller: S.shopLegou,
    price: 269,
    intent: "trap: above the shop override floor, below the SKU floor",
  }),
  page({
    id: "s10003",
    channel: "shop",
    sku: "BPM-U80",
    seller: S.shopTiantian,
    price: 259,
    intent: "below the shop override floor",
  }),
  page({
    id: "s10004",
    channel: "shop",
    sku: "GLU-50",
    seller: A.shopBaicaoTrad(),
    price: 179,
    intent: "trap: traditional-character distributor name",
  }),
  page({
    id: "s10005",
    channel: "shop",
    sku: "OXI-03",
    seller: A.dist("dist-gd", "shop"),
    price: 169,
    shipFrom: "福建 厦门",
    intent: "distributor out of region (JSON-LD page)",
  }),
  page({
    id: "s10006",
    channel: "shop",
    sku: "GLU-100",
    seller: S.shopHaoyaoshi,
    price: 329,
    promos: [{ kind: "coupon", min: 300, off: 60 }],
    intent: "below the floor via coupon on a JSON-LD page",
  }),
  page({
    id: "s10007",
    channel: "shop",
    sku: "NEB-02",
    seller: S.shopAndeFake,
    price: 329,
    intent: "brand look-alike",
  }),
  page({
    id: "s10008",
    channel: "shop",
    sku: "GLU-50",
    seller: S.shopNoSeller,
    price: 199,
    intent: "trap: no seller shown, compliant price",
  }),
  page({
    id: "s10009",
    channel: "shop",
    sku: "VC-100",
    seller: S.shopLegou,
    price: 15,
    inStock: false,
    intent: "out-of-stock stranger far below",
  }),
  page({
    id: "s10010",
    channel: "shop",
    sku: "AML-5",
    seller: S.shopTiantian,
    price: 65,
    rxNotice: "none",
    intent: "Rx page without the notice (JSON-LD page)",
  }),
  // ── price history ──
  page({
    id: "209001",
    channel: "jd",
    sku: "THM-01",
    seller: A.official("jd"),
    price: [69, 69, 69, 69, 49, 49],
    intent: "price drop of 29% on day 4",
  }),
  page({
    id: "609001",
    channel: "tmall",
    sku: "NEB-02",
    seller: A.official("tmall"),
    price: [329, 329, 329, 389, 329, 329],
    intent: "trap: one-day spike that returns",
  }),
  page({
    id: "309001",
    channel: "pharmacy",
    sku: "VC-100",
    seller: A.official("pharmacy"),
    price: [45, 45, 26, 45, 34, 34],
    intent: "drop against the median despite a low outlier in history",
  }),
  page({
    id: "s19001",
    channel: "shop",
    sku: "GLU-100",
    seller: A.official("shop"),
    price: [399, 299, 299, 299, 299, 299],
    intent: "trap: drop with too little history, then the new normal",
  }),
  page({
    id: "209002",
    channel: "jd",
    sku: "BPM-U80",
    seller: A.official("jd"),
    price: [400, 380, 361, 343, 326, 310],
    intent: "trap: gradual 5%/day decline",
  }),
  page({
    id: "309002",
    channel: "pharmacy",
    sku: "AML-5",
    seller: A.dist("dist-sh", "pharmacy"),
    price: [60, 60, null, 60, 45, 45],
    shipFrom: "江苏 南京",
    intent: "drop after a day without a price",
  }),
  page({
    id: "609003",
    channel: "tmall",
    sku: "OXI-03",
    seller: A.official("tmall"),
    price: [199, 199, 199, 149, 149, 149],
    blocked: (d) => d === 1 || d === 2,
    intent: "trap: two captcha days are no price observations; then too little history for a drop",
  }),
  page({
    id: "609002",
    channel: "tmall",
    sku: "GLU-50",
    seller: S.tmallKangzhiyuan,
    price: [199, 199, 199, 199, 199, 149],
    intent: "stranger drops below the floor on day 5",
  }),
];

/** Bulk: the official store lists every SKU on every channel at a mid price. */
function officialBulk(): PageSpec[] {
  const out: PageSpec[] = [];
  CHANNELS.forEach((channel, c) => {
    PRODUCTS.forEach((p, i) => {
      out.push(
        page({
          id: `${channel === "shop" ? "s" : ""}${7 + c}${String(1000 + i)}`,
          channel,
          sku: p.sku,
          seller: A.official(channel),
          price: mid(p.sku),
          intent: p.prohibited ? "official listing of a prohibited drug" : "official listing, mid price",
        }),
      );
    });
  });
  return out;
}

/** Bulk: every distributor shop lists three SKUs at a mid price from its first region. */
function distributorBulk(): PageSpec[] {
  const out: PageSpec[] = [];
  const skus = PRODUCTS.filter((p) => !p.prohibited).map((p) => p.sku);
  let n = 0;
  for (const d of DISTRIBUTORS) {
    for (const s of d.sellers) {
      for (let k = 0; k < 3; k++) {
        const sku = skus[(n * 3 + k) % skus.length] as string;
        out.push(
          page({
            id: `${s.channel === "shop" ? "s" : ""}5${String(1000 + n * 3 + k)}`,
            channel: s.channel,
            sku,
            seller: A.dist(d.id, s.channel),
            price: mid(sku),
            intent: "distributor listing in region, mid price",
          }),
        );
      }
      n++;
    }
  }
  return out;
}

/** Bulk: every unauthorized shop lists two SKUs, at a mid, a low (−20%) or a high (+20% over max) price. */
function strangerBulk(): PageSpec[] {
  const out: PageSpec[] = [];
  const skus = PRODUCTS.filter((p) => !p.prohibited).map((p) => p.sku);
  let n = 0;
  for (const [key, seller] of Object.entries(STRANGERS)) {
    if (seller.name === null) continue;
    const channel = (CHANNELS.find((c) => key.startsWith(c)) ?? "jd") as ChannelId;
    for (let k = 0; k < 2; k++) {
      const sku = skus[(n * 2 + k) % skus.length] as string;
      const p = productOf(sku);
      const band = (n + k) % 3;
      const price = band === 0 ? mid(sku) : band === 1 ? Math.round(p.min * 0.8) : Math.round(p.max * 1.2);
      out.push(
        page({
          id: `${channel === "shop" ? "s" : ""}4${String(1000 + n * 2 + k)}`,
          channel,
          sku,
          seller,
          price,
          intent: [
            "unauthorized, mid price",
            "unauthorized, 20% below the floor",
            "unauthorized, 20% over the ceiling",
          ][band] as string,
        }),
      );
    }
    n++;
  }
  return out;
}

export const PAGES: readonly PageSpec[] = [
  ...CASES,
  ...officialBulk(),
  ...distributorBulk(),
  ...strangerBulk(),
];

export function pagePath(spec: Pick<PageSpec, "channel" | "id">): string {
  switch (spec.channel) {
    case "jd":
      return `/jd/item/${spec.id}.html`;
    case "tmall":
      return `/tmall/item/${spec.id}.htm`;
    case "pharmacy":
      return `/pharmacy/product/${spec.id}.html`;
    case "shop":
      return `/shop/products/${spec.id}`;
  }
}
