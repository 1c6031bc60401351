import type { Availability } from "../core/listing.js";

const IN_STOCK = new Set([
  "instock",
  "available",
  "limitedavailability",
  "onlineonly",
  "instoreonly",
  "preorder",
  "presale",
  "backorder",
  "madetoorder",
  "有货",
  "现货",
]);
const OUT_OF_STOCK = new Set([
  "outofstock",
  "oos",
  "soldout",
  "discontinued",
  "unavailable",
  "无货",
  "缺货",
  "售罄",
  "已售罄",
]);

/**
 * Maps a structured availability value (schema.org URL, bare enum name, OpenGraph `instock`)
 * to the two states the pipeline uses. Pre-orders and back-orders can be bought, so they count
 * as in stock.
 */
export function normalizeAvailability(value: unknown): Availability | null {
  if (typeof value !== "string") return null;
  const tail = value.trim().split(/[/#]/).pop() ?? "";
  const key = tail.toLowerCase().replace(/[-_\s]+/g, "");
  if (IN_STOCK.has(key)) return "InStock";
  if (OUT_OF_STOCK.has(key)) return "OutOfStock";
  return null;
}
