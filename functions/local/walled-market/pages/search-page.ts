import { escapeHtml } from "../../../core/escape-html.js";
import { categoryMenu, footer, recommendations, scriptBundle, styleSheet } from "../../demo-site/filler.js";
import { seededRandom } from "../../demo-site/seeded-random.js";
import { jsString, pageHead, searchHeader, topBar } from "./page-chrome.js";

/**
 * The signed-in search page: a shell (JD's 2026 SPA) whose script signs and sends
 * `pc_search_searchWare` and renders `data.wareList` as `li.gl-item[data-sku]` rows. The pager is
 * printed by the server (it knows the page count), so `a.pn-next` exists before the rows do.
 */

export interface SearchPageInput {
  keyword: string;
  page: number;
  pageCount: number;
  area: string;
  areaName: string;
  username: string;
  signer: string;
}

function searchScript(keyword: string, page: number, area: string): string {
  return `<script>(function(){
var kw=${jsString(keyword)},page=${page},area=${jsString(area)};
var body=JSON.stringify({keyword:kw,page:page,area:area});
var t=Date.now();
var h5st=window.PSign.sign('pc_search_searchWare','search-pc-java',body,t);
var url='/api?appid=search-pc-java&functionId=pc_search_searchWare&body='+encodeURIComponent(body)+'&t='+t+'&h5st='+encodeURIComponent(h5st);
function esc(s){return String(s).replace(/[&<>"']/g,function(c){return '&#'+c.charCodeAt(0)+';'})}
function title(s){return esc(String(s).replace(/<[^>]*>/g,''))}
function marked(s){return esc(s).replace(/&#60;font class=&#34;skcolor_ljg&#34;&#62;/g,'<font class="skcolor_ljg">').replace(/&#60;\\/font&#62;/g,'</font>')}
fetch(url,{credentials:'include'}).then(function(r){
  if(r.status!==200||r.headers.get('x-rp-content'))throw new Error('searchWare '+r.status);
  return r.json();
}).then(function(d){
  var rows=(d.data&&d.data.wareList)||[];
  var html=rows.map(function(w){
    var href=esc(w.productUrl||('/item/'+w.wareId+'.html'));
    return '<li class="gl-item" data-sku="'+esc(w.wareId)+'"><div class="gl-i-wrap"><div class="p-img"><a target="_blank" title="'+title(w.wareName)+'" href="'+href+'"><img width="220" height="220" alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></a></div>'
      +'<div class="p-price"><strong class="J_'+esc(w.wareId)+'"><em>￥</em><i>'+esc(w.jdPrice)+'</i></strong></div>'
      +'<div class="p-name p-name-type-2"><a target="_blank" title="'+title(w.wareName)+'" href="'+href+'"><em>'+marked(w.wareName)+'</em></a></div>'
      +'<div class="p-shop" data-shopid="'+esc(w.shopId)+'"><span class="J_im_icon"><a class="curr-shop hd-shopname" target="_blank" title="'+esc(w.shopName)+'" href="/mall/index-'+esc(w.shopId)+'.html">'+esc(w.shopName)+'</a></span></div>'
      +(w.isAdvertise?'<div class="p-commit"><span class="p-promo-flag">广告</span></div>':'')
      +'</div></li>';
  }).join('');
  var list=document.querySelector('#J_goodsList ul');if(list)list.innerHTML=html;
  document.documentElement.setAttribute('data-ware','ok');
}).catch(function(){document.documentElement.setAttribute('data-ware','failed')});
})();</script>`;
}

export function renderSearchPage(input: SearchPageInput): string {
  const { keyword, page, pageCount } = input;
  const rng = seededRandom(`walled:search:${keyword}:${page}`);
  const pageHref = (n: number) => escapeHtml(`/search?keyword=${encodeURIComponent(keyword)}&page=${n}`);
  const numbers = Array.from({ length: pageCount }, (_, i) =>
    i + 1 === page ? `<a class="curr">${i + 1}</a>` : `<a href="${pageHref(i + 1)}">${i + 1}</a>`,
  ).join("");
  const prev =
    page > 1
      ? `<a class="pn-prev" href="${pageHref(page - 1)}">&lt;上一页</a>`
      : '<span class="pn-prev disabled">&lt;上一页</span>';
  const next =
    page < pageCount
      ? `<a class="pn-next" href="${pageHref(page + 1)}">下一页&gt;</a>`
      : '<span class="pn-next disabled">下一页&gt;</span>';
  return `${pageHead(`${keyword} - 商品搜索 - 京东`, styleSheet(rng, "s", 160))}<body>${topBar(input.username, input.areaName)}${searchHeader(keyword)}<div id="nav"><div class="w">${categoryMenu(rng, "/")}</div></div>
<div id="J_searchWrap" class="w"><div id="J_crumbsBar" class="crumbs-bar"><div class="crumbs-nav"><strong class="search-key">"${escapeHtml(keyword)}"</strong></div></div>
<div id="J_main" class="g-main2"><div class="m-list"><div class="ml-wrap"><div id="J_filter" class="filter"><div class="f-line top"><div class="f-sort"><a class="curr">综合</a><a>销量</a><a>评论数</a><a>新品</a><a>价格</a></div><div class="f-pager"><span class="fp-text"><b>${page}</b><em>/</em><i>${pageCount}</i></span></div></div></div>
<div id="J_goodsList" class="goods-list-v2 gl-type-1"><ul class="gl-warp clearfix"></ul></div>
<div id="J_bottomPage" class="page clearfix"><span class="p-num">${prev}${numbers}${next}</span><span class="p-skip"><em>共<b>${pageCount}</b>页</em></span></div></div></div></div>
${recommendations(rng, "/", "商品精选", 16)}</div>
${footer(rng, "/", "北京京东三百六十度电子商务有限公司")}${scriptBundle(rng, 12)}
<script id="J-psign">${input.signer}</script>
${searchScript(keyword, page, input.area)}
</body></html>`;
}
