import { OTHER_GOODS, PRODUCTS } from "./catalogue.js";
import type { ListingSpec } from "./listing-model.js";
import { escapeHtml, type Lang, yuan } from "./page-text.js";
import type { SeededRandom } from "./seeded-random.js";

/**
 * Page furniture: what surrounds a listing on a real marketplace page — recommendation
 * blocks (看了又看, 店铺热销, 猜你喜欢) with other goods, their prices and promotions, reviews
 * and Q&A quoting prices, size lists, shop headers, member prices, deposits, bundles, unit
 * prices. None of it is this listing's price or promotion. Class names come from the layout
 * (`cls`), so each layout dresses the same furniture its own way.
 */

export type ClassNamer = (logical: string) => string;

interface RecoItem {
  name: string;
  price: number;
  promo: string | null;
  soldOut: boolean;
}

function recoItems(
  spec: ListingSpec,
  lang: Lang,
  rnd: SeededRandom,
  promos: boolean,
  soldOut: boolean,
): RecoItem[] {
  const items: RecoItem[] = [];
  const others = PRODUCTS.filter((p) => p.sku !== spec.product?.sku);
  for (const p of rnd.sample(others, 2)) {
    const price = Math.round(p.min * 100 * (0.7 + rnd.next() * 0.8));
    items.push({ name: lang === "en" ? p.english : p.name, price, promo: null, soldOut: false });
  }
  for (const g of rnd.sample(OTHER_GOODS, 2))
    items.push({
      name: lang === "en" ? g.english : g.name,
      price: Math.round(g.price * 100),
      promo: null,
      soldOut: false,
    });
  const shuffled = rnd.shuffle(items);
  if (promos) {
    const zh = ["满99减10", "第二件0元", "券后¥{p}", "2件8折", "限时秒杀¥{p}", "买2送1"];
    const en = ["Buy 2 get 1 free", "Coupon price ¥{p}", "2 for 20% off", "Flash sale ¥{p}"];
    for (const item of shuffled.slice(0, 2)) {
      const cheaper = yuan(Math.round(item.price * 0.6));
      item.promo = rnd.pick(lang === "en" ? en : zh).replace("{p}", cheaper);
    }
  }
  if (soldOut) (shuffled[shuffled.length - 1] as RecoItem).soldOut = true;
  return shuffled;
}

const RECO_HEADINGS = {
  zh: ["看了又看", "店铺热销", "猜你喜欢", "为你推荐", "同类热卖"],
  en: ["Customers also bought", "Related products", "You may also like", "Best sellers"],
};

/** A recommendation block of other goods with their prices (and maybe promotions, a sold-out one). */
export function recoBlock(
  spec: ListingSpec,
  lang: Lang,
  rnd: SeededRandom,
  cls: ClassNamer,
  opts: { promos: boolean; soldOut: boolean },
): string {
  const heading = rnd.pick(RECO_HEADINGS[lang]);
  const rows = recoItems(spec, lang, rnd, opts.promos, opts.soldOut).map((item) => {
    const promo = item.promo ? `<span class="${cls("reco-promo")}">${escapeHtml(item.promo)}</span>` : "";
    const sold = item.soldOut
      ? `<span class="${cls("reco-stock")}">${lang === "en" ? "Sold out" : "已售罄"}</span>`
      : "";
    return `<li class="${cls("reco-item")}"><a class="${cls("reco-name")}" href="#r">${escapeHtml(item.name)}</a><div class="${cls(
      "reco-price",
    )}"><strong>¥${yuan(item.price)}</strong></div>${promo}${sold}</li>`;
  });
  return `<div class="${cls("reco")}"><h3>${heading}</h3><ul>${rows.join("")}</ul></div>`;
}

/** Reviews that quote what the buyers paid (other days, other offers). */
export function reviewsBlock(lang: Lang, rnd: SeededRandom, cls: ClassNamer, listed: number): string {
  const quote = () => yuan(Math.round(listed * (0.5 + rnd.next() * 0.4)));
  const zh = [
    `双十一活动¥${quote()}入手，比药店便宜多了`,
    `上次买才${quote()}元，这次涨价了`,
    `用券后${quote()}到手，物流很快`,
    `第二次回购，价格¥${quote()}，正品放心`,
  ];
  const en = [
    `Got it for ¥${quote()} on Black Friday, great value`,
    `Paid ¥${quote()} last time, price went up`,
    `With the coupon it was ¥${quote()}. Fast delivery.`,
  ];
  const lines = rnd.sample(lang === "en" ? en : zh, 2);
  const title = lang === "en" ? "Customer reviews" : "商品评价";
  return `<div class="${cls("reviews")}"><h3>${title}</h3>${lines
    .map(
      (l) =>
        `<div class="${cls("review")}"><p>${escapeHtml(l)}</p><span class="${cls("review-date")}">2026-0${rnd.int(1, 9)}-1${rnd.int(0, 9)}</span></div>`,
    )
    .join("")}</div>`;
}

/** Questions and answers quoting prices. */
export function qaBlock(lang: Lang, rnd: SeededRandom, cls: ClassNamer, listed: number): string {
  const x = yuan(Math.round(listed * (0.55 + rnd.next() * 0.3)));
  const [q, a] =
    lang === "en"
      ? ["Q: Will the price drop again?", `A: It was ¥${x} during the sale last month.`]
      : ["问：现在多少钱一盒？", `答：我买的时候活动价${x}元，现在不知道`];
  return `<div class="${cls("qa")}"><h3>${lang === "en" ? "Questions & answers" : "商品问答"}</h3><dl><dt>${q}</dt><dd>${escapeHtml(
    a,
  )}</dd></dl></div>`;
}

/** The sizes/packs offered on the page; this listing's is selected, another may be sold out. */
export function sizeList(
  spec: ListingSpec,
  lang: Lang,
  cls: ClassNamer,
  listed: number,
  otherSoldOut: boolean,
): string {
  const p = spec.product;
  if (!p) return "";
  const here =
    lang === "en"
      ? `${spec.packs > 1 ? spec.packsPhrase : "Single pack"}`
      : `${spec.specText}${spec.packs > 1 ? spec.packsPhrase : ""}`;
  const otherPacks = spec.packs > 1 ? 1 : 2;
  const other =
    lang === "en"
      ? otherPacks > 1
        ? "Pack of 2"
        : "Single pack"
      : `${p.spec}${otherPacks > 1 ? "×2盒" : ""}`;
  const otherPrice = yuan(Math.round((listed / spec.packs) * otherPacks * 0.97));
  const soldOut = otherSoldOut
    ? `<em class="${cls("size-stock")}">${lang === "en" ? "Out of stock" : "无货"}</em>`
    : "";
  return `<div class="${cls("sizes")}"><span class="${cls("size-label")}">${lang === "en" ? "Size" : "规格"}</span><ul><li class="${cls(
    "size",
  )} selected" title="${escapeHtml(here)}">${escapeHtml(here)}</li><li class="${cls("size")}" data-price="${otherPrice}">${escapeHtml(
    other,
  )} ${soldOut}</li></ul></div>`;
}

/** The shop's header: name, scores, follow button. */
export function shopHeader(lang: Lang, cls: ClassNamer, shopName: string, rnd: SeededRandom): string {
  const score = (4.6 + rnd.next() * 0.39).toFixed(2);
  return lang === "en"
    ? `<div class="${cls("shop-head")}"><b>${escapeHtml(shopName)}</b> <span>Rating ${score}</span> <a href="#follow">Follow</a></div>`
    : `<div class="${cls("shop-head")}"><b>${escapeHtml(shopName)}</b> <span>商品评价 ${score} 高</span><span>物流 ${score}</span> <a href="#follow">关注店铺</a> <a href="#shop">进店逛逛</a></div>`;
}

/** A member (PLUS/会员) price below what everyone pays: not the selling price. */
export function memberPrice(lang: Lang, cls: ClassNamer, effective: number): string {
  const fen = Math.round(effective * 0.88);
  return lang === "en"
    ? `<div class="${cls("member")}">Members pay <b>¥${yuan(fen)}</b></div>`
    : `<div class="${cls("member")}"><span class="${cls("member-tag")}">PLUS会员价</span><b>¥${yuan(fen)}</b></div>`;
}

/** A presale deposit line: the deposit and the balance add up to the listed price. */
export function presaleDeposit(lang: Lang, cls: ClassNamer, listed: number): string {
  const deposit = Math.round(listed * 0.2);
  return lang === "en"
    ? `<div class="${cls("presale")}">Pre-order: deposit ¥${yuan(deposit)}, balance ¥${yuan(listed - deposit)}</div>`
    : `<div class="${cls("presale")}">预售 定金¥${yuan(deposit)} 尾款¥${yuan(listed - deposit)}</div>`;
}

/** A bundle (套装) of this product with another one, at the bundle's own price. */
export function bundleOffer(
  spec: ListingSpec,
  lang: Lang,
  cls: ClassNamer,
  listed: number,
  rnd: SeededRandom,
): string {
  const other = rnd.pick(PRODUCTS.filter((p) => p.sku !== spec.product?.sku && p.category === "device"));
  const price = yuan(Math.round((listed / spec.packs + other.min * 100) * 0.8));
  return lang === "en"
    ? `<div class="${cls("bundle")}">Bundle: this item + ${escapeHtml(other.english)} for ¥${price}</div>`
    : `<div class="${cls("bundle")}">优惠套装：本品+${escapeHtml(other.name)} 套装价¥${price}</div>`;
}

/** The price per unit (片/袋/支) next to the pack price. */
export function perUnitPrice(spec: ListingSpec, lang: Lang, cls: ClassNamer, listed: number): string {
  const p = spec.product;
  if (!p?.packSize) return "";
  const per = yuan(Math.round(listed / spec.packs / p.packSize));
  return lang === "en"
    ? `<span class="${cls("unit-price")}">(¥${per} / unit)</span>`
    : `<span class="${cls("unit-price")}">约¥${per}/${p.unit}</span>`;
}

/** A 券后 estimate for another item (a banner over a recommendation). */
export function couponEstimateElsewhere(lang: Lang, cls: ClassNamer, listed: number): string {
  const fen = Math.round(listed * 0.55);
  return lang === "en"
    ? `<div class="${cls("banner")}">Today only: similar items from ¥${yuan(fen)} after coupon</div>`
    : `<div class="${cls("banner")}">相似商品热卖 券后低至¥${yuan(fen)}</div>`;
}

/** Marketing slogans a shop writes into its title; none is an offer of this listing. */
export function titleSlogan(lang: Lang, rnd: SeededRandom, listed: number): string {
  const cheaper = yuan(Math.round(listed * (0.55 + rnd.next() * 0.2)));
  const zh = [
    `【到手价¥${cheaper}】`,
    "【下单立减30元】",
    "【买2送1】",
    "【PLUS会员专享95折】",
    "【第二件0元】",
    "官方正品 假一赔十 ",
  ];
  const en = [`[Sale ¥${cheaper}]`, "[Buy 2 Get 1]", "[Extra 20% off]"];
  return rnd.pick(lang === "en" ? en : zh);
}

/** The delivery fee shown beside the price. */
export function shippingFee(lang: Lang, cls: ClassNamer, rnd: SeededRandom): string {
  const fee = yuan(rnd.pick([600, 800, 1000, 1200]));
  return lang === "en"
    ? `<span class="${cls("shipping")}">Shipping: ¥${fee}</span>`
    : `<span class="${cls("shipping")}">运费 ¥${fee}</span>`;
}

/** An add-on deal (加价购): another item for a few yuan more, not this listing's price. */
export function addOnDeal(lang: Lang, cls: ClassNamer, rnd: SeededRandom): string {
  const goods = rnd.pick(OTHER_GOODS);
  const extra = yuan(rnd.pick([990, 1990, 2900]));
  return lang === "en"
    ? `<div class="${cls("addon")}">Add ${escapeHtml(goods.english)} for just ¥${extra} more</div>`
    : `<div class="${cls("addon")}">加价购：再加¥${extra}换购${escapeHtml(goods.name)}</div>`;
}
