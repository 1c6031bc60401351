import { TenantConfigSchema } from "../../../../functions/core/config.js";
import type {
  DetectInput,
  PriceBreakdown,
  SellerIdentity,
} from "../../../../functions/core/detect/detect-input.js";
import type { ExtractedListing } from "../../../../functions/core/listing.js";

/**
 * One matched listing of 安可血糖试纸 50片 (GLU-50, floor ¥100.00, ceiling ¥200.00) on 京东, every
 * rule enabled with its defaults. Tests override exactly the part they are about.
 */
export function tenantConfig(overrides: Record<string, unknown> = {}) {
  return TenantConfigSchema.parse({
    tenant: "anke",
    channels: [{ id: "jd", name: "京东", match: ["item.jd.com"] }],
    products: [product()],
    distributors: [
      {
        id: "dist-sh",
        name: "上海康达医药",
        regions: ["上海", "江苏"],
        sellers: [{ channel: "jd", name: "康达大药房", id: "kd-1" }],
      },
    ],
    officialSellers: [{ channel: "jd", name: "安可官方旗舰店", id: "anke-1" }],
    rules: {
      minPrice: {},
      maxPrice: {},
      authorizedSeller: {},
      listingCompliance: {},
      region: {},
      priceDrop: {},
    },
    ...overrides,
  });
}

/** The configured GLU-50; a test replaces prices or the category through `overrides`. */
export function product(overrides: Record<string, unknown> = {}) {
  return {
    sku: "GLU-50",
    name: "安可血糖试纸 50片",
    minPrice: 100,
    maxPrice: 200,
    category: "other",
    match: { ids: ["GLU-50"] },
    ...overrides,
  };
}

export function listing(overrides: Partial<ExtractedListing> = {}): ExtractedListing {
  return {
    url: "https://item.jd.com/100.html",
    title: "安可血糖试纸 50片 GLU-50",
    price: "150.00",
    priceRange: null,
    listPrice: null,
    currency: "CNY",
    promotions: [],
    seller: "某某大药房",
    sellerId: "s-9",
    shipFrom: "广东广州",
    availability: null,
    packSize: 50,
    identifiers: ["GLU-50"],
    pageText: "安可血糖试纸",
    sources: {},
    ...overrides,
  };
}

/** A price of `perPackMinor` per pack, with no promotions; `listedPerPackMinor` defaults to it. */
export function price(perPackMinor: number, overrides: Partial<PriceBreakdown> = {}): PriceBreakdown {
  return {
    listedMinor: perPackMinor,
    effectiveMinor: perPackMinor,
    perPackMinor,
    listedPerPackMinor: perPackMinor,
    perUnitMinor: null,
    steps: [],
    explanation: `¥${(perPackMinor / 100).toFixed(2)}`,
    ...overrides,
  };
}

export const STRANGER: SellerIdentity = {
  kind: "unknown",
  distributorId: null,
  matchedBy: "none",
  note: "Not on the authorized list.",
};
export const DISTRIBUTOR: SellerIdentity = {
  kind: "distributor",
  distributorId: "dist-sh",
  matchedBy: "id",
  note: "Authorized distributor dist-sh by seller id.",
};
export const OFFICIAL: SellerIdentity = {
  kind: "official",
  distributorId: null,
  matchedBy: "name",
  note: "Official store by name.",
};

export function detectInput(overrides: Partial<DetectInput> = {}): DetectInput {
  const config = overrides.config ?? tenantConfig();
  const product = config.products[0]!;
  return {
    config,
    channel: config.channels[0]!,
    listingId: "L-100",
    listing: listing(),
    match: {
      product,
      confidence: 0.95,
      matchedBy: "identifier",
      evidence: ["GLU-50"],
      packs: 1,
      unitsPerPack: 50,
    },
    seller: STRANGER,
    price: price(15000),
    currency: "CNY",
    history: [],
    market: null,
    now: "2026-12-01T00:00:00.000Z",
    ...overrides,
  };
}
