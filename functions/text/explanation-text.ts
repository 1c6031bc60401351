import type { Alert } from "../core/alert.js";
import type {
  ComplianceProblem,
  ExplanationFacts,
  ListingFacts,
  PriceFacts,
  PriceStepFact,
  RuleFacts,
} from "../core/detect/explanation-facts.js";
import { formatMoney } from "../core/money.js";
import { alertTypeLabel } from "./labels-text.js";
import type { Locale } from "./locale.js";
import { matchEvidenceText } from "./match-text.js";

/**
 * Alert explanations and rule inputs rendered from a finding's structured facts, in both
 * languages side by side: the same numbers (¥ with two decimals, per pack) say the same thing.
 * Texts a stranger wrote (shop names, promotions, ship-from) are quoted, never translated.
 */

export type ExplainableAlert = Pick<
  Alert,
  "type" | "explanation" | "inputs" | "currency" | "monitoringOnly" | "channel" | "url"
> & { facts?: ExplanationFacts | undefined };

const quoteOf: Record<Locale, (text: string) => string> = {
  "zh-CN": (t) => `「${t}」`,
  en: (t) => `"${t}"`,
};

function moneyOf(currency: string): (minor: number) => string {
  return (minor) => formatMoney({ minor, currency });
}

const percentText = (fraction: number) => `${Math.round(fraction * 1000) / 10}%`;

/** "12h", "7d", "2w" as a reader says it. */
export function durationText(window: string, locale: Locale): string {
  const m = /^(\d+)([hdw])$/.exec(window);
  if (!m) return window;
  const n = Number(m[1]);
  if (locale === "zh-CN") return `${n}${m[2] === "h" ? " 小时" : m[2] === "d" ? " 天" : " 周"}`;
  const unit = m[2] === "h" ? "hour" : m[2] === "d" ? "day" : "week";
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

const STEP_NAMES: Record<Locale, Record<PriceStepFact["kind"], string>> = {
  "zh-CN": {
    alternative: "活动价",
    percent: "折扣",
    reduction: "立减",
    "multi-buy": "多件优惠",
    store: "店铺满减",
    coupon: "优惠券",
    final: "页面标明的到手价",
  },
  en: {
    alternative: "alternative price",
    percent: "discount",
    reduction: "reduction",
    "multi-buy": "multi-buy",
    store: "store discount",
    coupon: "coupon",
    final: "stated price",
  },
};

/** One step: "店铺满减「满300减40」（按 3 件计）". */
export function priceStepText(step: PriceStepFact, locale: Locale): string {
  const name = STEP_NAMES[locale][step.kind];
  const basket =
    step.quantity > 1
      ? locale === "zh-CN"
        ? `（按购买 ${step.quantity} 件计）`
        : ` (buying ${step.quantity})`
      : "";
  return `${name}${locale === "zh-CN" ? "" : " "}${quoteOf[locale](step.text)}${basket}`;
}

/** "标价 ¥429.00（3 盒装） − ¥20.00 店铺满减「满400减20」 = ¥409.00，每盒 ¥136.33，每单位 ¥2.73". */
export function priceWorkingText(price: PriceFacts, currency: string, locale: Locale): string {
  const money = moneyOf(currency);
  const zh = locale === "zh-CN";
  let text = `${zh ? "标价" : "listed"} ${money(price.listedMinor)}`;
  if (price.packs > 1) text += zh ? `（${price.packs} 盒装）` : ` for ${price.packs} packs`;
  for (const s of price.steps) {
    const sign = s.deltaMinor < 0 ? "−" : "+";
    text += ` ${sign} ${money(Math.abs(s.deltaMinor))} ${priceStepText(s, locale)}`;
  }
  if (price.steps.length > 0) text += ` = ${money(price.effectiveMinor)}`;
  if (price.packs > 1)
    text += zh ? `，每盒 ${money(price.perPackMinor)}` : ` → ${money(price.perPackMinor)}/pack`;
  if (price.perUnitMinor !== null)
    text += zh ? `，每单位 ${money(price.perUnitMinor)}` : ` (${money(price.perUnitMinor)}/unit)`;
  if (price.ignored.length > 0)
    text += zh
      ? `（未计入：${price.ignored.map(quoteOf[locale]).join("、")}，优惠额不低于商品价）`
      : ` (left out: ${price.ignored.map(quoteOf[locale]).join(", ")}, as much as the price or more)`;
  return text;
}

/** "安可血糖试纸 50片（GLU-50），店铺「某某大药房」在京东（付费推广位）". */
function listingText(l: ListingFacts, locale: Locale): string {
  const q = quoteOf[locale];
  if (locale === "zh-CN") {
    const seller = l.seller ? `店铺${q(l.seller)}` : "未具名店铺";
    return `${l.product}（${l.sku}），${seller}在${l.channelName}${l.ad ? "（付费推广位）" : ""}`;
  }
  const seller = l.seller ? q(l.seller) : "an unnamed seller";
  return `${l.product} (${l.sku}) sold by ${seller} on ${l.channelName}${l.ad ? " (in a paid search placement)" : ""}`;
}

const COMPLIANCE: Record<Locale, Record<ComplianceProblem, string>> = {
  "zh-CN": {
    online_sale_prohibited: "该商品在《药品网络销售禁止清单》内，不得在网上销售",
    rx_notice_missing: "处方药页面缺少“处方药须凭处方在药师指导下购买和使用”的提示",
    device_number_missing: "医疗器械页面未展示注册证号或备案号（国械注准/械备）",
  },
  en: {
    online_sale_prohibited:
      "the product is on the list of drugs that may not be sold online (药品网络销售禁止清单)",
    rx_notice_missing: 'the prescription-drug page lacks the notice "处方药须凭处方在药师指导下购买和使用"',
    device_number_missing:
      "the medical-device page shows no registration certificate or filing number (国械注准/械备)",
  },
};

/** One listing-compliance problem in the reader's language. */
export function complianceProblemText(problem: ComplianceProblem, locale: Locale): string {
  return COMPLIANCE[locale][problem];
}

const RPM_LAW: Record<Locale, Record<string, string>> = {
  "zh-CN": { CN: "《反垄断法》第十八条", EU: "《欧盟运行条约》第一百零一条" },
  en: { CN: "China: Anti-Monopoly Law Art. 18", EU: "EU: Art. 101 TFEU" },
};

function zhRule(rule: RuleFacts, facts: ExplanationFacts, currency: string): string {
  const money = moneyOf(currency);
  const listing = listingText(facts.listing, "zh-CN");
  const working = facts.price ? priceWorkingText(facts.price, currency, "zh-CN") : null;
  const q = quoteOf["zh-CN"];
  switch (rule.rule) {
    case "below_min_price": {
      const basis = rule.basis === "effective" ? `到手价：${working ?? ""}` : "按每盒标价计";
      const tolerance =
        rule.tolerance > 0
          ? `（容差 ${percentText(rule.tolerance)}，即低于 ${money(rule.thresholdMinor)} 才告警）`
          : "";
      let text = `低于最低价：${listing}，每盒 ${money(rule.observedMinor)}（${basis}），低于最低价 ${money(rule.floorMinor)}${tolerance}。`;
      if (rule.monitoringOnly) {
        const law = RPM_LAW["zh-CN"][rule.monitoringOnly.jurisdiction] ?? rule.monitoringOnly.jurisdiction;
        text += `仅作监测：该店铺是授权经销商 ${rule.monitoringOnly.distributorId ?? ""}，依照${law}，供应商不得固定或限定经销商的转售价格，本条只记录、不作为违规追究。`;
      }
      return text;
    }
    case "above_max_price":
      return `高于最高价：${listing}，每盒到手价 ${money(rule.observedMinor)}（${working ?? ""}），高于最高价 ${money(rule.ceilingMinor)}${
        rule.tolerance > 0
          ? `（容差 ${percentText(rule.tolerance)}，即高于 ${money(rule.thresholdMinor)} 才告警）`
          : ""
      }。`;
    case "unauthorized_seller": {
      const l = facts.listing;
      const shop = l.seller ? `店铺${q(l.seller)}` : "未具名店铺";
      const id = l.sellerId ? `（店铺 ID ${l.sellerId}）` : "";
      let text = `未授权店铺：${shop}${id}在${l.channelName}${l.ad ? "的付费推广位" : ""}销售${l.product}（${l.sku}），该店铺既不是${l.channelName}上的官方旗舰店，也不是授权经销商。`;
      if (rule.counterfeit && rule.market) {
        text += `疑似假货：每盒 ${money(rule.counterfeit.observedMinor)}，比 ${rule.market.samples} 个授权店铺的中位价 ${money(rule.market.medianMinor)} 低 ${rule.counterfeit.percent}% 以上。`;
      }
      return text;
    }
    case "out_of_region":
      return `跨区销售（窜货）：${listing}，发货地为${q(rule.shipFrom)}，不在经销商 ${rule.distributorId} 的授权区域（${rule.regions.join("、")}）内。`;
    case "price_drop":
      return `价格骤降：${listing}，现价每盒 ${money(rule.observedMinor)}，比最近 ${durationText(rule.window, "zh-CN")}的中位价 ${money(rule.referenceMinor)} 低 ${rule.dropPercent}%（参考 ${rule.samples} 次历史价格；降幅超过 ${rule.percent}%，即低于 ${money(rule.thresholdMinor)} 时告警）。`;
    case "listing_compliance":
      return `商品页合规问题：${listing}：${rule.problems.map((p) => COMPLIANCE["zh-CN"][p]).join("；")}。`;
  }
}

function enRule(rule: RuleFacts, facts: ExplanationFacts, currency: string): string {
  const money = moneyOf(currency);
  const listing = listingText(facts.listing, "en");
  const working = facts.price ? priceWorkingText(facts.price, currency, "en") : null;
  const q = quoteOf.en;
  switch (rule.rule) {
    case "below_min_price": {
      const basis =
        rule.basis === "effective" ? `effective price: ${working ?? ""}` : "listed price per pack";
      const tolerance =
        rule.tolerance > 0
          ? ` (tolerance ${percentText(rule.tolerance)} → ${money(rule.thresholdMinor)})`
          : "";
      let text = `Below minimum price: ${listing} at ${money(rule.observedMinor)} per pack (${basis}), below the floor ${money(rule.floorMinor)}${tolerance}.`;
      if (rule.monitoringOnly) {
        const law = RPM_LAW.en[rule.monitoringOnly.jurisdiction] ?? rule.monitoringOnly.jurisdiction;
        text += ` Monitoring only: the seller is authorized distributor ${rule.monitoringOnly.distributorId ?? ""}, and a supplier may not fix or enforce a distributor's resale price (${law}).`;
      }
      return text;
    }
    case "above_max_price":
      return `Above maximum price: ${listing} at ${money(rule.observedMinor)} per pack (${working ?? ""}), above the ceiling ${money(rule.ceilingMinor)}${
        rule.tolerance > 0
          ? ` (tolerance ${percentText(rule.tolerance)} → ${money(rule.thresholdMinor)})`
          : ""
      }.`;
    case "unauthorized_seller": {
      const shop = facts.listing.seller ? `the shop ${q(facts.listing.seller)}` : "the shop";
      const id = facts.listing.sellerId ? ` (id ${facts.listing.sellerId})` : "";
      let text = `Unauthorized seller: ${listing}; ${shop}${id} is not the official store or an authorized distributor on ${facts.listing.channelName}.`;
      if (rule.counterfeit && rule.market) {
        text += ` Possible counterfeit: ${money(rule.counterfeit.observedMinor)} per pack is more than ${rule.counterfeit.percent}% below the median ${money(rule.market.medianMinor)} of ${rule.market.samples} authorized listing(s).`;
      }
      return text;
    }
    case "out_of_region":
      return `Out of region: ${listing} ships from ${q(rule.shipFrom)}, outside distributor ${rule.distributorId}'s regions (${rule.regions.join(", ")}).`;
    case "price_drop":
      return `Price drop: ${listing} now at ${money(rule.observedMinor)} per pack, ${rule.dropPercent}% below its median ${money(rule.referenceMinor)} over the last ${durationText(rule.window, "en")} (${rule.samples} earlier prices; alert beyond ${rule.percent}% → below ${money(rule.thresholdMinor)}).`;
    case "listing_compliance":
      return `Listing compliance: ${listing}: ${rule.problems.map((p) => COMPLIANCE.en[p]).join("; ")}.`;
  }
}

/** The explanation of a finding's facts in one language. */
export function explainFacts(facts: ExplanationFacts, currency: string, locale: Locale): string {
  return locale === "zh-CN" ? zhRule(facts.rule, facts, currency) : enRule(facts.rule, facts, currency);
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Operational alerts (about the crawl) carry their numbers in `inputs`; their words are ours. */
function explainOperational(alert: ExplainableAlert, channelName: string, locale: Locale): string | null {
  const zh = locale === "zh-CN";
  const q = quoteOf[locale];
  const i = alert.inputs;
  switch (alert.type) {
    case "blocked": {
      const failures = num(i.consecutiveFailures);
      if (failures === null) break;
      return zh
        ? `抓取受阻：${channelName} 连续 ${failures} 次拒绝了对该页面的检查，未能读取价格。请检查该渠道的访问频率或改用登录会话抓取。`
        : `Crawl blocked: ${channelName} refused the last ${failures} checks of this page; no price was read from it. Check the channel's request rate or use a signed-in session.`;
    }
    case "session_expired": {
      const session = str(i.session);
      if (session === null) break;
      return zh
        ? `登录会话失效：${channelName} 的浏览器会话${q(session)}已无法登录，恢复前不再读取该渠道需要登录的页面。请在有屏幕的电脑上重新登录，或重新导入浏览器登录状态。`
        : `Session expired: the browser session ${q(session)} of ${channelName} no longer signs in; its pages are not read until it works again. Sign in again on a machine with a screen, or import the browser's storage state again.`;
    }
    case "coverage_drop": {
      const targets = num(i.targets);
      const priced = num(i.priced);
      const gone = num(i.gone) ?? 0;
      const coverage = num(i.coverage);
      const below = num(i.coverageAlertBelow);
      if (targets === null || priced === null) break;
      const pct = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);
      return zh
        ? `监测覆盖率下降：${channelName} 本轮只读到 ${targets - gone} 个页面中 ${priced} 个的价格（覆盖率 ${pct(coverage)}，低于 ${pct(below)} 即告警；共检查 ${targets} 个，已下架 ${gone} 个）。请查看未读到的原因，必要时调整抓取频率或使用登录会话。`
        : `Coverage drop: ${channelName} priced ${priced} of ${targets - gone} pages this run (coverage ${pct(coverage)}, alert below ${pct(below)}; ${targets} checked, ${gone} removed). See why pages were not read; slow down or use a signed-in session if needed.`;
    }
    case "extraction_failed":
      return zh
        ? `页面信息读取失败：${channelName} 的该页面未能读出商品信息。`
        : `Extraction failed: no listing could be read from this page on ${channelName}.`;
    default:
      break;
  }
  return null;
}

/**
 * What an alert means, in the reader's language: rendered from its facts; an operational alert
 * from its inputs; an alert stored before facts existed falls back to its recorded sentence.
 */
export function explainAlert(alert: ExplainableAlert, locale: Locale, channelName?: string): string {
  if (alert.facts) return explainFacts(alert.facts, alert.currency, locale);
  return explainOperational(alert, channelName ?? alert.channel, locale) ?? alert.explanation;
}

/** One row of the rule inputs table: a readable name and a readable value. */
export interface InputRow {
  label: string;
  value: string;
}

const MATCHED_BY: Record<Locale, Record<ListingFacts["matchedBy"], string>> = {
  "zh-CN": {
    explicit: "监测配置指定的 SKU",
    identifier: "商品标识（条码、批准文号、型号）",
    keywords: "标题关键词",
  },
  en: {
    explicit: "the SKU named by the watch entry",
    identifier: "an identifier (GTIN, approval number, model)",
    keywords: "title keywords",
  },
};

const SELLER_KIND: Record<Locale, Record<ListingFacts["sellerKind"], string>> = {
  "zh-CN": { official: "官方旗舰店", distributor: "授权经销商", unknown: "未授权店铺" },
  en: { official: "official store", distributor: "authorized distributor", unknown: "not authorized" },
};

const SELLER_MATCHED_BY: Record<Locale, Record<ListingFacts["sellerMatchedBy"], string>> = {
  "zh-CN": { id: "按店铺 ID 识别", name: "按店铺名称识别", none: "未能与配置中的任何店铺对应" },
  en: { id: "identified by shop id", name: "identified by shop name", none: "matches no configured seller" },
};

function ruleRows(rule: RuleFacts, currency: string, locale: Locale): InputRow[] {
  const money = moneyOf(currency);
  const zh = locale === "zh-CN";
  const row = (zhLabel: string, enLabel: string, value: string): InputRow => ({
    label: zh ? zhLabel : enLabel,
    value,
  });
  switch (rule.rule) {
    case "below_min_price":
      return [
        row(
          "比较口径",
          "Basis",
          rule.basis === "effective"
            ? zh
              ? "每盒到手价"
              : "effective price per pack"
            : zh
              ? "每盒标价"
              : "listed price per pack",
        ),
        row("最低价", "Floor", money(rule.floorMinor)),
        row("容差", "Tolerance", percentText(rule.tolerance)),
        row("告警线", "Alert below", money(rule.thresholdMinor)),
        ...(rule.monitoringOnly
          ? [
              row(
                "仅作监测",
                "Monitoring only",
                RPM_LAW[locale][rule.monitoringOnly.jurisdiction] ?? rule.monitoringOnly.jurisdiction,
              ),
            ]
          : []),
      ];
    case "above_max_price":
      return [
        row("最高价", "Ceiling", money(rule.ceilingMinor)),
        row("容差", "Tolerance", percentText(rule.tolerance)),
        row("告警线", "Alert above", money(rule.thresholdMinor)),
      ];
    case "unauthorized_seller":
      return [
        ...(rule.market
          ? [
              row("授权店铺中位价", "Authorized median", money(rule.market.medianMinor)),
              row("授权店铺样本数", "Authorized samples", String(rule.market.samples)),
            ]
          : []),
        ...(rule.counterfeit
          ? [
              row(
                "疑似假货",
                "Counterfeit signal",
                zh
                  ? `低于中位价 ${rule.counterfeit.percent}% 以上`
                  : `more than ${rule.counterfeit.percent}% below the median`,
              ),
            ]
          : []),
      ];
    case "out_of_region":
      return [
        row("发货地", "Ships from", rule.shipFrom),
        row("经销商", "Distributor", rule.distributorId),
        row("授权区域", "Regions", rule.regions.join(zh ? "、" : ", ")),
      ];
    case "price_drop":
      return [
        row("参考中位价", "Reference median", money(rule.referenceMinor)),
        row("统计区间", "Window", durationText(rule.window, locale)),
        row("历史价格数", "Earlier prices", String(rule.samples)),
        row("告警降幅", "Alert beyond", `${rule.percent}%`),
        row("告警线", "Alert below", money(rule.thresholdMinor)),
      ];
    case "listing_compliance":
      return [
        row("问题", "Problems", rule.problems.map((p) => COMPLIANCE[locale][p]).join(zh ? "；" : "; ")),
      ];
  }
}

/**
 * The rule inputs as readable rows (never raw keys or fen): how the product and seller were
 * matched, each price step with ¥ amounts, and what the rule compared.
 */
export function ruleInputRows(alert: ExplainableAlert, locale: Locale): InputRow[] {
  const zh = locale === "zh-CN";
  const facts = alert.facts;
  if (!facts) return operationalRows(alert, locale);
  const money = moneyOf(alert.currency);
  const l = facts.listing;
  const rows: InputRow[] = [
    {
      label: zh ? "商品匹配" : "Product match",
      value: `${MATCHED_BY[locale][l.matchedBy]}${zh ? "，置信度 " : ", confidence "}${l.confidence.toFixed(2)}`,
    },
  ];
  if (l.matchEvidence.length > 0)
    rows.push({
      label: zh ? "匹配依据" : "Match evidence",
      value: l.matchEvidence.map((e) => matchEvidenceText(e, locale)).join(zh ? "；" : "; "),
    });
  const kind = `${SELLER_KIND[locale][l.sellerKind]}${l.distributorId ? ` ${l.distributorId}` : ""}`;
  const how = SELLER_MATCHED_BY[locale][l.sellerMatchedBy];
  rows.push({ label: zh ? "店铺身份" : "Seller", value: zh ? `${kind}（${how}）` : `${kind} (${how})` });
  if (facts.price) {
    const p = facts.price;
    rows.push({ label: zh ? "标价" : "Listed price", value: money(p.listedMinor) });
    if (p.packs > 1) rows.push({ label: zh ? "每件商品含盒数" : "Packs per item", value: String(p.packs) });
    for (const s of p.steps) {
      const change = `${s.deltaMinor < 0 ? "−" : "+"}${money(Math.abs(s.deltaMinor))} → ${money(s.runningMinor)}`;
      rows.push({
        label: zh ? "价格计算" : "Price step",
        value: `${priceStepText(s, locale)}${zh ? "：" : ": "}${change}`,
      });
    }
    rows.push({ label: zh ? "每盒到手价" : "Effective price per pack", value: money(p.perPackMinor) });
    if (p.ignored.length > 0)
      rows.push({
        label: zh
          ? "未计入价格的优惠（优惠额不低于商品价，应有页面未写明的门槛）"
          : "Promotions left out (as much as the price or more)",
        value: p.ignored.map(quoteOf[locale]).join(zh ? "、" : ", "),
      });
    if (p.perUnitMinor !== null)
      rows.push({ label: zh ? "每单位到手价" : "Per unit", value: money(p.perUnitMinor) });
  }
  if (l.titlePromotionClaims.length > 0)
    rows.push({
      label: zh ? "仅标题宣称的促销（未计入价格）" : "Promotions claimed only in the title (not priced)",
      value: l.titlePromotionClaims.map(quoteOf[locale]).join(zh ? "、" : ", "),
    });
  if (l.ad)
    rows.push({
      label: zh ? "展示位置" : "Placement",
      value: zh ? "搜索结果中的付费推广位" : "paid placement in a search",
    });
  if (l.fromSearch)
    rows.push({
      label: zh ? "发现途径" : "Seen on",
      value: zh
        ? "搜索结果或抓取数据，而非商品详情页"
        : "a search row or captured data, not the product page",
    });
  rows.push(...ruleRows(facts.rule, alert.currency, locale));
  return rows;
}

const OPERATIONAL_LABELS: Record<Locale, Record<string, string>> = {
  "zh-CN": {
    consecutiveFailures: "连续失败次数",
    session: "浏览器会话",
    targets: "检查页面数",
    fetched: "已抓取",
    priced: "读到价格",
    blocked: "被拦截",
    login_required: "需要登录",
    rate_limited: "被限流",
    no_price: "页面无价格",
    errors: "出错",
    gone: "已下架",
    listings: "商品数",
    coverage: "覆盖率",
    coverageAlertBelow: "覆盖率告警线",
  },
  en: {
    consecutiveFailures: "Consecutive failures",
    session: "Browser session",
    targets: "Pages checked",
    fetched: "Fetched",
    priced: "Priced",
    blocked: "Blocked",
    login_required: "Login required",
    rate_limited: "Rate limited",
    no_price: "No price",
    errors: "Errors",
    gone: "Removed",
    listings: "Listings",
    coverage: "Coverage",
    coverageAlertBelow: "Coverage alert below",
  },
};

/** An operational alert's counters; free-text diagnostics (reasons, URLs) stay on the JSON API. */
function operationalRows(alert: ExplainableAlert, locale: Locale): InputRow[] {
  const labels = OPERATIONAL_LABELS[locale];
  const rows: InputRow[] = [];
  for (const [key, value] of Object.entries(alert.inputs)) {
    const label = labels[key];
    if (!label) continue;
    const shown =
      (key === "coverage" || key === "coverageAlertBelow") && typeof value === "number"
        ? `${Math.round(value * 100)}%`
        : Array.isArray(value)
          ? value.join(locale === "zh-CN" ? "、" : ", ")
          : String(value);
    rows.push({ label, value: shown });
  }
  return rows;
}

/** The alert's type as a heading: "低于最低价" / "Below minimum price". */
export function alertHeading(alert: Pick<Alert, "type">, locale: Locale): string {
  return alertTypeLabel(alert.type, locale);
}
