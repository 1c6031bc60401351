import type { Alert } from "./alert.js";
import type { TenantConfig } from "./config.js";
import { resolveSeller } from "./match/seller-identity.js";
import { minorToDecimal } from "./money.js";

/** The signed capture a notice points to, when the alert has one. */
export interface NoticeEvidence {
  captureId: string;
  capturedAt: string;
  manifestSha256: string;
  keyFingerprint: string;
}

export type NoticeDraft =
  | {
      kind: "draft";
      /** Who it is addressed to: the seller, or the marketplace's rights-protection channel. */
      recipient: "seller" | "platform";
      subject: string;
      /** Chinese first, then English. Plain text: whoever shows it escapes it. */
      text: string;
    }
  | { kind: "not_drafted"; reason: string };

const MAX_FIELD = 300;

/** Text written by strangers (shop names, URLs) goes into the letter without control or bidi characters. */
function plain(value: string | null, fallback: string): string {
  if (!value) return fallback;
  let out = "";
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    const control = c < 0x20 || (c >= 0x7f && c < 0xa0);
    const bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x200e || c === 0x200f;
    out += control || bidi ? " " : ch;
  }
  out = out.replace(/\s+/g, " ").trim();
  return (out.length > MAX_FIELD ? `${out.slice(0, MAX_FIELD)}…` : out) || fallback;
}

function money(minor: number | null, currency: string): string {
  if (minor === null) return "—";
  const symbol =
    currency === "CNY" ? "¥" : currency === "USD" ? "$" : currency === "EUR" ? "€" : `${currency} `;
  return `${symbol}${minorToDecimal(minor)}`;
}

/**
 * Drafts the enforcement notice an alert supports, or says why it supports none. The legal
 * guardrails are here, not left to whoever sends it: a monitoring-only finding (a resale price
 * of an authorized distributor where the law forbids enforcing one) gets no notice, and no
 * notice to a seller the brand does not supply ever rests on its price. Notices state observed
 * facts, point to the signed evidence, and ask for things a rights holder may ask for.
 */
export function draftNotice(
  alert: Alert,
  config: TenantConfig,
  evidence: NoticeEvidence | null,
  now: Date,
): NoticeDraft {
  if (!config.notices)
    return {
      kind: "not_drafted",
      reason: "set notices.sender and notices.contact in the config to draft notices",
    };
  if (
    alert.type === "blocked" ||
    alert.type === "extraction_failed" ||
    alert.type === "coverage_drop" ||
    alert.type === "session_expired"
  )
    return { kind: "not_drafted", reason: "an operational alert is about the crawl, not about a seller" };
  if (alert.monitoringOnly)
    return {
      kind: "not_drafted",
      reason: `monitoring only: under the ${config.jurisdiction} rules a supplier may not fix or enforce an authorized distributor's resale price, so no notice is drafted`,
    };
  if (alert.type === "price_drop")
    return {
      kind: "not_drafted",
      reason: "a price drop is information for the brand, not a ground for a notice",
    };
  if (alert.type === "out_of_region")
    return {
      kind: "not_drafted",
      reason: "territory is a matter of the distribution agreement; no notice is drafted from a crawl",
    };

  const product = config.products.find((p) => p.sku === alert.sku);
  const channel = config.channels.find((c) => c.id === alert.channel);
  const seller = resolveSeller(config, alert.channel, { name: alert.seller, id: alert.sellerId });
  const isPrice = alert.type === "below_min_price" || alert.type === "above_max_price";
  if (isPrice && seller.kind === "official")
    return { kind: "not_drafted", reason: "the seller is the brand's own official store" };
  if (isPrice && seller.kind !== "distributor")
    return {
      kind: "not_drafted",
      reason:
        "the seller is not supplied by the brand: a price is never the ground of a notice to it (draft the unauthorized_seller notice instead)",
    };

  const { sender, contact } = config.notices;
  const shop = plain(alert.seller, "（未显示店铺名称）");
  const shopEn = plain(alert.seller, "(no shop name shown)");
  const url = plain(alert.url, "—");
  const productName = plain(product?.name ?? alert.sku, "—");
  const channelName = plain(channel?.name ?? alert.channel, alert.channel);
  const seen = `${alert.firstSeen} – ${alert.lastSeen}`;
  const date = now.toISOString().slice(0, 10);
  const evidenceZh = evidence
    ? `证据：${evidence.capturedAt} 取证（编号 ${evidence.captureId}），清单 SHA-256 ${evidence.manifestSha256}，签名公钥指纹 ${evidence.keyFingerprint}；可用 pricewarden evidence verify 校验。`
    : "证据：该链接的页面记录由我方系统保存，可应要求提供。";
  const evidenceEn = evidence
    ? `Evidence: captured ${evidence.capturedAt} (capture ${evidence.captureId}), manifest SHA-256 ${evidence.manifestSha256}, signing key ${evidence.keyFingerprint}; verifiable with \`pricewarden evidence verify\`.`
    : "Evidence: our system keeps a record of the page, available on request.";
  const facts = (zh: string, en: string) =>
    [
      `商品：${productName}`,
      `平台：${channelName}`,
      `店铺：${shop}`,
      `链接：${url}`,
      `观察时间：${seen}（共 ${alert.occurrences} 次）`,
      zh,
      evidenceZh,
      "",
      "—",
      "",
      `Product: ${productName}`,
      `Marketplace: ${channelName}`,
      `Shop: ${shopEn}`,
      `Listing: ${url}`,
      `Observed: ${seen} (${alert.occurrences} checks)`,
      en,
      evidenceEn,
    ].join("\n");
  const signature = `\n\n${sender}\n${contact}\n${date}`;

  const regulated = product !== undefined && product.category !== "other";
  switch (alert.type) {
    case "unauthorized_seller":
      return {
        kind: "draft",
        recipient: "platform",
        subject: `关于未授权店铺销售${productName}的通知 / Notice of an unauthorized seller of ${productName}`,
        text:
          `${facts(
            `事实：该店铺不在${sender}于${channelName}的授权经销商及官方店铺名单之内。`,
            `Fact: this shop is not among ${sender}'s authorized distributors or official stores on ${channelName}.`,
          )}\n\n` +
          "请该店铺：1. 不得以“官方”“授权”“旗舰”等字样或其他方式表示与我方存在授权关系；2. 提供所售商品的合法来源证明" +
          (regulated ? "及相应的医疗器械/药品经营资质" : "") +
          "；3. 如商品并非我方正品，立即停止销售。我方保留向平台投诉及依法追究的权利。\n\n" +
          "We ask the shop to: 1. not present itself or the listing as official, authorized or a flagship of the brand; 2. show the lawful source of the goods" +
          (regulated ? " and its licence to trade in medical devices or drugs" : "") +
          "; 3. stop selling at once if the goods are not genuine. We reserve the right to complain to the marketplace and to take legal action." +
          signature,
      };
    case "listing_compliance": {
      const problems = Array.isArray(alert.inputs["problems"])
        ? alert.inputs["problems"].map((p) => plain(p, ""))
        : [plain(alert.explanation, "")];
      return {
        kind: "draft",
        recipient: "seller",
        subject: `关于${productName}商品页面合规问题的通知 / Notice of listing compliance problems for ${productName}`,
        text:
          `${facts(`问题：${problems.join("；")}`, `Problems: ${problems.join("; ")}`)}\n\n` +
          "请在收到本通知后尽快更正或下架上述商品页面，并告知处理结果。\n\n" +
          "Please correct or withdraw the listing promptly and tell us what you did." +
          signature,
      };
    }
    case "below_min_price":
    case "above_max_price": {
      // Reached only where the rules allow enforcing a price on an authorized distributor.
      const below = alert.type === "below_min_price";
      const observed = money(alert.price, alert.currency);
      const threshold = money(alert.threshold, alert.currency);
      return {
        kind: "draft",
        recipient: "seller",
        subject: below
          ? `关于${productName}广告价格低于价格政策的通知 / Notice: advertised price of ${productName} below the pricing policy`
          : `关于${productName}价格高于最高建议价格的通知 / Notice: price of ${productName} above the maximum price`,
        text:
          `${facts(
            below
              ? `事实：页面展示的实际到手价为 ${observed}（每件），低于我方价格政策规定的最低广告价格 ${threshold}。`
              : `事实：页面展示的价格为 ${observed}（每件），高于我方规定的最高价格 ${threshold}。`,
            below
              ? `Fact: the listing advertises ${observed} per pack, below the minimum advertised price of ${threshold} in our pricing policy.`
              : `Fact: the listing shows ${observed} per pack, above the maximum price of ${threshold}.`,
          )}\n\n` +
          "请依照双方的经销协议及我方价格政策处理，并告知处理结果。\n\n" +
          "Please act as our distribution agreement and pricing policy provide, and tell us what you did." +
          signature,
      };
    }
  }
}
