import type { Product } from "./catalogue.js";
import { effectiveTotal } from "./ground-truth.js";
import type { ListingSpec, Promo } from "./listing-model.js";

/**
 * The words a page uses for its listing, in Chinese or English: title, prices, promotions,
 * stock, ship-from. Layouts decide where each goes; this decides what it says.
 */

export type Lang = "zh" | "en";

export function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

export { escapeHtml } from "../../../functions/core/escape-html.js";

/** The product's name without its spec, as a title starts. */
function baseName(p: Product): string {
  return p.name.replace(p.spec, "").trim();
}

/** The listing's title: brand name, one pack's spec, the packs sold together, a slogan maybe. */
export function titleOf(spec: ListingSpec, lang: Lang, slogan: string | null): string {
  const p = spec.product;
  if (!p) return spec.foreignTitle ?? "";
  if (lang === "en") {
    const packs = spec.packs > 1 ? ` ${spec.packsPhrase}` : "";
    return `${slogan ? `${slogan} ` : ""}${p.english}${packs}`;
  }
  const packs = spec.packs > 1 ? spec.packsPhrase : "";
  return `${slogan ?? ""}${baseName(p)} ${spec.specText}${packs}`;
}

export function promoText(p: Promo, lang: Lang): string {
  if (lang === "en") {
    switch (p.kind) {
      case "store":
        return `Spend ¥${yuan(p.min)}, save ¥${yuan(p.off)}`;
      case "coupon":
        return `Coupon: ¥${yuan(p.off)} off orders over ¥${yuan(p.min)}`;
      case "direct":
        return `Save ¥${yuan(p.off)}`;
      case "discount":
        return `${p.percentOff}% off`;
      case "secondHalf":
        return "Buy 2, get the 2nd at half price";
      case "multiDiscount":
        return `Buy ${p.count}, save ${p.percentOff}%`;
      case "multiPrice":
        return `${p.count} for ¥${yuan(p.total)}`;
      case "note":
        return p.en;
    }
  }
  const n = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : yuan(fen));
  switch (p.kind) {
    case "store":
      return `满${n(p.min)}减${n(p.off)}`;
    case "coupon":
      return `优惠券 满${n(p.min)}减${n(p.off)}`;
    case "direct":
      return `立减${n(p.off)}元`;
    case "discount": {
      const zhe = (100 - p.percentOff) / 10;
      return `限时${zhe}折`;
    }
    case "secondHalf":
      return "第二件半价";
    case "multiDiscount":
      return `${p.count}件${(100 - p.percentOff) / 10}折`;
    case "multiPrice":
      return `${p.count}件${n(p.total)}元`;
    case "note":
      return p.zh;
  }
}

/** Label a layout may put before a promotion's text. */
export function promoLabel(p: Promo, lang: Lang): string {
  if (lang === "en") return p.kind === "coupon" ? "Coupon" : "Offer";
  switch (p.kind) {
    case "store":
      return "满减";
    case "coupon":
      return "领券";
    case "direct":
      return "直降";
    case "discount":
      return "折扣";
    case "secondHalf":
      return "多买优惠";
    case "multiDiscount":
    case "multiPrice":
      return "多买优惠";
    case "note":
      return "促销";
  }
}

/** The stated to-hand price (到手价), equal to the true effective price of one listing. */
export function finalPriceText(spec: ListingSpec, listed: number, lang: Lang): string {
  const fen = effectiveTotal(listed, spec.promos);
  return lang === "en" ? `Final price after offers: ¥${yuan(fen)}` : `到手价 ¥${yuan(fen)}`;
}

export function finalPriceFen(spec: ListingSpec, listed: number): number {
  return effectiveTotal(listed, spec.promos);
}

export function stockText(inStock: boolean, lang: Lang): string {
  if (lang === "en") return inStock ? "In stock" : "Out of stock";
  return inStock ? "有货" : "无货";
}

export function shipFromText(spec: ListingSpec, lang: Lang): string {
  const { province, city } = spec.shipFrom;
  return lang === "en" ? `Ships from ${province} ${city}` : `${province}${province === city ? "" : city}`;
}

export const RX_NOTICE = "处方药须凭处方在药师指导下购买和使用";

/** The Rx notice as the page carries it (visible, hidden by CSS, or not at all). */
export function rxNoticeHtml(spec: ListingSpec, className: string): string {
  if (spec.product?.category !== "rx-drug" || spec.rxNotice === "absent") return "";
  const hidden = spec.rxNotice === "hidden" ? ' style="display:none"' : "";
  return `<div class="${className}"${hidden}>${RX_NOTICE}</div>`;
}

/** The registration/approval line, when the page shows it. */
export function approvalText(spec: ListingSpec, lang: Lang): string | null {
  const p = spec.product;
  if (!p || !spec.showsApproval) return null;
  if (lang === "en") return `Registration No.: ${p.approval}`;
  return `${p.category === "device" ? "注册证编号" : "批准文号"}：${p.approval}`;
}
