import type { AlertType } from "../core/alert.js";

/**
 * `evidence.screenshot` in a tenant config: `true` for every alert's page, `false` for none, and
 * by default `"price-and-seller"`: the alerts a complaint to a platform or a court rests on, where
 * a picture of what the shopper saw (price, shop name) is what a lawyer asks for first.
 */
export type ScreenshotSetting = boolean | "price-and-seller";

export const PRICE_AND_SELLER_TYPES: ReadonlySet<AlertType> = new Set<AlertType>([
  "below_min_price",
  "above_max_price",
  "price_drop",
  "unauthorized_seller",
  "out_of_region",
]);

export function wantsScreenshot(setting: ScreenshotSetting, type: AlertType): boolean {
  if (setting === "price-and-seller") return PRICE_AND_SELLER_TYPES.has(type);
  return setting;
}

/** Why an alert's bundle has no screenshot when the setting left it out. */
export function screenshotOffReason(setting: ScreenshotSetting): string {
  return setting === "price-and-seller"
    ? "evidence.screenshot covers price and seller alerts only"
    : "evidence.screenshot is off in the tenant config";
}
