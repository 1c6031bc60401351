import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../../functions/core/config.js";
import type { DeliveryTarget } from "../../functions/notify/notify-sender.js";
import { deliveryTargets, targetIdOf } from "../../functions/notify/notify-targets.js";

const base = {
  tenant: "acme",
  channels: [{ id: "jd", name: "京东", match: ["item.jd.com"] }],
  products: [{ sku: "GLU-50", name: "试纸", match: { keywords: [["试纸"]] } }],
  watch: [{ url: "https://item.jd.com/1.html", channel: "jd" }],
};

function issues(notify: unknown[]) {
  const result = validateConfig({ ...base, notify });
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}

describe("notify config", () => {
  it("accepts every channel, with robot URLs literal or as env:NAME", () => {
    const result = validateConfig({
      ...base,
      notify: [
        { type: "wecom", url: "env:PRICEWARDEN_WECOM_URL", minSeverity: "high" },
        {
          type: "dingtalk",
          url: "https://oapi.dingtalk.com/robot/send?access_token=x",
          secret: "env:PRICEWARDEN_DING_SECRET",
        },
        {
          type: "feishu",
          url: "https://open.feishu.cn/open-apis/bot/v2/hook/x",
          secret: "env:PRICEWARDEN_FEISHU_SECRET",
        },
        { type: "slack", url: "env:PRICEWARDEN_SLACK_WEBHOOK_URL" },
        {
          type: "email",
          to: ["a@brand.example"],
          from: "价格监测 <alerts@brand.example>",
          smtp: {
            host: "smtp.exmail.qq.com",
            port: 465,
            user: "env:PRICEWARDEN_SMTP_USER",
            password: "env:PRICEWARDEN_SMTP_PASSWORD",
          },
        },
      ],
    });
    expect(result.ok && result.config.notify.map((t) => [t.type, t.minSeverity])).toEqual([
      ["wecom", "high"],
      ["dingtalk", "low"],
      ["feishu", "low"],
      ["slack", "low"],
      ["email", "low"],
    ]);
  });

  it("refuses secrets written into the config, non-http URLs and half credentials", () => {
    expect(
      issues([{ type: "dingtalk", url: "https://oapi.dingtalk.com/robot/send", secret: "SECabc" }]),
    ).toEqual(["notify[0].secret: expected env:NAME"]);
    expect(issues([{ type: "wecom", url: "ftp://qyapi.weixin.qq.com/x" }])).not.toEqual([]);
    expect(
      issues([
        { type: "email", to: ["a@b.example"], from: "x@b.example", smtp: { host: "h", user: "env:U" } },
      ]),
    ).toEqual(["notify[0].smtp.password: give both user and password, or neither"]);
    expect(
      issues([{ type: "email", to: ["not-an-address"], from: "x@b.example", smtp: { host: "h" } }]),
    ).not.toEqual([]);
    expect(
      issues([
        { type: "email", to: ["a@b.example"], from: "Evil <x@b.example>\r\nBcc: y@z", smtp: { host: "h" } },
      ]),
    ).not.toEqual([]);
    expect(
      issues([{ type: "slack", url: "https://hooks.slack.com/services/x", secret: "env:X" }]),
    ).not.toEqual([]);
  });
});

describe("target ids", () => {
  const webhookUrl = "https://hooks.example/pw";

  it("keep the webhook ids that existing alerts were queued under", () => {
    const id = targetIdOf({ type: "webhook", url: webhookUrl, minSeverity: "low" });
    expect(id).toBe(`webhook-${createHash("sha256").update(webhookUrl).digest("hex").slice(0, 10)}`);
  });

  it("are stable per destination: explicit id first, else type and URL or the recipients", () => {
    const a: DeliveryTarget = { type: "wecom", url: webhookUrl, minSeverity: "low" };
    expect(targetIdOf(a)).toMatch(/^wecom-[0-9a-f]{10}$/);
    expect(targetIdOf({ ...a, type: "slack" })).not.toBe(targetIdOf(a));
    expect(targetIdOf({ ...a, id: "ops-room" })).toBe("ops-room");
    const mail = (to: string[]): DeliveryTarget => ({
      type: "email",
      to,
      from: "x@b.example",
      smtp: { host: "h", port: 587 },
      minSeverity: "low",
    });
    expect(targetIdOf(mail(["B@x.example", "a@x.example"]))).toBe(
      targetIdOf(mail(["a@x.example", "b@x.example"])),
    );
  });

  it("console is not a delivery target", () => {
    const result = validateConfig({
      ...base,
      notify: [{ type: "console" }, { type: "slack", url: webhookUrl }],
    });
    expect(result.ok && deliveryTargets(result.config).map((t) => t.type)).toEqual(["slack"]);
  });
});
