/**
 * The answer key of the walled market: what a cycle over it, with examples/demo.yaml's products,
 * sellers and rules (minPrice basis effective, tolerance 0.01, jurisdiction CN), must conclude
 * for each planted listing. Written by hand on purpose (not derived from catalog.ts), so that a
 * bug in either shows up as a disagreement.
 *
 * Thresholds (per pack, yuan): GLU-50 floor 159 (finding below 157.41), ceiling 259; GLU-100
 * floor 289 (below 286.11), ceiling 459; BPM-01 floor 299 (below 296.01), ceiling 499; MET-500
 * floor 39 (below 38.61), ceiling 69. Prices are those of the default delivery area 北京
 * (1_72_55653_0) unless `areaVariant` says otherwise.
 *
 * Other brands' items (the ad row 瑞康 and the 17 related items that fill the search pages, sku
 * ids 100061239001–100061239017) must stay unmatched: no alert.
 */

export type WalledAlertType = "below_min_price" | "above_max_price" | "unauthorized_seller" | "out_of_region";

/** The brand search the demo should start from: 2 pages of 12 organic rows and 2 ads each. */
export const WALLED_BRAND_KEYWORD = "安可";

export interface WalledTruth {
  readonly skuId: string;
  /** The item page, or null when the listing exists only as a search row (its page answers 404). */
  readonly itemPath: string | null;
  /** The brand product the listing must match, or null (another brand). */
  readonly sku: "GLU-50" | "GLU-100" | "BPM-01" | "MET-500" | null;
  readonly title: string;
  readonly seller: string;
  /** The shop id the config names (`pageConfigVO.shopId`, search row `shopId`). */
  readonly shopId: string;
  /** JD's merchant account id (`vender_id`): never the seller id. */
  readonly venderId: string;
  /** 发货地 in the item page's service line (`#summary-service`), or null without a page. */
  readonly shipFrom: string | null;
  /** `price.p` (search row `jdPrice`). */
  readonly price: string;
  /** `price.op`. */
  readonly listPrice: string;
  /** `price.finalPrice.price` (到手价), or null when the answer has none. */
  readonly finalPrice: string | null;
  /** `preferenceVO.sharedLabel[].text`. */
  readonly promotions: readonly string[];
  readonly availability: "InStock" | "OutOfStock";
  /** From `pageConfig.product.specialAttrs` (isPrescriptCat-1 → rx). */
  readonly drugClass: "rx" | null;
  /** Where the brand search (keyword 安可) shows it. */
  readonly search: { readonly page: number | null; readonly organic: boolean; readonly ad: boolean };
  /** Effective price per pack after the promotions and the to-hand price, in fen. */
  readonly effectivePerPackMinor: number;
  readonly expected: readonly WalledAlertType[];
  /** Subset of `expected` that is monitoring information only (authorized distributor, CN). */
  readonly monitoringOnly: readonly WalledAlertType[];
  /** The same listing seen from another delivery area (the session's ipLoc-djd / body.area). */
  readonly areaVariant: {
    readonly area: string;
    readonly price: string;
    readonly finalPrice: string | null;
    readonly effectivePerPackMinor: number;
    readonly expected: readonly WalledAlertType[];
  } | null;
  readonly note: string;
}

export const WALLED_TRUTH: readonly WalledTruth[] = [
  {
    skuId: "100061238801",
    itemPath: "/item/100061238801.html",
    sku: "GLU-50",
    title: "安可血糖试纸 50片 瓶装 适用安可GS系列血糖仪 家用免调码",
    seller: "安可京东自营旗舰店",
    shopId: "1000012345",
    venderId: "1000012345",
    shipFrom: "江苏 苏州",
    price: "199.00",
    listPrice: "239.00",
    finalPrice: "179.00",
    promotions: ["满199减20"],
    availability: "InStock",
    drugClass: null,
    search: { page: 1, organic: true, ad: true },
    effectivePerPackMinor: 17900,
    expected: [],
    monitoringOnly: [],
    areaVariant: null,
    note: "official store, ¥199 less 满199减20 = 到手价 ¥179 ≥ ¥157.41; also the first row of every search page as an ad (isAdvertise), repeating its organic row",
  },
  {
    skuId: "100061238802",
    itemPath: "/item/100061238802.html",
    sku: "GLU-100",
    title: "安可血糖试纸 100片装 独立包装 医院同款 家用血糖测试条",
    seller: "安可京东自营旗舰店",
    shopId: "1000012345",
    venderId: "1000012345",
    shipFrom: "江苏 苏州",
    price: "359.00",
    listPrice: "399.00",
    finalPrice: null,
    promotions: ["满300减30"],
    availability: "OutOfStock",
    drugClass: null,
    search: { page: 1, organic: true, ad: false },
    effectivePerPackMinor: 32900,
    expected: [],
    monitoringOnly: [],
    areaVariant: null,
    note: "official store, out of stock (stockState 34), no finalPrice in the answer; ¥359 less 满300减30 = ¥329: compliant",
  },
  {
    skuId: "100061238803",
    itemPath: "/item/100061238803.html",
    sku: "GLU-50",
    title: "安可血糖试纸 50片 授权经销 医疗器械正品 家用血糖测试条",
    seller: "康恒医疗器械专营店",
    shopId: "10001",
    venderId: "10128831",
    shipFrom: "上海",
    price: "139.00",
    listPrice: "199.00",
    finalPrice: "129.00",
    promotions: ["满99减10"],
    availability: "InStock",
    drugClass: null,
    search: { page: 1, organic: true, ad: false },
    effectivePerPackMinor: 12900,
    expected: ["below_min_price"],
    monitoringOnly: ["below_min_price"],
    areaVariant: null,
    note: "authorized distributor dist-sh (上海康恒医药) below the floor (¥139, 到手价 ¥129): recorded, monitoring only under CN law; ships from 上海, inside its regions: no out_of_region",
  },
  {
    skuId: "100061238804",
    itemPath: "/item/100061238804.html",
    sku: "GLU-50",
    title: "安可血糖试纸50片 家用血糖测试条 独立包装 免调码",
    seller: "益康健康馆",
    shopId: "10093",
    venderId: "10255102",
    shipFrom: "河南 郑州",
    price: "169.00",
    listPrice: "219.00",
    finalPrice: "149.00",
    promotions: ["满299减30"],
    availability: "InStock",
    drugClass: null,
    search: { page: 1, organic: true, ad: false },
    effectivePerPackMinor: 14900,
    expected: ["below_min_price", "unauthorized_seller"],
    monitoringOnly: [],
    areaVariant: null,
    note: "list price ¥169 is above the floor and 满299减30 needs a ¥299 basket; only the captured wareBusiness answer's 到手价 ¥149 is below ¥157.41. Its search row (jdPrice 169) alone raises only unauthorized_seller",
  },
  {
    skuId: "100061238805",
    itemPath: null,
    sku: "GLU-50",
    title: "【正品保障】安可血糖试纸50片 血糖测试条 送采血针",
    seller: "优品医疗器械专营店",
    shopId: "10087",
    venderId: "10243317",
    shipFrom: null,
    price: "119.00",
    listPrice: "219.00",
    finalPrice: null,
    promotions: [],
    availability: "InStock",
    drugClass: null,
    search: { page: 2, organic: true, ad: false },
    effectivePerPackMinor: 11900,
    expected: ["below_min_price", "unauthorized_seller"],
    monitoringOnly: [],
    areaVariant: null,
    note: "unauthorized seller seen only as a search row (page 2, jdPrice 119): its item page answers 404 to a signed-in shopper (the login stub signed out)",
  },
  {
    skuId: "100061238806",
    itemPath: "/item/100061238806.html",
    sku: "BPM-01",
    title: "安可电子血压计 U80 上臂式 家用全自动 语音播报",
    seller: "安可京东自营旗舰店",
    shopId: "1000012345",
    venderId: "1000012345",
    shipFrom: "江苏 苏州",
    price: "399.00",
    listPrice: "469.00",
    finalPrice: "369.00",
    promotions: ["每满300减30"],
    availability: "InStock",
    drugClass: null,
    search: { page: 1, organic: true, ad: false },
    effectivePerPackMinor: 36900,
    expected: [],
    monitoringOnly: [],
    areaVariant: {
      area: "19_1607_4773_62123",
      price: "289.00",
      finalPrice: "269.00",
      effectivePerPackMinor: 26900,
      expected: ["below_min_price"],
    },
    note: "official store: ¥399 (到手价 ¥369) in 北京, compliant; a session in 广东 (ipLoc-djd 19-1607-4773-62123) is answered ¥289 (到手价 ¥269 < ¥296.01): below the floor there only",
  },
  {
    skuId: "100061238807",
    itemPath: "/item/100061238807.html",
    sku: "MET-500",
    title: "安可 二甲双胍缓释片 0.5g*30片/盒 2型糖尿病",
    seller: "安可京东自营旗舰店",
    shopId: "1000012345",
    venderId: "1000012345",
    shipFrom: "江苏 苏州",
    price: "52.00",
    listPrice: "58.00",
    finalPrice: "47.00",
    promotions: ["满49减5"],
    availability: "InStock",
    drugClass: "rx",
    search: { page: 1, organic: true, ad: false },
    effectivePerPackMinor: 4700,
    expected: [],
    monitoringOnly: [],
    areaVariant: null,
    note: "prescription drug (specialAttrs isPrescriptCat-1; the page shows 处方药须凭处方在药师指导下购买和使用), ¥52 (到手价 ¥47): compliant",
  },
  {
    skuId: "100061238808",
    itemPath: "/item/100061238808.html",
    sku: null,
    title: "瑞康血糖试纸 50片 适用瑞康RK-1血糖仪",
    seller: "瑞康京东自营旗舰店",
    shopId: "1000067890",
    venderId: "1000067890",
    shipFrom: "湖南 长沙",
    price: "89.00",
    listPrice: "129.00",
    finalPrice: "84.00",
    promotions: ["满89减5"],
    availability: "InStock",
    drugClass: null,
    search: { page: 1, organic: false, ad: true },
    effectivePerPackMinor: 8400,
    expected: [],
    monitoringOnly: [],
    areaVariant: null,
    note: "another brand's test strips bidding on the brand keyword: an ad row (7th) on every search page, never organic; must stay unmatched",
  },
];
