import type { Locale } from "./locale.js";
import type { NoticeRefusal } from "./workflow-text.js";

/**
 * The enforcement notice's wording in both languages: what a Chinese rights holder's lawyer would
 * write to a shop or a marketplace's complaint channel, and the English a foreign brand sends.
 * Facts are passed in already formatted (money with ¥, times with their zone).
 */

export interface NoticeFacts {
  product: string;
  channel: string;
  shop: string;
  url: string;
  /** "2026-03-01 16:00 北京时间 – 2026-03-02 09:00 北京时间". */
  seen: string;
  occurrences: number;
  evidence: { capturedAt: string; captureId: string; manifestSha256: string; keyFingerprint: string } | null;
}

export interface NoticeText {
  noShop: string;
  refusal: (code: NoticeRefusal, jurisdiction: string) => string;
  factLines: (f: NoticeFacts, fact: string) => string;
  unauthorized: {
    subject: (product: string) => string;
    fact: (sender: string, channel: string) => string;
    ask: (regulated: boolean) => string;
  };
  compliance: { subject: (product: string) => string; fact: (problems: string[]) => string; ask: string };
  price: {
    subject: (product: string, below: boolean) => string;
    fact: (observed: string, threshold: string, below: boolean) => string;
    ask: string;
  };
}

const zh: NoticeText = {
  noShop: "（页面未显示店铺名称）",
  refusal: (code, jurisdiction) =>
    ({
      not_configured: "请先在配置中填写发函单位和联系方式（notices.sender、notices.contact），才能起草通知函",
      operational: "这是关于抓取运行状况的告警，与任何店铺无关，不起草通知函",
      resale_price: `仅作监测：依照${jurisdiction === "CN" ? "我国《反垄断法》" : `${jurisdiction} 适用的规定`}，供应商不得固定或限定授权经销商的转售价格，因此不起草通知函`,
      price_drop: "价格骤降仅供品牌方参考，不能作为发函依据",
      territory: "销售区域属于经销协议约定的事项，不依据抓取结果起草通知函",
      official_store: "该店铺是品牌方自己的官方旗舰店",
      price_not_ground:
        "该店铺不是品牌方供货的经销商：不能以价格为由向其发函（请改为针对“未授权店铺”告警起草通知函）",
      other: "该告警不能起草通知函",
    })[code],
  factLines: (f, fact) =>
    [
      `商品：${f.product}`,
      `平台：${f.channel}`,
      `店铺：${f.shop}`,
      `链接：${f.url}`,
      `发现时间：${f.seen}（共检查到 ${f.occurrences} 次）`,
      fact,
      f.evidence
        ? `证据：${f.evidence.capturedAt} 取证（取证编号 ${f.evidence.captureId}），清单 SHA-256 ${f.evidence.manifestSha256}，签名公钥指纹 ${f.evidence.keyFingerprint}；取证包内附核验说明，可独立核验签名。`
        : "证据：该链接的页面记录由我方系统保存，可应要求提供。",
    ].join("\n"),
  unauthorized: {
    subject: (product) => `关于未授权店铺销售${product}的通知函`,
    fact: (sender, channel) => `事实：该店铺不在${sender}于${channel}的授权经销商及官方店铺名单之内。`,
    ask: (regulated) =>
      "请该店铺：1. 不得以“官方”“授权”“旗舰”等字样或其他方式表示与我方存在授权关系；2. 提供所售商品的合法来源证明" +
      (regulated ? "及相应的医疗器械/药品经营资质" : "") +
      "；3. 如商品并非我方正品，立即停止销售。我方保留向平台投诉及依法追究的权利。",
  },
  compliance: {
    subject: (product) => `关于${product}商品页面合规问题的通知函`,
    fact: (problems) => `问题：${problems.join("；")}`,
    ask: "请在收到本通知后尽快更正或下架上述商品页面，并告知处理结果。",
  },
  price: {
    subject: (product, below) =>
      below ? `关于${product}广告价格低于价格政策的通知函` : `关于${product}价格高于最高限价的通知函`,
    fact: (observed, threshold, below) =>
      below
        ? `事实：页面展示的实际到手价为每盒 ${observed}，低于我方价格政策规定的最低广告价格 ${threshold}。`
        : `事实：页面展示的价格为每盒 ${observed}，高于我方规定的最高价格 ${threshold}。`,
    ask: "请依照双方的经销协议及我方价格政策处理，并告知处理结果。",
  },
};

const en: NoticeText = {
  noShop: "(no shop name shown)",
  refusal: (code, jurisdiction) =>
    ({
      not_configured: "set notices.sender and notices.contact in the config to draft notices",
      operational: "an operational alert is about the crawl, not about a seller",
      resale_price: `monitoring only: under the ${jurisdiction} rules a supplier may not fix or enforce an authorized distributor's resale price, so no notice is drafted`,
      price_drop: "a price drop is information for the brand, not a ground for a notice",
      territory: "territory is a matter of the distribution agreement; no notice is drafted from a crawl",
      official_store: "the seller is the brand's own official store",
      price_not_ground:
        "the seller is not supplied by the brand: a price is never the ground of a notice to it (draft the unauthorized seller notice instead)",
      other: "this alert cannot carry a notice",
    })[code],
  factLines: (f, fact) =>
    [
      `Product: ${f.product}`,
      `Marketplace: ${f.channel}`,
      `Shop: ${f.shop}`,
      `Listing: ${f.url}`,
      `Observed: ${f.seen} (${f.occurrences} checks)`,
      fact,
      f.evidence
        ? `Evidence: captured ${f.evidence.capturedAt} (capture ${f.evidence.captureId}), manifest SHA-256 ${f.evidence.manifestSha256}, signing key ${f.evidence.keyFingerprint}; the evidence bundle explains how to verify its signature independently.`
        : "Evidence: our system keeps a record of the page, available on request.",
    ].join("\n"),
  unauthorized: {
    subject: (product) => `Notice of an unauthorized seller of ${product}`,
    fact: (sender, channel) =>
      `Fact: this shop is not among ${sender}'s authorized distributors or official stores on ${channel}.`,
    ask: (regulated) =>
      "We ask the shop to: 1. not present itself or the listing as official, authorized or a flagship of the brand; 2. show the lawful source of the goods" +
      (regulated ? " and its licence to trade in medical devices or drugs" : "") +
      "; 3. stop selling at once if the goods are not genuine. We reserve the right to complain to the marketplace and to take legal action.",
  },
  compliance: {
    subject: (product) => `Notice of listing compliance problems for ${product}`,
    fact: (problems) => `Problems: ${problems.join("; ")}`,
    ask: "Please correct or withdraw the listing promptly and tell us what you did.",
  },
  price: {
    subject: (product, below) =>
      below
        ? `Notice: advertised price of ${product} below the pricing policy`
        : `Notice: price of ${product} above the maximum price`,
    fact: (observed, threshold, below) =>
      below
        ? `Fact: the listing advertises ${observed} per pack, below the minimum advertised price of ${threshold} in our pricing policy.`
        : `Fact: the listing shows ${observed} per pack, above the maximum price of ${threshold}.`,
    ask: "Please act as our distribution agreement and pricing policy provide, and tell us what you did.",
  },
};

export const NOTICE_TEXT: Record<Locale, NoticeText> = { "zh-CN": zh, en };
