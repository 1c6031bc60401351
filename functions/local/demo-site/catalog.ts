/**
 * What the demo marketplace sells: the fictional brand 安可, its products, the sellers and every
 * listing page, as plain data. The page renderers turn these rows into HTML; `truth.ts` holds the
 * answer key the pipeline's alerts are checked against. Nothing here knows about rules.
 */

export type DemoSite = "jd" | "tmall" | "pharmacy" | "shop";

export interface DemoProduct {
  readonly sku: string;
  readonly brand: string;
  /** Generic product name, used in spec tables. */
  readonly name: string;
  readonly model: string;
  readonly category: "device" | "rx-drug";
  /** 国械注准… for devices, 国药准字… for drugs. */
  readonly approval: string;
  /** GTIN-13 of one retail pack (valid check digit). */
  readonly gtin: string;
  readonly maker: string;
  readonly spec: string;
}

export const DEMO_PRODUCTS = {
  "GLU-50": {
    sku: "GLU-50",
    brand: "安可",
    name: "血糖试纸",
    model: "GS-50",
    category: "device",
    approval: "国械注准20193400123",
    gtin: "6975512300501",
    maker: "安可医疗科技（苏州）有限公司",
    spec: "50片/瓶",
  },
  "GLU-100": {
    sku: "GLU-100",
    brand: "安可",
    name: "血糖试纸",
    model: "GS-100",
    category: "device",
    approval: "国械注准20193400123",
    gtin: "6975512301003",
    maker: "安可医疗科技（苏州）有限公司",
    spec: "100片/盒（独立包装）",
  },
  "BPM-01": {
    sku: "BPM-01",
    brand: "安可",
    name: "电子血压计",
    model: "U80",
    category: "device",
    approval: "国械注准20202070456",
    gtin: "6975512308019",
    maker: "安可医疗科技（苏州）有限公司",
    spec: "上臂式，臂带22-42cm",
  },
  "MET-500": {
    sku: "MET-500",
    brand: "安可",
    name: "二甲双胍缓释片",
    model: "0.5g*30片",
    category: "rx-drug",
    approval: "国药准字H20203456",
    gtin: "6975512305001",
    maker: "安可制药（江苏）有限公司",
    spec: "0.5g*30片/盒",
  },
} as const satisfies Record<string, DemoProduct>;

export type DemoSku = keyof typeof DEMO_PRODUCTS;

/** Who a seller is to the brand; the config (examples/demo.yaml) is what the pipeline reads. */
export type SellerRole = "official" | "distributor" | "stranger" | "other-brand";

export interface DemoSeller {
  readonly name: string;
  readonly id: string;
  readonly role: SellerRole;
}

export const DEMO_SELLERS = {
  jdOfficial: { name: "安可京东自营旗舰店", id: "1000012345", role: "official" },
  jdKangheng: { name: "康恒医疗器械专营店", id: "10001", role: "distributor" },
  jdYoupin: { name: "优品医疗器械专营店", id: "10087", role: "stranger" },
  jdYikang: { name: "益康健康馆", id: "10093", role: "stranger" },
  jdRuikang: { name: "瑞康京东自营旗舰店", id: "1000067890", role: "other-brand" },
  jdHejian: { name: "禾健医疗器械旗舰店", id: "10120", role: "other-brand" },
  tmallOfficial: { name: "安可官方旗舰店", id: "30000", role: "official" },
  tmallHuarunkang: { name: "华润康医疗器械专营店", id: "30001", role: "distributor" },
  tmallKangheng: { name: "康恒医疗器械专营店", id: "30077", role: "stranger" },
  tmallHuimin: { name: "惠民医疗器械专营店", id: "30102", role: "stranger" },
  tmallKangzhiyuan: { name: "康之源医疗专营店", id: "30215", role: "stranger" },
  tmallHejian: { name: "禾健官方旗舰店", id: "30300", role: "other-brand" },
  pharmacyKangheng: { name: "康恒大药房旗舰店", id: "20001", role: "distributor" },
  pharmacyRenxin: { name: "仁心大药房旗舰店", id: "20077", role: "stranger" },
  pharmacyKangning: { name: "康宁大药房", id: "20150", role: "other-brand" },
  shopJiankang: { name: "健康优选商城", id: "jkyx", role: "stranger" },
} as const satisfies Record<string, DemoSeller>;

export interface DemoProductListing {
  readonly kind: "product";
  readonly site: DemoSite;
  /** Page id: `/jd/item/{id}.html`, `/tmall/item/{id}.htm`, `/pharmacy/product/{id}.html`, `/shop/products/{id}`. */
  readonly id: string;
  /** The brand product shown, or null for another brand's item. */
  readonly sku: DemoSku | null;
  readonly title: string;
  /** Selling price as a decimal string, or null when the page shows 暂无报价. */
  readonly price: string | null;
  /** The price exactly as the page prints it (formats differ between sites and sellers). */
  readonly priceText: string | null;
  /** Strike-through price as printed, never the selling price. */
  readonly listPriceText: string | null;
  /** Coupon, 满减, 拼团 and gift texts as printed. */
  readonly promotions: readonly string[];
  readonly seller: DemoSeller;
  /** Province and city, as a 发货地 line prints them. */
  readonly shipFrom: string;
  readonly inStock: boolean;
  /** Shown on the site's search or list page; otherwise reachable only by a watched URL. */
  readonly listed: boolean;
  readonly monthlySales: number;
}

/** A product URL that answers 200 with a slider captcha and no listing. */
export interface DemoCaptchaListing {
  readonly kind: "captcha";
  readonly site: DemoSite;
  readonly id: string;
  readonly listed: boolean;
}

export type DemoListing = DemoProductListing | DemoCaptchaListing;

const S = DEMO_SELLERS;

export const DEMO_LISTINGS: readonly DemoListing[] = [
  // JD-like marketplace.
  {
    kind: "product",
    site: "jd",
    id: "100001",
    sku: "GLU-50",
    title: "安可血糖试纸 50片 瓶装 适用安可GS系列血糖仪 家用免调码",
    price: "199.00",
    priceText: "¥199.00",
    listPriceText: "¥239.00",
    promotions: ["满199减20", "PLUS会员免运费", "赠 一次性采血针50支"],
    seller: S.jdOfficial,
    shipFrom: "江苏 苏州",
    inStock: true,
    listed: true,
    monthlySales: 5200,
  },
  {
    kind: "product",
    site: "jd",
    id: "100002",
    sku: "GLU-100",
    title: "安可血糖试纸 100片装 独立包装 医院同款 家用血糖测试条",
    price: "359.00",
    priceText: "¥359.00",
    listPriceText: "¥399.00",
    promotions: ["满300减30"],
    seller: S.jdOfficial,
    shipFrom: "江苏 苏州",
    inStock: false,
    listed: true,
    monthlySales: 860,
  },
  {
    kind: "product",
    site: "jd",
    id: "100003",
    sku: "GLU-50",
    title: "安可血糖试纸 50片 授权经销 医疗器械正品 家用血糖测试条",
    price: "139.00",
    priceText: "¥139.00",
    listPriceText: "¥199.00",
    promotions: ["满99减10"],
    seller: S.jdKangheng,
    shipFrom: "上海",
    inStock: true,
    listed: true,
    monthlySales: 1300,
  },
  {
    kind: "product",
    site: "jd",
    id: "100004",
    sku: "GLU-50",
    title: "【正品保障】安可血糖试纸50片 血糖测试条 送采血针",
    price: "119.00",
    priceText: "¥119.00",
    listPriceText: "¥219.00",
    promotions: ["限时特惠", "赠 采血针50支"],
    seller: S.jdYoupin,
    shipFrom: "广东 深圳",
    inStock: true,
    listed: true,
    monthlySales: 2400,
  },
  {
    kind: "product",
    site: "jd",
    id: "100005",
    sku: "GLU-50",
    title: "安可血糖试纸 50片*3盒 囤货装 家用血糖测试条",
    price: "429.00",
    priceText: "¥429.00",
    listPriceText: "¥597.00",
    promotions: ["满400减20"],
    seller: S.jdYikang,
    shipFrom: "河南 郑州",
    inStock: true,
    listed: true,
    monthlySales: 310,
  },
  { kind: "captcha", site: "jd", id: "100006", listed: false },
  {
    kind: "product",
    site: "jd",
    id: "100007",
    sku: "GLU-50",
    title: "安可血糖试纸 50片 瓶装 血糖测试条",
    price: null,
    priceText: null,
    listPriceText: null,
    promotions: [],
    seller: S.jdYikang,
    shipFrom: "河南 郑州",
    inStock: false,
    listed: true,
    monthlySales: 0,
  },
  {
    kind: "product",
    site: "jd",
    id: "100008",
    sku: "BPM-01",
    title: "安可电子血压计 U80 上臂式 家用全自动 语音播报",
    price: "399.00",
    priceText: "¥399.00",
    listPriceText: "¥469.00",
    promotions: ["每满300减30", "以旧换新 至高补贴"],
    seller: S.jdOfficial,
    shipFrom: "江苏 苏州",
    inStock: true,
    listed: true,
    monthlySales: 3100,
  },
  {
    kind: "product",
    site: "jd",
    id: "100009",
    sku: "BPM-01",
    title: "安可电子血压计 U80 上臂式 医用级 家用血压测量仪",
    price: "389.00",
    priceText: "¥389.00",
    listPriceText: "¥469.00",
    promotions: ["满388减20"],
    seller: S.jdKangheng,
    shipFrom: "广东 广州",
    inStock: true,
    listed: true,
    monthlySales: 420,
  },
  {
    kind: "product",
    site: "jd",
    id: "100011",
    sku: null,
    title: "瑞康血糖试纸 50片 适用瑞康RK-1血糖仪",
    price: "89.00",
    priceText: "¥89.00",
    listPriceText: "¥129.00",
    promotions: ["满89减5"],
    seller: S.jdRuikang,
    shipFrom: "湖南 长沙",
    inStock: true,
    listed: true,
    monthlySales: 9800,
  },
  {
    kind: "product",
    site: "jd",
    id: "100012",
    sku: null,
    title: "禾健电子血压计 H3 腕式 家用血压测量仪",
    price: "199.00",
    priceText: "¥199.00",
    listPriceText: null,
    promotions: [],
    seller: S.jdHejian,
    shipFrom: "浙江 宁波",
    inStock: true,
    listed: true,
    monthlySales: 1500,
  },
  // Tmall-like marketplace.
  {
    kind: "product",
    site: "tmall",
    id: "600001",
    sku: "GLU-50",
    title: "安可血糖试纸50片 家用血糖测试条 官方正品",
    price: "189.00",
    priceText: "￥ 189",
    listPriceText: "￥239.00",
    promotions: ["2人拼团价¥179", "店铺券 满180减10"],
    seller: S.tmallOfficial,
    shipFrom: "浙江杭州",
    inStock: true,
    listed: true,
    monthlySales: 4000,
  },
  {
    kind: "product",
    site: "tmall",
    id: "600002",
    sku: "GLU-50",
    title: "安可血糖试纸 50片*2盒 家庭装 官方正品",
    price: "358.00",
    priceText: "￥ 358",
    listPriceText: "￥478.00",
    promotions: ["满300减20"],
    seller: S.tmallOfficial,
    shipFrom: "浙江杭州",
    inStock: true,
    listed: true,
    monthlySales: 1200,
  },
  {
    kind: "product",
    site: "tmall",
    id: "600003",
    sku: "GLU-50",
    title: "安可血糖试纸50片 领券立减 家用血糖测试条",
    price: "179.00",
    priceText: "￥ 179",
    listPriceText: "￥229.00",
    promotions: ["店铺券 满170减30", "券后¥149"],
    seller: S.tmallHuimin,
    shipFrom: "安徽合肥",
    inStock: true,
    listed: true,
    monthlySales: 2000,
  },
  {
    kind: "product",
    site: "tmall",
    id: "600004",
    sku: "GLU-50",
    title: "安可血糖试纸 50片 顺丰速发 家用血糖测试条",
    price: "299.00",
    priceText: "￥ 299",
    listPriceText: null,
    promotions: ["顺丰包邮"],
    seller: S.tmallHuarunkang,
    shipFrom: "北京",
    inStock: true,
    listed: true,
    monthlySales: 35,
  },
  {
    kind: "product",
    site: "tmall",
    id: "600005",
    sku: "GLU-50",
    title: "安可血糖试纸 50片 瓶装 家用血糖测试条",
    price: "189.00",
    priceText: "￥ 189",
    listPriceText: "￥219.00",
    promotions: ["顺丰包邮"],
    seller: S.tmallKangheng,
    shipFrom: "上海",
    inStock: true,
    listed: true,
    monthlySales: 150,
  },
  {
    kind: "product",
    site: "tmall",
    id: "600006",
    sku: "BPM-01",
    title: "安可电子血压计U80 上臂式 家用 大屏背光",
    price: "429.00",
    priceText: "￥ 429",
    listPriceText: "￥499.00",
    promotions: ["满400减30"],
    seller: S.tmallHuarunkang,
    shipFrom: "北京",
    inStock: true,
    listed: true,
    monthlySales: 260,
  },
  {
    kind: "product",
    site: "tmall",
    id: "600007",
    sku: "GLU-50",
    title: "安可血糖试纸 50片 清仓特价 家用血糖测试条",
    price: "129.00",
    priceText: "￥ 129",
    listPriceText: "￥199.00",
    promotions: [],
    seller: S.tmallKangzhiyuan,
    shipFrom: "福建厦门",
    inStock: false,
    listed: false,
    monthlySales: 0,
  },
  {
    kind: "product",
    site: "tmall",
    id: "600008",
    sku: null,
    title: "禾健电子血压计 H5 上臂式 家用全自动",
    price: "159.00",
    priceText: "￥ 159",
    listPriceText: "￥259.00",
    promotions: ["店铺券 满150减10"],
    seller: S.tmallHejian,
    shipFrom: "浙江宁波",
    inStock: true,
    listed: true,
    monthlySales: 6000,
  },
  // Pharmacy (JD Health / Ali Health-like).
  {
    kind: "product",
    site: "pharmacy",
    id: "800001",
    sku: "MET-500",
    title: "安可 二甲双胍缓释片 0.5g*30片/盒 2型糖尿病",
    price: "52.00",
    priceText: "￥52.00",
    listPriceText: "￥58.00",
    promotions: ["满49减5"],
    seller: S.pharmacyKangheng,
    shipFrom: "上海",
    inStock: true,
    listed: true,
    monthlySales: 700,
  },
  {
    kind: "product",
    site: "pharmacy",
    id: "800002",
    sku: "MET-500",
    title: "安可 二甲双胍缓释片 0.5g*30片 降糖药",
    price: "29.90",
    priceText: "29.90元",
    listPriceText: "58.00元",
    promotions: [],
    seller: S.pharmacyRenxin,
    shipFrom: "广西 南宁",
    inStock: true,
    listed: true,
    monthlySales: 1900,
  },
  {
    kind: "product",
    site: "pharmacy",
    id: "800003",
    sku: "BPM-01",
    title: "安可电子血压计 U80 上臂式 家用医用",
    price: "349.00",
    priceText: "349元",
    listPriceText: "469元",
    promotions: ["满300减20"],
    seller: S.pharmacyKangheng,
    shipFrom: "江苏 南京",
    inStock: true,
    listed: true,
    monthlySales: 120,
  },
  {
    kind: "product",
    site: "pharmacy",
    id: "800004",
    sku: "GLU-100",
    title: "安可血糖试纸 100片装 独立包装 血糖测试条",
    price: "339.00",
    priceText: "￥339.00",
    listPriceText: "￥399.00",
    promotions: ["满300减15"],
    seller: S.pharmacyRenxin,
    shipFrom: "广西 南宁",
    inStock: true,
    listed: true,
    monthlySales: 90,
  },
  {
    kind: "product",
    site: "pharmacy",
    id: "800005",
    sku: null,
    title: "康宁达 盐酸二甲双胍缓释片 0.5g*30片",
    price: "19.80",
    priceText: "￥19.80",
    listPriceText: null,
    promotions: [],
    seller: S.pharmacyKangning,
    shipFrom: "山东 济南",
    inStock: true,
    listed: true,
    monthlySales: 5000,
  },
  // Independent shop: JSON-LD only.
  {
    kind: "product",
    site: "shop",
    id: "anke-glu-50",
    sku: "GLU-50",
    title: "安可血糖试纸 50片",
    price: "149.00",
    priceText: "149元",
    listPriceText: "199元",
    promotions: [],
    seller: S.shopJiankang,
    shipFrom: "广东 东莞",
    inStock: true,
    listed: true,
    monthlySales: 40,
  },
  {
    kind: "product",
    site: "shop",
    id: "anke-glu-100",
    sku: "GLU-100",
    title: "安可血糖试纸 100片装",
    price: "359.00",
    priceText: "359元",
    listPriceText: null,
    promotions: [],
    seller: S.shopJiankang,
    shipFrom: "广东 东莞",
    inStock: false,
    listed: true,
    monthlySales: 0,
  },
  {
    kind: "product",
    site: "shop",
    id: "anke-bpm-u80",
    sku: "BPM-01",
    title: "安可电子血压计 U80 上臂式",
    price: "459.00",
    priceText: "459元",
    listPriceText: "499元",
    promotions: [],
    seller: S.shopJiankang,
    shipFrom: "广东 东莞",
    inStock: true,
    listed: true,
    monthlySales: 12,
  },
  {
    kind: "product",
    site: "shop",
    id: "ruikang-glucose-kit",
    sku: null,
    title: "瑞康血糖仪套装 含试纸50片",
    price: "128.00",
    priceText: "128元",
    listPriceText: null,
    promotions: [],
    seller: S.shopJiankang,
    shipFrom: "广东 东莞",
    inStock: true,
    listed: true,
    monthlySales: 70,
  },
];

/** The path a listing is served at. */
export function listingPath(listing: Pick<DemoListing, "site" | "id">): string {
  switch (listing.site) {
    case "jd":
      return `/jd/item/${listing.id}.html`;
    case "tmall":
      return `/tmall/item/${listing.id}.htm`;
    case "pharmacy":
      return `/pharmacy/product/${listing.id}.html`;
    case "shop":
      return `/shop/products/${listing.id}`;
  }
}

/** The search or list page each site's discovery starts at (what examples/demo.yaml watches). */
export const DEMO_START_PATHS: Readonly<Record<DemoSite, string>> = {
  jd: "/jd/search?keyword=%E5%AE%89%E5%8F%AF",
  tmall: "/tmall/search?q=%E5%AE%89%E5%8F%AF",
  pharmacy: "/pharmacy/search?keyword=%E5%AE%89%E5%8F%AF",
  shop: "/shop/collections/anke",
};
