import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../functions/core/alert.js";
import { alertIdOf } from "../../functions/core/alert-identity.js";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { deliverPending } from "../../functions/notify/deliver-pending.js";
import type { DeliveryTarget } from "../../functions/notify/notify-sender.js";
import { sendNotification } from "../../functions/notify/notify-senders.js";
import { deliveryTargets, deliveryTargetsFor, targetIdOf } from "../../functions/notify/notify-targets.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { startWebhookReceiver } from "../support/webhook-receiver.js";
import { finding } from "./alert-fixture.js";
import { startRobotReceiver } from "./robot-receivers.js";
import { startSmtpReceiver } from "./smtp-receiver.js";

const TENANT = "acme-mixed";
const T0 = Date.parse("2026-03-01T00:00:00.000Z");
const ENV: Record<string, string> = {
  PRICEWARDEN_HOOK_SECRET: "hook-secret",
  PRICEWARDEN_DING_SECRET: "SECding",
  PRICEWARDEN_FEISHU_SECRET: "feishu-secret",
};

let db: EmbeddedDynamo;
let alerts: AlertRepository;
let config: TenantConfig;
let receivers: {
  webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  wecom: Awaited<ReturnType<typeof startRobotReceiver>>;
  dingtalk: Awaited<ReturnType<typeof startRobotReceiver>>;
  feishu: Awaited<ReturnType<typeof startRobotReceiver>>;
  slack: Awaited<ReturnType<typeof startRobotReceiver>>;
  smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
};

const findings: Finding[] = [
  finding,
  {
    ...finding,
    type: "unauthorized_seller",
    listingId: "L2",
    url: "https://mall.jd.com/item/2.html",
    seller: "未知药房",
    price: 14900,
    listedPrice: 14900,
    threshold: null,
    explanation: "Seller 未知药房 is not an authorized distributor or official store on jd",
  },
];
const alertIds = findings.map((f) => alertIdOf(TENANT, f.type, f.listingId, f.sku));

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  alerts = new AlertRepository(createDocumentClient({ endpoint: db.endpoint }), db.tableName);
  receivers = {
    webhook: await startWebhookReceiver({ secret: ENV.PRICEWARDEN_HOOK_SECRET! }),
    // The WeCom robot is over its rate limit on the first message it gets.
    wecom: await startRobotReceiver("wecom", {
      script: (call) =>
        call === 1 ? { status: 200, body: { errcode: 45009, errmsg: "api freq out of limit" } } : undefined,
    }),
    dingtalk: await startRobotReceiver("dingtalk", { secret: ENV.PRICEWARDEN_DING_SECRET! }),
    feishu: await startRobotReceiver("feishu", { secret: ENV.PRICEWARDEN_FEISHU_SECRET! }),
    slack: await startRobotReceiver("slack"),
    smtp: await startSmtpReceiver(),
  };
  const result = validateConfig({
    tenant: TENANT,
    channels: [{ id: "jd", name: "京东", match: ["item.jd.com", "mall.jd.com"] }],
    products: [
      { sku: "GLU-50", name: "安可血糖试纸 50片", match: { keywords: [["血糖试纸"]] }, minPrice: 159 },
    ],
    watch: [{ url: "https://item.jd.com/100012345678.html", channel: "jd", sku: "GLU-50" }],
    dashboardUrl: "https://pricewarden.brand.example/",
    // The receivers run on 127.0.0.1; vitest.config.ts gives the operator's opt-in.
    network: { allowPrivateAddresses: true },
    notify: [
      { type: "console" },
      { type: "webhook", url: receivers.webhook.url, secret: "env:PRICEWARDEN_HOOK_SECRET" },
      { type: "wecom", url: "env:PRICEWARDEN_WECOM_URL", minSeverity: "medium" },
      {
        type: "dingtalk",
        id: "ding-ops",
        url: receivers.dingtalk.url,
        secret: "env:PRICEWARDEN_DING_SECRET",
      },
      { type: "feishu", url: receivers.feishu.url, secret: "env:PRICEWARDEN_FEISHU_SECRET" },
      { type: "slack", url: receivers.slack.url },
      {
        type: "email",
        to: ["channel@brand.example"],
        from: "alerts@brand.example",
        smtp: { host: "127.0.0.1", port: receivers.smtp.port },
      },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  config = result.config;
  ENV.PRICEWARDEN_WECOM_URL = receivers.wecom.url;
  for (const [i, f] of findings.entries()) {
    await alerts.record(f, {
      tenant: TENANT,
      alertId: alertIds[i]!,
      runId: "run-1",
      now: new Date(T0).toISOString(),
      targets: deliveryTargetsFor(config, f.severity),
    });
  }
});

afterAll(async () => {
  for (const r of Object.values(receivers ?? {})) await r.close();
  await db?.close();
});

function drain(atMs: number) {
  return deliverPending({
    config,
    alerts,
    send: sendNotification,
    now: () => new Date(atMs),
    resolveSecret: (ref) => ENV[ref.slice(4)],
    sleep: async () => {},
  });
}

function idOf(type: DeliveryTarget["type"]): string {
  const target = deliveryTargets(config).find((t) => t.type === type);
  if (!target) throw new Error(`no ${type} target`);
  return targetIdOf(target);
}

/** Which alert a robot message is about: each message names its alert id. */
function alertsNamedIn(raws: string[]): string[] {
  return raws.map((raw) => alertIds.find((id) => raw.includes(id)) ?? "?");
}

describe("deliverPending with every channel", () => {
  it("queues one delivery per target on the alert item (console is not queued)", async () => {
    const stored = await alerts.get(TENANT, alertIds[0]!);
    expect(Object.keys(stored?.deliveries ?? {}).sort()).toEqual(
      ["webhook", "wecom", "dingtalk", "feishu", "slack", "email"].map((t) => idOf(t as never)).sort(),
    );
    expect(idOf("dingtalk")).toBe("ding-ops");
  });

  it("delivers everywhere; a rate-limited robot keeps its messages pending and gets them later, once", async () => {
    const first = await drain(T0 + 1000);
    // The WeCom robot refused the first alert (45009); its second alert waits behind it unsent.
    expect(first).toEqual({ delivered: 10, retrying: 2, failed: 0, held: 0 });
    expect(receivers.wecom.calls).toHaveLength(1);
    const [refused] = alertsNamedIn(receivers.wecom.calls.map((c) => c.raw));
    const heldBack = alertIds.find((id) => id !== refused);
    const afterFirst = await alerts.get(TENANT, refused!);
    expect(afterFirst?.deliveries[idOf("wecom")]).toMatchObject({
      state: "pending",
      attempts: 1,
      lastError: "WeCom errcode 45009 (over 20 messages a minute)",
      // Backoff honours the robot's one-minute rate-limit window.
      nextAttemptAt: new Date(T0 + 1000 + 60_000).toISOString(),
    });

    // Not yet due for the refused alert: only the held-back one goes out.
    const early = await drain(T0 + 20_000);
    expect(early).toEqual({ delivered: 1, retrying: 0, failed: 0, held: 0 });

    const later = await drain(T0 + 5 * 60_000);
    expect(later).toEqual({ delivered: 1, retrying: 0, failed: 0, held: 0 });
    const again = await drain(T0 + 60 * 60_000);
    expect(again).toEqual({ delivered: 0, retrying: 0, failed: 0, held: 0 });

    // WeCom: the refused alert twice (refused, then accepted), the held-back one once.
    expect(alertsNamedIn(receivers.wecom.calls.map((c) => c.raw))).toEqual([refused, heldBack, refused]);
    expect(alertsNamedIn(receivers.wecom.accepted().map((c) => c.raw)).sort()).toEqual([...alertIds].sort());

    // Every other channel got each alert exactly once.
    for (const robot of [receivers.dingtalk, receivers.feishu, receivers.slack]) {
      expect(robot.calls.every((c) => c.accepted)).toBe(true);
      expect(alertsNamedIn(robot.calls.map((c) => c.raw)).sort()).toEqual([...alertIds].sort());
    }
    expect(receivers.webhook.calls).toHaveLength(2);
    expect(receivers.webhook.calls.every((c) => c.signatureValid)).toBe(true);
    expect(alertsNamedIn(receivers.smtp.mails.map((m) => m.text)).sort()).toEqual([...alertIds].sort());
    expect(new Set(receivers.smtp.mails.map((m) => m.headers.get("message-id"))).size).toBe(2);

    for (const id of alertIds) {
      const stored = await alerts.get(TENANT, id);
      for (const delivery of Object.values(stored?.deliveries ?? {}))
        expect(delivery.state).toBe("delivered");
    }
    const first0 = await alerts.get(TENANT, refused!);
    expect(first0?.deliveries[idOf("wecom")]).toMatchObject({ state: "delivered", attempts: 2 });
    // Every message links the alert's dashboard page.
    const page = (id: string) => `https://pricewarden.brand.example/alerts/${id}`;
    for (const robot of [receivers.wecom, receivers.dingtalk, receivers.feishu, receivers.slack])
      for (const call of robot.accepted()) {
        const id = alertsNamedIn([call.raw])[0] ?? "?";
        expect(call.raw, robot.url).toContain(page(id));
      }
    for (const call of receivers.webhook.calls) {
      const body = call.body as { alert: { id: string }; alertPageUrl: string };
      expect(body.alertPageUrl).toBe(page(body.alert.id));
    }
    for (const mail of receivers.smtp.mails)
      expect(mail.text).toMatch(/告警详情：https:\/\/pricewarden\.brand\.example\/alerts\/[0-9a-f]{24}/);
    // The delivery id a receiver can de-duplicate on is the one stored on the alert.
    expect(receivers.webhook.calls.map((c) => c.deliveryId)).toContain(
      first0?.deliveries[idOf("webhook")]?.deliveryId,
    );
  });
});
