import { escapeHtml } from "../../../core/escape-html.js";
import type { WalledSeller } from "../catalog.js";

/** `/mall/index-{shopId}.html`: a shop's front page (name only; licences are not shown here). */
export function renderShopPage(seller: WalledSeller): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(seller.name)} - 京东</title></head><body><div class="shop-head"><h1 class="shop-name" data-shopid="${escapeHtml(seller.shopId)}">${escapeHtml(seller.name)}</h1><p>店铺编号 ${escapeHtml(seller.shopId)}</p></div><p><a href="/">返回首页</a></p></body></html>`;
}
