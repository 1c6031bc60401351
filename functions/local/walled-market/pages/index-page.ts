import { escapeHtml } from "../../../core/escape-html.js";
import { WALLED_ITEMS } from "../catalog.js";

/** `/`: what the market is, with links for a person trying it by hand. */
export function renderIndexPage(signedInAs: string | null): string {
  const items = WALLED_ITEMS.filter((i) => i.sku !== null && i.hasPage)
    .map((i) => `<li><a href="/item/${i.skuId}.html">${escapeHtml(i.name)}</a></li>`)
    .join("");
  const who = signedInAs
    ? `已登录：${escapeHtml(signedInAs)}（<a href="/logout">退出</a>）`
    : '未登录：<a href="/login">登录</a>（任意用户名，密码 demo）';
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>京东 (walled demo)</title></head><body><h1>京东 (walled demo)</h1><p>A JD-like market that shows prices only to a signed-in shopper: item pages are shells whose script signs and sends an API call; too many pages a minute get the 京东验证 risk page.</p><p>${who}</p><p><a href="/search?keyword=${encodeURIComponent("安可")}">搜索 安可</a></p><ul>${items}</ul></body></html>`;
}
