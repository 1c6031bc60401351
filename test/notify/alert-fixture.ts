import type { Alert, Finding } from "../../functions/core/alert.js";
import type { OutgoingMessage, SendContext } from "../../functions/notify/notify-sender.js";
import type { Locale } from "../../functions/text/locale.js";

export const finding: Finding = {
  type: "below_min_price",
  severity: "high",
  sku: "GLU-50",
  listingId: "L1",
  url: "https://item.jd.com/100012345678.html",
  channel: "jd",
  seller: "某某医疗专营店",
  sellerId: "shop-1",
  distributorId: null,
  price: 9900,
  listedPrice: 12900,
  threshold: 15900,
  currency: "CNY",
  explanation: "Effective price ¥99.00 is below the ¥159.00 minimum price for GLU-50",
  inputs: {},
  monitoringOnly: false,
};

export function alertOf(overrides: Partial<Alert> = {}): Alert {
  return {
    ...finding,
    id: "a1b2c3d4e5f6a7b8c9d0e1f2",
    tenant: "acme",
    status: "open",
    firstSeen: "2026-01-01T00:00:00.000Z",
    lastSeen: "2026-01-01T00:00:00.000Z",
    occurrences: 1,
    cleanRuns: 0,
    evidence: [],
    history: [],
    deliveries: {},
    lastRunId: "run-1",
    ...overrides,
  };
}

/** One alert as the message a chat or e-mail target gets for its listing. */
export function outgoing(
  overrides: Partial<Alert> = {},
  alertPageUrl: string | null = null,
  locale: Locale = "zh-CN",
): OutgoingMessage {
  return {
    kind: "listing",
    items: [
      { alert: alertOf(overrides), event: "opened", deliveryId: "d0d1d2d3d4d5d6d7d8d9dadb", alertPageUrl },
    ],
    deliveryId: "d0d1d2d3d4d5d6d7d8d9dadb",
    channelNames: { jd: "京东" },
    locale,
    timeZone: "Asia/Shanghai",
    dashboardUrl: alertPageUrl ? new URL(alertPageUrl).origin : null,
    digestTop: 10,
    composedAt: "2026-01-01T00:00:00.000Z",
  };
}

/** Strangers' text in the fields a seller controls: links, mentions, markup, control characters. */
export const HOSTILE_SELLER =
  '[点我领券](http://evil.example/x) @所有人 @all <at id=all></at> <!channel> <@U123> **加粗** <font color="warning">假</font>\n# 标题\u202e';

export const HOSTILE_EXPLANATION =
  "Seller ![img](http://evil.example/p.png) and <a href='http://evil.example'>link</a> visit www.evil.example now `code` | table |";

export function context(env: Record<string, string> = {}): SendContext {
  return {
    resolveSecret: (ref) => (ref.startsWith("env:") ? env[ref.slice(4)] : undefined),
    timeoutMs: 5000,
    // The receivers of these format tests run on 127.0.0.1 (notify-address-guard.test.ts covers refusals).
    network: { allowPrivate: true },
  };
}
