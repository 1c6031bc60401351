import * as z from "zod";

/** Which structured source supplied a field, so `pricewarden extract` can explain itself. */
export const FieldSourceSchema = z.enum([
  "json-ld",
  "microdata",
  "opengraph",
  "meta",
  "css-profile",
  "text",
  /** State the page's script declares (`pageConfig`, `window.rawData`), read as data. */
  "inline-state",
  /** JSON the page's own script received (a captured response or a HAR entry). */
  "response",
  /** A row of a search or listing page. */
  "search-row",
]);
export type FieldSource = z.infer<typeof FieldSourceSchema>;

export const AvailabilitySchema = z.enum(["InStock", "OutOfStock"]);
export type Availability = z.infer<typeof AvailabilitySchema>;

const decimal = z.string().regex(/^\d+(\.\d+)?$/);

/**
 * One product page reduced to the fields the pipeline uses. Strings are bounded because every
 * one of them was written by a stranger. Prices are decimal strings here; the match stage turns
 * them into integer minor units.
 */
export const ExtractedListingSchema = z.object({
  url: z.string().max(2048),
  title: z.string().max(500).nullable(),
  /** The selling price a shopper sees (never the strike-through list price). For a range, its low end. */
  price: decimal.nullable(),
  /** Present when the page advertises a range (variants); `price` is then `priceRange.low`. */
  priceRange: z.object({ low: decimal, high: decimal }).nullable(),
  /** Strike-through / "original" price, for deceptive-pricing checks; never used as the selling price. */
  listPrice: decimal.nullable(),
  currency: z.string().max(8).nullable(),
  /** Coupon, 满减, 拼团 and other promotion texts as the product block shows them. */
  promotions: z.array(z.string().max(300)).max(30),
  /**
   * Promotion wording that only the product's own title carries (【买2送1】 in a seller's
   * marketing title): a claim, shown in alert inputs, never applied to the effective price.
   */
  promotionClaims: z.array(z.string().max(300)).max(10).optional(),
  seller: z.string().max(200).nullable(),
  sellerId: z.string().max(100).nullable(),
  shipFrom: z.string().max(100).nullable(),
  availability: AvailabilitySchema.nullable(),
  /** Units per pack as written in title ("50片" → 50) when the page states it. */
  packSize: z.number().int().positive().nullable(),
  /** GTIN, SKU/model numbers and Chinese approval numbers (国药准字…, 国械注准…, 械备…). */
  identifiers: z.array(z.string().max(100)).max(50),
  /** Tag-free visible text, bounded; used by listing-compliance checks (e.g. the Rx notice). */
  pageText: z.string().max(20_000),
  sources: z.record(z.string(), FieldSourceSchema),
  /** The platform's own to-hand price (JD 到手价, Taobao 券后价): compared with the effective price, never stacked. */
  finalPrice: decimal.nullable().optional(),
  /** A paid placement in a search result (JD/Taobao ads, `isP4p`). */
  ad: z.boolean().optional(),
  /** Prescription or OTC, as the platform flags the item (JD `isPrescriptCat-1` / `isOTCCat-1`). */
  drugClass: z.enum(["rx", "otc"]).nullable().optional(),
  /** The platform's item id (JD sku, Taobao item id, PDD goods id) when the data states it. */
  itemId: z.string().max(64).nullable().optional(),
  /**
   * False when the listing was read from data or a search row, not from its own product page:
   * page-content rules (the Rx notice, a device's registration number) cannot be judged on it.
   */
  fromPage: z.boolean().optional(),
});
export type ExtractedListing = z.infer<typeof ExtractedListingSchema>;
