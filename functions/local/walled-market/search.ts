import { findItem, priceIn, WALLED_ITEMS, WALLED_SKU, type WalledItem } from "./catalog.js";

/**
 * The search index: organic rows ranked by the catalog, 12 a page, with paid placements
 * (`isAdvertise: true`) put in at fixed slots of every page. One ad repeats an organic row (the
 * official store promotes its own listing); the other is a competitor bidding on the brand word.
 */

export const SEARCH_PAGE_SIZE = 12;

export interface SearchRow {
  readonly item: WalledItem;
  readonly ad: boolean;
}

export interface SearchPage {
  readonly rows: readonly SearchRow[];
  readonly page: number;
  readonly pageCount: number;
  /** Organic results over all pages. */
  readonly total: number;
}

/** Ads by page slot: [slot on the page, sku]; ads whose item does not fit the keyword are left out. */
const AD_PLAN: readonly (readonly [number, string, "keyword" | "always"])[] = [
  [0, WALLED_SKU.officialGlu50, "keyword"],
  [6, WALLED_SKU.otherBrandAd, "always"],
];

function matches(item: WalledItem, keyword: string): boolean {
  if (keyword === "") return true;
  return item.name.includes(keyword) || item.searchTags.includes(keyword);
}

function organic(keyword: string): WalledItem[] {
  return WALLED_ITEMS.filter((item) => matches(item, keyword)).sort((a, b) => a.rank - b.rank);
}

export function searchPage(keyword: string, page: number): SearchPage {
  const all = organic(keyword.trim());
  const pageCount = Math.max(1, Math.ceil(all.length / SEARCH_PAGE_SIZE));
  if (!Number.isInteger(page) || page < 1 || page > pageCount)
    return { rows: [], page, pageCount, total: all.length };
  const rows: SearchRow[] = all
    .slice((page - 1) * SEARCH_PAGE_SIZE, page * SEARCH_PAGE_SIZE)
    .map((item) => ({ item, ad: false }));
  if (all.length > 0) {
    // Later slots first, so that inserting one does not move the next.
    const ads = AD_PLAN.filter(([, sku, when]) => {
      const item = findItem(sku);
      return item !== undefined && (when === "always" || matches(item, keyword.trim()));
    }).sort((a, b) => b[0] - a[0]);
    for (const [slot, sku] of ads) {
      const item = findItem(sku);
      if (item) rows.splice(Math.min(slot, rows.length), 0, { item, ad: true });
    }
  }
  return { rows, page, pageCount, total: all.length };
}

/** `<font class="skcolor_ljg">` around every occurrence of the keyword, as JD highlights it. */
export function highlight(name: string, keyword: string): string {
  const word = keyword.trim();
  if (word === "") return name;
  return name.split(word).join(`<font class="skcolor_ljg">${word}</font>`);
}

/** One `data.wareList[]` row of `pc_search_searchWare`. */
export function wareRow(
  row: SearchRow,
  keyword: string,
  area: string,
  origin: string,
): Record<string, unknown> {
  const { item } = row;
  const price = priceIn(item, area);
  return {
    wareId: item.skuId,
    skuId: item.skuId,
    wareName: highlight(item.name, keyword),
    jdPrice: price.p,
    shopName: item.seller.name,
    shopId: item.seller.shopId,
    venderId: item.seller.venderId,
    isPlusShop: item.seller.role === "official",
    isAdvertise: row.ad,
    stockState: item.stockState,
    productUrl: `${origin.replace(/^https?:/, "")}/item/${item.skuId}.html`,
    imageurl: `jfs/t1/${item.skuId}/walled.jpg`,
  };
}
