import type { ChannelId, Product } from "./catalogue.js";

/**
 * One generated listing as the generator means it: what is sold, by whom, at which price on
 * which day, with which of its own promotions, and which traps its page carries. The page
 * renderers draw from it; the ground truth is computed from it alone.
 */

/** A promotion of THIS listing (amounts in fen). */
export type Promo =
  | { kind: "store"; min: number; off: number }
  | { kind: "coupon"; min: number; off: number }
  | { kind: "direct"; off: number }
  /** X折 as percent off: 10 is 9折, 15 is 8.5折. */
  | { kind: "discount"; percentOff: number }
  | { kind: "secondHalf" }
  /** N件X折: a bundle of `count` items at `percentOff` off. */
  | { kind: "multiDiscount"; count: number; percentOff: number }
  /** N件M元: `count` items for `total` fen. */
  | { kind: "multiPrice"; count: number; total: number }
  /** Offer text with no effect on the price (包邮 thresholds, gifts, purchase limits, trade-ins). */
  | { kind: "note"; zh: string; en: string };

/** Offers that price a bundle of several items rather than one. */
export function isMultiBuy(p: Promo): boolean {
  return p.kind === "secondHalf" || p.kind === "multiDiscount" || p.kind === "multiPrice";
}

export type Role = "official" | "distributor" | "stranger";

export interface SellerSpec {
  /** Shop name the page shows; null for a page that names none. */
  name: string | null;
  /** Shop id the page shows, when the channel shows one. */
  id: string | null;
  role: Role;
  authorized: boolean;
  distributorId?: string;
}

/**
 * Furniture and traps a page may carry. Each is text no correct reading takes as this
 * listing's price or promotion.
 */
export type Trap =
  | "titleSlogan"
  | "recoSidebar"
  | "recoPromos"
  | "reviewPrices"
  | "qaPrices"
  | "sizeList"
  | "sizeOutOfStock"
  | "recoOutOfStock"
  | "plusPrice"
  | "presaleDeposit"
  | "bundleOffer"
  | "perUnitPrice"
  | "strikePrice"
  | "couponEstimateElsewhere"
  | "shopHeader"
  | "jsonLdOutOfStockFirst"
  | "microdataListPrice"
  | "shippingFee"
  | "addOnDeal";

/** Why a page has no price (each renders its own way in the price slot). */
export type NoPriceKind = "暂无报价" | "价格待定" | "到店咨询" | "登录查看价格" | "empty";

export interface ListingSpec {
  /** Unique within a seed; part of the page's path. */
  id: string;
  channel: ChannelId;
  /** Which of the channel's page layouts. */
  dialect: number;
  /** The brand's product, or null for another brand's goods (unmatched). */
  product: Product | null;
  /** For another brand's goods: its title. */
  foreignTitle?: string;
  /** Packs sold together in this listing. */
  packs: number;
  /** How the packs are written in the title: "×2盒", "2盒装", "*2瓶", "Pack of 2"… */
  packsPhrase: string;
  /** How one pack's spec is written in the title. */
  specText: string;
  seller: SellerSpec;
  /** Province and city the page says it ships from. */
  shipFrom: { province: string; city: string };
  /** Listed (selling) price in fen per day, for the whole listing; null: no price shown. */
  listedByDay: readonly (number | null)[];
  /** The struck-through 原价 in fen (whole listing), when the page shows one. */
  strikePrice: number | null;
  promos: readonly Promo[];
  /** The page states a to-hand price (到手价 / 券后) equal to the true effective price. */
  statesFinal: boolean;
  noPrice: NoPriceKind | null;
  /** A risk/captcha page every day instead of the listing. */
  blocked: boolean;
  inStock: boolean;
  rxNotice: "visible" | "hidden" | "absent";
  showsApproval: boolean;
  traps: ReadonlySet<Trap>;
  /** PDD only: the 单独购买 price is above the group price (fen, whole listing). */
  soloPrice?: number;
}
