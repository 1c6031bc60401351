import { escapeHtml } from "../../core/escape-html.js";
import type { SeededRandom } from "./seeded-random.js";

/**
 * The weight around a listing that real marketplace pages carry: category menus, "猜你喜欢"
 * blocks, reviews, long descriptions, footers and script bundles. Generated from a seeded
 * generator so that pages are large and varied yet byte-identical on every run. Nothing here
 * uses the classes of the listing fields, so extractors must find the real block.
 */

const CATEGORIES = [
  "家用医疗器械",
  "血糖监测",
  "血压监测",
  "呼吸制氧",
  "康复辅助",
  "中西药品",
  "滋补养生",
  "营养保健",
  "隐形眼镜",
  "计生用品",
  "护理护具",
  "口腔护理",
  "母婴健康",
  "运动健康",
  "医用耗材",
] as const;

const SUBCATEGORIES = [
  "血糖仪",
  "采血针",
  "胰岛素笔针头",
  "体温计",
  "雾化器",
  "制氧机",
  "轮椅",
  "拐杖",
  "护腰",
  "按摩器",
  "足浴盆",
  "理疗仪",
  "助听器",
  "听诊器",
  "医用口罩",
  "医用酒精",
  "创可贴",
  "棉签",
  "退热贴",
  "维生素",
  "钙片",
  "鱼油",
  "蛋白粉",
  "益生菌",
  "阿胶",
  "枸杞",
  "感冒用药",
  "肠胃用药",
  "皮肤用药",
  "眼科用药",
  "降压药",
  "降糖药",
  "心脑血管",
  "风湿骨痛",
  "维矿补充",
  "体脂秤",
  "心率带",
  "冷敷贴",
] as const;

const ADJECTIVES = [
  "家用",
  "医用",
  "便携式",
  "全自动",
  "智能",
  "大屏",
  "静音",
  "加厚",
  "一次性",
  "独立包装",
  "高精度",
  "进口",
  "老人",
  "儿童",
  "孕妇",
] as const;

const BRANDS = [
  "瑞康",
  "禾健",
  "康宁达",
  "舒而安",
  "百泰",
  "恒瑞通",
  "朗康",
  "佳和",
  "华仁",
  "德信",
] as const;

const SENTENCES = [
  "产品严格按照医疗器械生产质量管理规范生产，出厂前逐批检验。",
  "请仔细阅读产品说明书或在医务人员的指导下购买和使用。",
  "测量结果仅供参考，不能作为诊断依据，如有不适请及时就医。",
  "本店所售商品均为正品行货，支持开具电子发票。",
  "由于批次不同，外包装可能与图片略有差异，请以实物为准。",
  "储存条件：避光、防潮，2℃-30℃密封保存，开瓶后请在有效期内使用。",
  "我们承诺7天无理由退换货（医疗器械拆封后不支持无理由退货）。",
  "全国大部分地区24小时内发货，偏远地区以物流实际配送时间为准。",
  "如需批量采购或企业团购，请联系在线客服获取报价方案。",
  "温馨提示：请勿将产品放置在儿童可触及的地方。",
  "产品通过国家药品监督管理局注册，注册证信息可在官网查询。",
  "售后服务热线工作时间为每日9:00-21:00，节假日不休。",
] as const;

const REVIEW_PHRASES = [
  "物流很快，第二天就到了",
  "包装完好，日期很新",
  "测得挺准的，和医院差不多",
  "老人用着很方便，字很大",
  "客服态度很好，耐心解答",
  "已经回购好几次了",
  "价格实惠，活动力度大",
  "质量不错，值得信赖",
  "说明书写得很清楚",
  "家里常备，放心",
  "操作简单，一看就会",
  "外观好看，做工精细",
] as const;

const NICK_PARTS = [
  "j",
  "a",
  "小",
  "大",
  "快乐",
  "阳光",
  "星",
  "云",
  "木",
  "鱼",
  "风",
  "t",
  "m",
  "糖",
  "安",
] as const;

const FOOTER_GROUPS = [
  ["购物指南", ["购物流程", "会员介绍", "生活旅行", "常见问题", "联系客服"]],
  ["配送方式", ["上门自提", "211限时达", "配送服务查询", "配送费收取标准", "海外配送"]],
  ["支付方式", ["货到付款", "在线支付", "分期付款", "公司转账"]],
  ["售后服务", ["售后政策", "价格保护", "退款说明", "返修/退换货", "取消订单"]],
  ["特色服务", ["夺宝岛", "DIY装机", "延保服务", "E卡", "药师咨询"]],
] as const;

/** A made-up product name for recommendation blocks: never the demo brand. */
export function otherProductName(rng: SeededRandom): string {
  return `${rng.pick(BRANDS)}${rng.pick(SUBCATEGORIES)} ${rng.pick(ADJECTIVES)}${rng.pick(ADJECTIVES)} ${rng.int(1, 12) * 10}${rng.pick(["片", "支", "粒", "袋", "只", "个"])}装`;
}

/** Two-level category menu, the biggest block of links on a real page. */
export function categoryMenu(rng: SeededRandom, base: string): string {
  const groups = CATEGORIES.map((cat, i) => {
    const subs = rng
      .sample(SUBCATEGORIES, rng.int(9, 14))
      .map(
        (sub) =>
          `<a href="${base}list?cat=${i}-${encodeURIComponent(sub)}" target="_blank" clstag="h|keycount|head|cate_${i}">${escapeHtml(sub)}</a>`,
      )
      .join("");
    return `<li class="cate_menu_item" data-index="${i}"><a class="cate_menu_lk" href="${base}list?cat=${i}">${escapeHtml(cat)}</a><div class="cate_detail_item"><dl><dt>${escapeHtml(cat)}精选</dt><dd>${subs}</dd></dl></div></li>`;
  }).join("\n");
  return `<div class="category-menu" id="J_cate"><ul class="JS_navCtn cate_menu">${groups}</ul></div>`;
}

/** A "猜你喜欢" block; its prices sit in their own classes, away from the listing's price. */
export function recommendations(rng: SeededRandom, base: string, title: string, count: number): string {
  const items = Array.from({ length: count }, (_, i) => {
    const name = otherProductName(rng);
    const yuan = rng.int(9, 899);
    const cents = rng.pick(["00", "90", "80", "50"]);
    const id = rng.int(2_000_000, 9_999_999);
    return `<li class="rec-item" data-sku="${id}" data-pos="${i}"><a class="rec-link" href="${base}list?rec=${id}" title="${escapeHtml(name)}"><img class="rec-img" width="160" height="160" alt="${escapeHtml(name)}" src="/static/img/rec-${id % 97}.svg" loading="lazy"><div class="rec-name">${escapeHtml(name)}</div></a><div class="rec-price"><em>¥</em><i>${yuan}.${cents}</i></div><div class="rec-comment">已有${rng.int(1, 99)}${rng.pick(["万+", "千+", "00+"])}人评价</div></li>`;
  }).join("\n");
  return `<div class="rec-block" data-title="${escapeHtml(title)}"><div class="rec-hd"><h3>${escapeHtml(title)}</h3><a class="rec-change" href="javascript:void(0)">换一批</a></div><ul class="rec-list">${items}</ul></div>`;
}

/** Paragraphs of product description. */
export function description(rng: SeededRandom, paragraphs: number): string {
  return Array.from({ length: paragraphs }, () => {
    const text = rng.sample(SENTENCES, rng.int(3, 6)).join("");
    return `<p class="desc-p">${escapeHtml(text)}</p>`;
  }).join("\n");
}

/** Customer reviews with dates in 2024–2025 and made-up nicknames. */
export function reviews(rng: SeededRandom, count: number): string {
  const items = Array.from({ length: count }, () => {
    const nick = `${rng.pick(NICK_PARTS)}${rng.pick(NICK_PARTS)}***${rng.int(0, 9)}`;
    const month = String(rng.int(1, 12)).padStart(2, "0");
    const day = String(rng.int(1, 28)).padStart(2, "0");
    const text = rng.sample(REVIEW_PHRASES, rng.int(2, 4)).join("，");
    const stars = rng.int(4, 5);
    return `<div class="comment-item"><div class="user-info"><img class="avatar" width="25" height="25" alt="" src="/static/img/avatar-${rng.int(1, 20)}.svg">${escapeHtml(nick)}<span class="user-level">${rng.pick(["PLUS会员", "钻石会员", "金牌会员", "银牌会员"])}</span></div><div class="comment-column"><div class="comment-star star${stars}"></div><p class="comment-con">${escapeHtml(text)}。</p><div class="order-info"><span>${rng.int(2024, 2025)}-${month}-${day} ${String(rng.int(7, 23)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}</span></div><div class="comment-op"><a class="J-nice" href="javascript:;">${rng.int(0, 120)}</a><a href="javascript:;">${rng.int(0, 30)}</a></div></div></div>`;
  }).join("\n");
  return `<div class="comments-list" id="comment-0">${items}</div>`;
}

/** Footer with service links and the licences a Chinese health e-commerce site must show. */
export function footer(rng: SeededRandom, base: string, company: string): string {
  const groups = FOOTER_GROUPS.map(
    ([title, links]) =>
      `<dl class="fore"><dt>${escapeHtml(title)}</dt>${links.map((l) => `<dd><a href="${base}help/${encodeURIComponent(l)}" target="_blank">${escapeHtml(l)}</a></dd>`).join("")}</dl>`,
  ).join("");
  const icp = rng.int(10_000_000, 99_999_999);
  const police = rng.int(11_000_000_000_000, 11_999_999_999_999);
  return `<div id="footer"><div class="w"><div class="service">${groups}</div><div class="copyright"><p><a href="${base}about">关于我们</a>|<a href="${base}contact">联系我们</a>|<a href="${base}hr">人才招聘</a>|<a href="${base}biz">商家入驻</a>|<a href="${base}ads">广告服务</a>|<a href="${base}friend">友情链接</a>|<a href="${base}en">English Site</a></p><p>${escapeHtml(company)} 京ICP备${icp}号 京公网安备 ${police}号</p><p>互联网药品信息服务资格证编号(京)-经营性-2024-${String(rng.int(1, 999)).padStart(4, "0")} | 医疗器械网络交易服务第三方平台备案凭证 (京)网械平台备字〔2024〕第${String(rng.int(1, 99)).padStart(5, "0")}号</p><p>违法和不良信息举报电话：4006561155 Copyright © 2004-2025 版权所有</p></div></div></div>`;
}

const IDENT = "abcdefghijklmnopqrstuvwxyz";

function ident(rng: SeededRandom): string {
  return `${rng.pick([...IDENT])}${rng.pick([...IDENT])}${rng.int(0, 9)}`;
}

/** A minified-looking analytics/UI bundle of about `kilobytes` KB, as inline scripts weigh. */
export function scriptBundle(rng: SeededRandom, kilobytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < kilobytes * 1024) {
    const a = ident(rng);
    const b = ident(rng);
    const c = ident(rng);
    const part = `function ${a}(${b},${c}){var t=${b}&&${b}.length||0,n=${rng.int(0, 4096)};for(var r=0;r<t;r++){n=(n<<${rng.int(1, 7)})-n+${b}.charCodeAt(r)|0}return ${c}?n.toString(${rng.pick([16, 32, 36])}):n}window.__m${rng.int(100, 999)}=${a};`;
    parts.push(part);
    size += part.length;
  }
  return `<script>!function(){"use strict";${parts.join("")}}();</script>`;
}

/** A site stylesheet: enough rules to weigh like one and to make screenshots readable. */
export function styleSheet(rng: SeededRandom, prefix: string, rules: number): string {
  const props = [
    "margin:0 auto",
    "padding:8px 12px",
    "color:#333",
    "color:#e4393c",
    "font-size:12px",
    "font-size:14px",
    "line-height:1.6",
    "display:inline-block",
    "display:flex",
    "border:1px solid #eee",
    "background:#f5f5f5",
    "overflow:hidden",
    "text-overflow:ellipsis",
    "white-space:nowrap",
    "float:left",
    "width:1190px",
    "height:32px",
  ];
  const base =
    "body{margin:0;font:12px/1.5 'PingFang SC','Noto Sans SC','Microsoft YaHei',sans-serif;color:#333;background:#fff}a{color:#666;text-decoration:none}ul{list-style:none;margin:0;padding:0}.w{width:1190px;margin:0 auto}.rec-list{display:flex;flex-wrap:wrap}.rec-item{width:190px;margin:5px}.rec-name{height:36px;overflow:hidden}del{color:#999}";
  const generated = Array.from(
    { length: rules },
    (_, i) => `.${prefix}-${i.toString(36)}{${rng.sample(props, rng.int(2, 5)).join(";")}}`,
  ).join("");
  return `<style>${base}${generated}</style>`;
}
