import { escapeHtml } from "../../../core/escape-html.js";
import { priceIn, type WalledItem } from "../catalog.js";
import { inlineJson } from "./page-chrome.js";

/**
 * The mobile item page `/m/item/{sku}.html` (item.m.jd.com/product/{sku}.html): shop and name
 * in `window._itemInfo` for anyone, the price only for a signed-in shopper; signed out, JD
 * masks it to its first digit (`"jdPrice":"1??"` for ¥199) and sets `urgeLogin`.
 */

/** `199.00` → `1??`: the first digit, then one `?` for every other digit before the point. */
export function maskPrice(price: string): string {
  const whole = price.split(".")[0] ?? price;
  return `${whole.slice(0, 1)}${"?".repeat(Math.max(1, whole.length - 1))}`;
}

export function renderMobileItem(item: WalledItem, options: { signedIn: boolean; area: string }): string {
  const price = priceIn(item, options.area);
  const info = {
    skuId: item.skuId,
    skuName: item.name,
    shopName: item.seller.name,
    shopId: item.seller.shopId,
    venderId: item.seller.venderId,
    jdPrice: options.signedIn ? price.p : maskPrice(price.p),
    priceLoginText: "登录查看价格",
    urgeLogin: !options.signedIn,
    stockState: options.signedIn ? item.stockState : null,
    isSelf: item.seller.role === "official",
  };
  const priceBlock = options.signedIn
    ? `<div class="price-wrap"><span class="yang">¥</span><span class="price" id="specJdPrice">${escapeHtml(price.p)}</span></div>`
    : `<div class="price-wrap price-login"><span class="yang">¥</span><span class="price" id="specJdPrice">${escapeHtml(info.jdPrice)}</span><a class="login-see" href="/login">登录查看价格</a></div>`;
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no"><title>${escapeHtml(item.name)} - 京东</title>
<style>body{margin:0;font:14px/1.5 -apple-system,'PingFang SC',sans-serif;background:#f2f2f2}.sec{margin:8px 0;padding:12px;background:#fff}.price{font-size:24px;color:#e4393c}.login-see{margin-left:8px;font-size:12px;color:#e4393c}.name{font-size:16px;font-weight:600}.shop{color:#666}</style>
<script>window._itemInfo = ${inlineJson(info)};</script></head>
<body><div id="itemCover" class="sec"><div class="img-box"><img alt="" width="100%" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></div></div>
<div class="sec">${priceBlock}<div class="name" id="itemName">${escapeHtml(item.name)}</div></div>
<div class="sec shop"><span class="shop-name">${escapeHtml(item.seller.name)}</span></div>
<div class="sec"><a href="/item/${escapeHtml(item.skuId)}.html">电脑版</a></div></body></html>`;
}
