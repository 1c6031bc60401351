import { escapeHtml } from "../../../core/escape-html.js";

/** The parts every signed-in page of the market shares: head, top bar, search header. */

/** A single-quoted JavaScript string literal, safe inside an inline <script>. */
export function jsString(text: string): string {
  const body = text
    .replace(/\\/g, "\\\\")
    .replace(/'/g, "\\'")
    .replace(/</g, "\\x3c")
    .replace(/\r/g, "\\r")
    .replace(/\n/g, "\\n")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return `'${body}'`;
}

/** JSON for an inline <script>: `<` escaped so that no `</script>` can end it early. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function pageHead(title: string, extra: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="X-UA-Compatible" content="IE=edge"><meta name="viewport" content="width=1190"><title>${escapeHtml(title)}</title><meta name="keywords" content="${escapeHtml(title)},京东,网购"><meta name="description" content="京东JD.COM-专业的综合网上购物商城，为您提供正品低价的购物选择、优质便捷的服务体验。">${extra}</head>`;
}

/** The top bar: the shopper's name and the delivery area. */
export function topBar(username: string, areaName: string): string {
  return `<div id="shortcut"><div class="w"><ul class="fl"><li class="dropdown" id="ttbar-mycity"><div class="dt cw-icon">送至：${escapeHtml(areaName)}</div></li></ul><ul class="fr"><li id="ttbar-login"><span class="nickname">你好，${escapeHtml(username)}</span>&nbsp;&nbsp;<a href="/logout" class="link-logout">退出</a></li><li class="spacer"></li><li><a href="/order">我的订单</a></li><li class="spacer"></li><li class="dropdown"><a href="/home">我的京东</a></li><li class="spacer"></li><li><a href="/plus">京东会员</a></li><li class="spacer"></li><li class="dropdown"><a href="/help">客户服务</a></li></ul></div></div>`;
}

export function searchHeader(keyword: string): string {
  const hot = ["安可", "血糖试纸", "血压计", "二甲双胍", "采血针"];
  return `<div id="header"><div class="w"><div id="logo"><a href="/" class="logo">京东</a></div><div id="search"><form action="/search" method="get" class="form"><input type="text" name="keyword" autocomplete="off" class="text" value="${escapeHtml(keyword)}" aria-label="搜索"><button class="button" type="submit">搜索</button></form></div><div id="hotwords">${hot.map((w) => `<a href="/search?keyword=${encodeURIComponent(w)}">${w}</a>`).join("")}</div><div id="settleup"><a href="/cart">我的购物车</a></div></div></div>`;
}
