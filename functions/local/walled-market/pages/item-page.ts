import { escapeHtml } from "../../../core/escape-html.js";
import {
  categoryMenu,
  description,
  footer,
  recommendations,
  reviews,
  scriptBundle,
  styleSheet,
} from "../../demo-site/filler.js";
import { seededRandom } from "../../demo-site/seeded-random.js";
import { itemFacts, priceIn, WALLED_ITEMS, type WalledItem } from "../catalog.js";
import { inlineJson, jsString, pageHead, searchHeader, topBar } from "./page-chrome.js";

/**
 * The signed-in item page: a shell like JD's. Ids and flags sit in `pageConfig` (single-quoted
 * JavaScript, not JSON, in a `<script charset="gbk">`); the price slot `.J-p-{sku}` is empty
 * until the page's script has signed and sent `pc_detailpage_wareBusiness` and written the
 * answer in. Other items' prices are printed server-side in the sidebars: traps for a reader
 * that takes the first price it sees.
 */

export const RX_NOTICE = "处方药须凭处方在药师指导下购买和使用";

export interface ItemPageInput {
  item: WalledItem;
  /** JD area code with underscores (the session's `ipLoc-djd`). */
  area: string;
  areaName: string;
  username: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** The per-load `window.PSign` script (token.ts). */
  signer: string;
}

function pageConfigScript(item: WalledItem, origin: string): string {
  const host = origin.replace(/^https?:/, "");
  const attrs = item.specialAttrs.map(jsString).join(",");
  const self = item.seller.role === "official" || item.seller.shopId.startsWith("10000");
  return `<script charset="gbk">var pageConfig = {
    compatible: true,
    searchType: 'item',
    product: {
        skuid: ${item.skuId},
        skuMarkJson: {pg:false,isJDexpress:${self},isxg:false,isSds:false,pg2:false,yuyue:false},
        name: ${jsString(item.name)},
        skuidkey: ${jsString(item.skuId.split("").reverse().join(""))},
        href: ${jsString(`${host}/item/${item.skuId}.html`)},
        src: 'jfs/t1/${item.skuId}/walled.jpg',
        cat: [${item.cat.join(",")}],
        brand: ${Number(item.skuId.slice(-4)) + 8000},
        pType: 1,
        isClosePCShow: false,
        shopId: ${jsString(item.seller.shopId)},
        venderId: ${item.seller.venderId},
        specialAttrs: [${attrs}],
        isSelf: ${self ? "!0" : "!1"},
        isPop: ${self ? "!1" : "!0"},
        warestatus: 1,
        qualityLife: '',
        colorSize: [],
        desc: ${jsString(`${host}/desc/${item.skuId}`)}
    }
};
try { (function (flag) { if (!flag) return; })(pageConfig.compatible); } catch (e) {}</script>`;
}

/** The inline script that signs and sends wareBusiness, then fills the slots. */
function wareScript(area: string): string {
  return `<script>(function(){
var P=pageConfig.product,sku=P.skuid,area=${jsString(area)};
var body=JSON.stringify({skuId:sku,cat:P.cat.join(','),area:area,shopId:P.shopId,venderId:P.venderId,paramJson:'{"platform2":"100000000001","colType":100}',num:1});
var t=Date.now();
var h5st=window.PSign.sign('pc_detailpage_wareBusiness','pc-item-soa',body,t);
var url='/api?appid=pc-item-soa&functionId=pc_detailpage_wareBusiness&body='+encodeURIComponent(body)+'&t='+t+'&h5st='+encodeURIComponent(h5st);
function q(s){return document.querySelector(s)}
function txt(s,v){var e=q(s);if(e)e.textContent=v}
fetch(url,{credentials:'include'}).then(function(r){
  if(r.status!==200||r.headers.get('x-rp-content'))throw new Error('wareBusiness '+r.status);
  return r.json();
}).then(function(d){
  var pr=d.price||{};
  txt('.J-p-'+sku,pr.p||'暂无报价');
  if(pr.op&&pr.op!==pr.p)txt('.J-op-'+sku,'￥'+pr.op);
  if(pr.finalPrice)txt('.J-final-'+sku,pr.finalPrice.priceContent+' ￥'+pr.finalPrice.price);
  var labels=(d.preferenceVO&&d.preferenceVO.sharedLabel)||[];
  var w=q('#J-prom');if(w)w.innerHTML=labels.map(function(l){return '<em class="hl_red">'+String(l.text).replace(/[<>&"]/g,'')+'</em>'}).join('');
  var st=d.stockInfo&&d.stockInfo.stockState;
  txt('.J-store-'+sku,st===33?'有货':st===34?'无货':'');
  document.documentElement.setAttribute('data-ware','ok');
}).catch(function(){document.documentElement.setAttribute('data-ware','failed')});
})();</script>`;
}

/** "看了又看": other catalog items with their prices, written server-side under `.J-p-{theirSku}`. */
function alsoViewed(item: WalledItem, area: string): string {
  const others = WALLED_ITEMS.filter((o) => o.skuId !== item.skuId && o.hasPage).slice(0, 8);
  const rows = others
    .map(
      (o) =>
        `<li class="plist-item" data-sku="${o.skuId}"><div class="p-img"><a href="/item/${o.skuId}.html" title="${escapeHtml(o.name)}"><img width="150" height="150" alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></a></div><div class="p-name"><a href="/item/${o.skuId}.html">${escapeHtml(o.name)}</a></div><div class="p-price"><strong class="J-p-${o.skuId}">￥${escapeHtml(priceIn(o, area).p)}</strong></div></li>`,
    )
    .join("");
  return `<div id="view-view" class="m m-aside"><div class="mt"><h3>看了又看</h3></div><div class="mc"><ul class="plist">${rows}</ul></div></div>`;
}

export function renderItemPage(input: ItemPageInput): string {
  const { item } = input;
  const rng = seededRandom(`walled:item:${item.skuId}`);
  const facts = itemFacts(item);
  const sku = item.skuId;
  const rx = item.specialAttrs.includes("isPrescriptCat-1");
  const shopHref = `${input.origin.replace(/^https?:/, "")}/mall/index-${item.seller.shopId}.html`;
  const specs: Array<[string, string]> = [
    ["品牌", facts.brand],
    ["商品名称", item.name],
    ["商品编号", sku],
    ["规格", facts.spec],
    ["生产企业", facts.maker],
    [rx || facts.approval.startsWith("国药") ? "批准文号" : "注册证编号", facts.approval],
  ];
  return `${pageHead(
    `${item.name}【行情 报价 价格 评测】-京东`,
    `${styleSheet(rng, "jd", 220)}${pageConfigScript(item, input.origin)}`,
  )}<body class="cat-${item.cat.join("-")} item-${sku}">${topBar(input.username, input.areaName)}${searchHeader("")}<div id="nav"><div class="w">${categoryMenu(rng, "/")}</div></div>
<div class="crumb-wrap"><div class="w"><div class="crumb fl clearfix"><div class="item first"><a href="/search?keyword=${encodeURIComponent("医药保健")}">医药保健</a></div><div class="sep">&gt;</div><div class="item"><a href="/search?keyword=${encodeURIComponent(facts.brand)}">${escapeHtml(facts.brand)}</a></div><div class="sep">&gt;</div><div class="item ellipsis">${escapeHtml(item.name)}</div></div></div></div>
<div class="w"><div class="product-intro clearfix">
<div class="preview-wrap"><div id="spec-n1" class="jqzoom main-img"><img id="spec-img" width="450" height="450" alt="${escapeHtml(item.name)}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></div></div>
<div class="itemInfo-wrap">
<div class="sku-name">${escapeHtml(item.name)}</div>
${rx ? `<div class="rx-tips" id="J-rx-tips">${RX_NOTICE}</div>` : ""}
<div class="summary summary-first"><div class="summary-price-wrap"><div class="summary-price J-summary-price"><div class="dt">京 东 价</div><div class="dd"><span class="p-price"><span>￥</span><span class="price J-p-${sku}"></span></span><span class="pricing"><del class="J-op-${sku}"></del></span><span class="final-price J-final-${sku}"></span><a class="notice J-notify-sale" href="#none" data-sku="${sku}">降价通知</a></div></div>
<div class="summary-top" id="J-summary-top"><div class="dt">促 销</div><div class="dd J-prom-wrap"><div class="J-prom" id="J-prom"></div></div></div></div></div>
<div class="summary p-choose-wrap"><div id="summary-stock" class="li"><div class="dt">配 送 至</div><div class="dd"><div class="ui-area-text">${escapeHtml(input.areaName)}</div><div class="store-prompt"><strong class="J-store-${sku}"></strong></div></div></div>
<div id="summary-service" class="summary-service"><div class="dt">服 务</div><div class="dd">由 <a href="${escapeHtml(shopHref)}">${escapeHtml(item.seller.name)}</a> 从 <span class="ship-from">${escapeHtml(item.seller.shipFrom)}</span> 发货，并提供售后服务。</div></div>
<div class="choose-btns"><a href="/cart/add?pid=${sku}" id="InitCartUrl" class="btn-special1 btn-lg">加入购物车</a></div></div>
</div>
<div class="aside"><div class="J-hove-wrap EDropdown fr"><div class="item"><div class="name"><a href="${escapeHtml(shopHref)}" target="_blank" title="${escapeHtml(item.seller.name)}" clstag="shangpin|keycount|product|dianpuname1">${escapeHtml(item.seller.name)}</a></div></div><div class="item"><div class="score-parts"><span class="score-desc">商品评价</span><span class="score-detail">${(rng.int(90, 99) / 10).toFixed(1)}</span><span class="score-desc">物流履约</span><span class="score-detail">${(rng.int(90, 99) / 10).toFixed(1)}</span></div></div><div class="btns"><a href="${escapeHtml(shopHref)}" class="btn-def enter-shop">进店逛逛</a></div></div>
${alsoViewed(item, input.area)}</div>
</div></div>
<div class="w">${recommendations(rng, "/", "为你推荐", 10)}</div>
<div class="w"><div class="detail"><div class="tab-main large"><ul><li class="current">商品介绍</li><li>规格与包装</li><li>售后保障</li><li>商品评价</li></ul></div>
<div class="p-parameter"><ul class="parameter2 p-parameter-list">${specs.map(([k, v]) => `<li title="${escapeHtml(v)}">${k}：${escapeHtml(v)}</li>`).join("")}</ul></div>
<div id="J-detail-content" class="detail-content">${description(rng, 10)}</div>
<div id="comment" class="comment">${reviews(rng, 16)}</div></div>
${recommendations(rng, "/", "同类热销", 12)}</div>
${footer(rng, "/", "北京京东三百六十度电子商务有限公司")}${scriptBundle(rng, 16)}
<script id="J-psign">${input.signer}</script>
${wareScript(input.area)}
<script>window.__itemInfo=${inlineJson({ skuId: sku, area: input.area })};</script>
</body></html>`;
}
