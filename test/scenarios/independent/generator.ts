import {
  CHANNELS,
  CHANNELS_WITH_SHOP_IDS,
  type ChannelId,
  CITIES,
  DISTRIBUTORS,
  OFFICIAL,
  OTHER_GOODS,
  PRODUCTS,
  type Product,
  STRANGER_ID_BASE,
  STRANGERS,
} from "./catalogue.js";
import { dropThreshold, maxThreshold, minThreshold, perPackOn, tooClose } from "./ground-truth.js";
import {
  isMultiBuy,
  type ListingSpec,
  type NoPriceKind,
  type Promo,
  type SellerSpec,
  type Trap,
} from "./listing-model.js";
import { SeededRandom } from "./seeded-random.js";

/**
 * The independent scenario generator: for a seed, a few dozen listings over seven channels,
 * each with a layout, a seller, packs, prices over the days, its own promotions and traps.
 */

export const DAYS = 4;
export const LISTINGS_PER_CHANNEL = 6;
export const LAYOUTS_PER_CHANNEL = 3;

export interface Scenario {
  seed: number;
  listings: ListingSpec[];
}

const GENERAL_TRAPS: readonly Trap[] = [
  "titleSlogan",
  "recoSidebar",
  "recoPromos",
  "reviewPrices",
  "qaPrices",
  "sizeList",
  "sizeOutOfStock",
  "recoOutOfStock",
  "plusPrice",
  "presaleDeposit",
  "bundleOffer",
  "perUnitPrice",
  "couponEstimateElsewhere",
  "shopHeader",
  "jsonLdOutOfStockFirst",
  "microdataListPrice",
  "shippingFee",
  "addOnDeal",
];

const NO_PRICE: Record<ChannelId, readonly NoPriceKind[]> = {
  jd: ["empty", "暂无报价", "登录查看价格"],
  jdh: ["empty", "暂无报价"],
  tmall: ["价格待定", "empty"],
  pdd: ["empty"],
  alih: ["到店咨询", "暂无报价"],
  pharmacy: ["到店咨询", "价格待定"],
  "shop-en": ["价格待定"],
};

/** The same shop written in traditional characters (normalization must see through it). */
const TRADITIONAL: Record<string, string> = { 华康大药房: "華康大藥房", 康禾大药房: "康禾大藥房" };

const OUT_OF_REGION = ["四川", "湖北", "山东", "江苏"];

function chooseSeller(
  channel: ChannelId,
  rnd: SeededRandom,
  n: number,
): { seller: SellerSpec; province?: string } {
  const official = OFFICIAL.find((o) => o.channel === channel);
  const distributors = DISTRIBUTORS.flatMap((d) =>
    d.shops.filter((s) => s.channel === channel).map((shop) => ({ d, shop })),
  );
  const strangerId = () =>
    CHANNELS_WITH_SHOP_IDS.has(channel) ? String(STRANGER_ID_BASE[channel] + n * 7 + rnd.int(1, 6)) : null;
  const r = rnd.next();
  if (official && r < 0.22)
    return { seller: { name: official.name, id: official.id ?? null, role: "official", authorized: true } };
  if (distributors.length > 0 && r < 0.52) {
    const { d, shop } = rnd.pick(distributors);
    const name = TRADITIONAL[shop.name] && rnd.chance(0.5) ? (TRADITIONAL[shop.name] as string) : shop.name;
    const inRegion = rnd.chance(0.7);
    const province = inRegion ? rnd.pick(d.regions) : rnd.pick(OUT_OF_REGION);
    return {
      seller: { name, id: shop.id ?? null, role: "distributor", authorized: true, distributorId: d.id },
      province,
    };
  }
  if (official?.id && r < 0.6)
    // A look-alike: the official store's name with another shop's id.
    return { seller: { name: official.name, id: strangerId(), role: "stranger", authorized: false } };
  return {
    seller: { name: rnd.pick(STRANGERS[channel]), id: strangerId(), role: "stranger", authorized: false },
  };
}

function roundPrice(fen: number): number {
  return fen >= 5000 ? Math.max(100, Math.round(fen / 100) * 100) : Math.max(10, Math.round(fen / 10) * 10);
}

function roundYuan(fen: number): number {
  return Math.max(100, Math.round(fen / 100) * 100);
}

function choosePromos(listed: number, rnd: SeededRandom): Promo[] {
  if (!rnd.chance(0.45)) return [];
  if (rnd.chance(0.15)) {
    const count = rnd.pick([2, 3]);
    return [
      rnd.pick<Promo>([
        { kind: "secondHalf" },
        { kind: "multiDiscount", count, percentOff: rnd.pick([10, 15, 20]) },
        { kind: "multiPrice", count, total: roundYuan(listed * count * (0.78 + rnd.next() * 0.14)) },
      ]),
    ];
  }
  const promos: Promo[] = [];
  const item = rnd.pick(["discount", "direct", "none", "none"] as const);
  if (item === "discount") promos.push({ kind: "discount", percentOff: rnd.pick([10, 15, 20, 30]) });
  if (item === "direct") promos.push({ kind: "direct", off: roundYuan(listed * (0.05 + rnd.next() * 0.15)) });
  for (const kind of ["store", "coupon"] as const) {
    if (!rnd.chance(0.5)) continue;
    const reachable = rnd.chance(0.75);
    const min = roundYuan(listed * (reachable ? 0.55 + rnd.next() * 0.4 : 1.25 + rnd.next() * 0.3));
    promos.push({ kind, min, off: roundYuan(min * (0.08 + rnd.next() * 0.1)) });
  }
  if (promos.length === 0) promos.push({ kind: "direct", off: roundYuan(listed * 0.1) });
  return promos;
}

/** Offer lines that change nothing about the price one shopper pays. */
const NOTES: readonly Extract<Promo, { kind: "note" }>[] = [
  { kind: "note", zh: "满99包邮", en: "Free shipping over ¥99" },
  { kind: "note", zh: "赠品：价值¥39收纳包", en: "Free gift: storage case worth ¥39" },
  { kind: "note", zh: "每人限购2件", en: "Limit 2 per customer" },
  { kind: "note", zh: "以旧换新 旧机最高抵¥50", en: "Trade-in: up to ¥50 off with your old device" },
];

function packsPhrase(product: Product, packs: number, en: boolean, rnd: SeededRandom): string {
  if (en) return rnd.pick([`Pack of ${packs}`, `${packs} boxes`, `x ${packs}`]);
  const unit = product.unit === "瓶" ? "瓶" : "盒";
  return rnd.pick([`×${packs}${unit}`, `*${packs}${unit}`, ` ${packs}${unit}装`, `【${packs}${unit}装】`]);
}

function pricesByDay(base: number, rnd: SeededRandom): number[] {
  const mode = rnd.next();
  if (mode < 0.7) return Array.from({ length: DAYS }, () => base);
  if (mode < 0.85) return [base, base, base, roundPrice(base * (0.55 + rnd.next() * 0.15))];
  return Array.from({ length: DAYS }, (_, d) =>
    d === 0 ? base : roundPrice(base * (0.95 + rnd.next() * 0.1)),
  );
}

/** Every day's per-pack price keeps its distance from each threshold it meets. */
function clearOfThresholds(spec: ListingSpec): boolean {
  for (let day = 0; day < DAYS; day++) {
    const v = perPackOn(spec, day);
    if (v === null) continue;
    if (tooClose(v, minThreshold(spec)) || tooClose(v, maxThreshold(spec))) return false;
    const drop = dropThreshold(spec, day);
    if (drop !== null && tooClose(v, drop)) return false;
  }
  return true;
}

function productListing(
  id: string,
  channel: ChannelId,
  dialect: number,
  rnd: SeededRandom,
  n: number,
): ListingSpec {
  const en = channel === "shop-en";
  const product = rnd.pick(PRODUCTS.filter((p) => !p.prohibited || rnd.chance(0.3)));
  const { seller, province: sellerProvince } = chooseSeller(channel, rnd, n);
  const province = sellerProvince ?? rnd.pick(Object.keys(CITIES));
  const packs =
    product.packSize && product.category !== "device"
      ? rnd.pick([1, 1, 1, 2, 2, 3])
      : product.packSize
        ? rnd.pick([1, 1, 1, 2])
        : 1;
  const traps = new Set<Trap>(GENERAL_TRAPS.filter(() => rnd.chance(0.35)));
  const noPrice = rnd.chance(0.07) ? rnd.pick(NO_PRICE[channel]) : null;
  if (noPrice !== null) {
    traps.add("reviewPrices");
    traps.add("recoSidebar");
  }
  const base: Omit<ListingSpec, "listedByDay" | "promos" | "strikePrice" | "statesFinal"> = {
    id,
    channel,
    dialect,
    product,
    packs,
    packsPhrase: packsPhrase(product, packs, en, rnd),
    specText: rnd.chance(0.5) ? product.spec : rnd.pick(product.specVariants),
    seller,
    shipFrom: { province, city: rnd.pick(CITIES[province] ?? [province]) },
    noPrice,
    blocked: false,
    inStock: rnd.chance(0.88),
    rxNotice:
      product.category !== "rx-drug"
        ? "absent"
        : rnd.pick(["visible", "visible", "visible", "visible", "hidden", "absent"]),
    showsApproval: rnd.chance(product.category === "device" ? 0.85 : 0.7),
    traps,
  };
  for (let attempt = 0; ; attempt++) {
    const perPack = Math.round(
      product.min * 100 * 0.62 + rnd.next() * (product.max * 135 - product.min * 62),
    );
    const listed = roundPrice(perPack * packs);
    let promos = channel === "pdd" && rnd.chance(0.5) ? [] : choosePromos(listed, rnd);
    // The state-only layouts carry one offer text (PDD) or only the to-hand price (Tmall ICE).
    if (channel === "pdd" && dialect === 0) promos = promos.slice(0, 1);
    if (channel !== "pdd" && rnd.chance(0.3))
      promos = [
        ...promos,
        rnd.pick(NOTES.filter((n) => product.category === "device" || !n.zh.startsWith("以旧换新"))),
      ];
    const stateOnly = channel === "tmall" && dialect === 2;
    if (stateOnly) promos = promos.filter((p) => !isMultiBuy(p));
    const spec: ListingSpec = {
      ...base,
      listedByDay: pricesByDay(listed, rnd),
      promos,
      strikePrice: rnd.chance(0.4) ? roundPrice(listed * (1.15 + rnd.next() * 0.25)) : null,
      statesFinal:
        promos.some((p) => p.kind !== "note") && !promos.some(isMultiBuy) && (stateOnly || rnd.chance(0.5)),
      ...(channel === "pdd" ? { soloPrice: roundPrice(listed * (1.1 + rnd.next() * 0.2)) } : {}),
    };
    if (clearOfThresholds(spec) || attempt > 200) return spec;
  }
}

function foreignListing(id: string, channel: ChannelId, rnd: SeededRandom, n: number): ListingSpec {
  const goods = rnd.pick(OTHER_GOODS);
  const { seller } = chooseSeller(channel, rnd, n);
  return {
    id,
    channel,
    dialect: rnd.int(0, LAYOUTS_PER_CHANNEL - 1),
    product: null,
    foreignTitle: channel === "shop-en" ? goods.english : goods.name,
    packs: 1,
    packsPhrase: "",
    specText: "",
    seller: { ...seller, authorized: false, role: "stranger" },
    shipFrom: { province: "江苏", city: "南京" },
    listedByDay: Array.from({ length: DAYS }, () => Math.round(goods.price * 100)),
    strikePrice: null,
    promos: [],
    statesFinal: false,
    noPrice: null,
    blocked: false,
    inStock: true,
    rxNotice: "absent",
    showsApproval: false,
    traps: new Set<Trap>(["recoSidebar", "reviewPrices"]),
  };
}

export function generateScenario(seed: number): Scenario {
  const rnd = new SeededRandom(seed * 7919 + 17);
  const listings: ListingSpec[] = [];
  let n = 0;
  const nextId = () => String(seed * 100_000 + 1000 + n++);
  for (const channel of CHANNELS) {
    const start = rnd.int(0, LAYOUTS_PER_CHANNEL - 1);
    for (let i = 0; i < LISTINGS_PER_CHANNEL; i++)
      listings.push(productListing(nextId(), channel, (start + i) % LAYOUTS_PER_CHANNEL, rnd, n));
  }
  for (let i = 0; i < 2; i++) listings.push(foreignListing(nextId(), rnd.pick(CHANNELS), rnd, n));
  const blocked = productListing(nextId(), "jd", 0, rnd, n);
  listings.push({ ...blocked, blocked: true, noPrice: null });
  return { seed, listings };
}
