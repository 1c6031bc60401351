import type { ChannelId } from "../catalogue.js";
import type { ListingSpec } from "../listing-model.js";
import { type PageContext, pageContext } from "../page-kit.js";
import { ALIH_LAYOUTS, JDH_LAYOUTS } from "./health-pages.js";
import { JD_LAYOUTS, jdRiskPage } from "./jd-pages.js";
import { PDD_LAYOUTS } from "./pdd-pages.js";
import { SHOP_LAYOUTS } from "./shop-pages.js";
import { TMALL_LAYOUTS } from "./tmall-pages.js";

/** Each channel's page layouts; a listing's `dialect` picks one. */
const LAYOUTS: Record<ChannelId, readonly ((ctx: PageContext) => string)[]> = {
  jd: JD_LAYOUTS,
  tmall: TMALL_LAYOUTS,
  pdd: PDD_LAYOUTS,
  jdh: JDH_LAYOUTS,
  alih: ALIH_LAYOUTS,
  pharmacy: SHOP_LAYOUTS,
  "shop-en": SHOP_LAYOUTS,
};

const LAYOUT_NAMES: Record<ChannelId, readonly string[]> = {
  jd: ["classic", "popbox", "shop-head-textarea"],
  tmall: ["classic", "react", "ice-state"],
  pdd: ["raw-data", "mobile", "css-modules"],
  jdh: ["jd-classic", "drug", "goods"],
  alih: ["promotion-price", "goods-price", "detail"],
  pharmacy: ["json-ld", "microdata", "plain"],
  "shop-en": ["json-ld", "microdata", "plain"],
};

export function layoutName(spec: ListingSpec): string {
  return LAYOUT_NAMES[spec.channel][spec.dialect] ?? String(spec.dialect);
}

/** Path of a listing's page on the scenario site. */
export function pagePath(spec: ListingSpec): string {
  switch (spec.channel) {
    case "tmall":
      return `/tmall/item/${spec.id}.htm`;
    case "pdd":
      return `/pdd/goods/${spec.id}.html`;
    case "shop-en":
      return `/shop-en/products/ruining-${spec.id}`;
    default:
      return `/${spec.channel}/item/${spec.id}.html`;
  }
}

export function renderPage(spec: ListingSpec, day: number): string {
  if (spec.blocked) return jdRiskPage();
  const layouts = LAYOUTS[spec.channel];
  const layout = layouts[spec.dialect % layouts.length] as (ctx: PageContext) => string;
  return layout(pageContext(spec, day, spec.channel === "shop-en" ? "en" : "zh"));
}
