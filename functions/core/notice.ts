import { formatInstant, longDate } from "../text/clock.js";
import { complianceProblemText } from "../text/explanation-text.js";
import { channelKindLabel } from "../text/labels-text.js";
import { type Locale, tenantLocale } from "../text/locale.js";
import { NOTICE_TEXT } from "../text/notice-text.js";
import type { NoticeRefusal } from "../text/workflow-text.js";
import type { Alert } from "./alert.js";
import type { TenantConfig } from "./config.js";
import { resolveSeller } from "./match/seller-identity.js";
import { formatMoney } from "./money.js";

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
      /** In the tenant's language (or the one asked for). Plain text: whoever shows it escapes it. */
      text: string;
    }
  | { kind: "not_drafted"; reason: string; code?: NoticeRefusal };

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
  return minor === null ? "—" : formatMoney({ minor, currency });
}

/**
 * Drafts the enforcement notice an alert supports, or says why it supports none. The legal
 * guardrails are here, not left to whoever sends it: a monitoring-only finding (a resale price
 * of an authorized distributor where the law forbids enforcing one) gets no notice, and no
 * notice to a seller the brand does not supply ever rests on its price. Notices state observed
 * facts, point to the signed evidence, and ask for things a rights holder may ask for. They are
 * written in the tenant's language and dated, like every time in them, in the tenant's zone.
 */
export function draftNotice(
  alert: Alert,
  config: TenantConfig,
  evidence: NoticeEvidence | null,
  now: Date,
  opts: { locale?: Locale } = {},
): NoticeDraft {
  const locale = opts.locale ?? tenantLocale(config);
  const t = NOTICE_TEXT[locale];
  const refuse = (code: NoticeRefusal): NoticeDraft => ({
    kind: "not_drafted",
    code,
    reason: t.refusal(code, config.jurisdiction),
  });
  if (!config.notices) return refuse("not_configured");
  if (
    alert.type === "blocked" ||
    alert.type === "extraction_failed" ||
    alert.type === "coverage_drop" ||
    alert.type === "session_expired"
  )
    return refuse("operational");
  if (alert.monitoringOnly) return refuse("resale_price");
  if (alert.type === "price_drop") return refuse("price_drop");
  if (alert.type === "out_of_region") return refuse("territory");

  const product = config.products.find((p) => p.sku === alert.sku);
  const channel = config.channels.find((c) => c.id === alert.channel);
  const seller = resolveSeller(config, alert.channel, { name: alert.seller, id: alert.sellerId });
  const isPrice = alert.type === "below_min_price" || alert.type === "above_max_price";
  if (isPrice && seller.kind === "official") return refuse("official_store");
  if (isPrice && seller.kind !== "distributor") return refuse("price_not_ground");

  const { sender, contact } = config.notices;
  const clock = { timeZone: config.timezone, locale };
  const productName = plain(product?.name ?? alert.sku, "—");
  const channelName = plain(channel?.name ?? channelKindLabel(alert.channel, locale), alert.channel);
  const facts = (fact: string) =>
    t.factLines(
      {
        product: productName,
        channel: channelName,
        shop: plain(alert.seller, t.noShop),
        url: plain(alert.url, "—"),
        seen: `${formatInstant(alert.firstSeen, clock)} – ${formatInstant(alert.lastSeen, clock)}`,
        occurrences: alert.occurrences,
        evidence: evidence
          ? {
              capturedAt: formatInstant(evidence.capturedAt, clock),
              captureId: evidence.captureId,
              manifestSha256: evidence.manifestSha256,
              keyFingerprint: evidence.keyFingerprint,
            }
          : null,
      },
      fact,
    );
  // Dated by the tenant's calendar: a notice drafted at 05:57 Beijing time bears that day.
  const signature = `\n\n${sender}\n${contact}\n${longDate(now, clock)}`;

  const regulated = product !== undefined && product.category !== "other";
  switch (alert.type) {
    case "unauthorized_seller":
      return {
        kind: "draft",
        recipient: "platform",
        subject: t.unauthorized.subject(productName),
        text: `${facts(t.unauthorized.fact(sender, channelName))}\n\n${t.unauthorized.ask(regulated)}${signature}`,
      };
    case "listing_compliance": {
      const problems = complianceProblems(alert, locale);
      return {
        kind: "draft",
        recipient: "seller",
        subject: t.compliance.subject(productName),
        text: `${facts(t.compliance.fact(problems))}\n\n${t.compliance.ask}${signature}`,
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
        subject: t.price.subject(productName, below),
        text: `${facts(t.price.fact(observed, threshold, below))}\n\n${t.price.ask}${signature}`,
      };
    }
  }
}

/** The problems in the reader's language from the finding's facts; older alerts' recorded words. */
function complianceProblems(alert: Alert, locale: Locale): string[] {
  const rule = alert.facts?.rule;
  if (rule?.rule === "listing_compliance") return rule.problems.map((p) => complianceProblemText(p, locale));
  const recorded = alert.inputs["problems"];
  return Array.isArray(recorded) ? recorded.map((p) => plain(p, "")) : [plain(alert.explanation, "")];
}
