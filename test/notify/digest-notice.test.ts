import { describe, expect, it } from "vitest";
import type { Alert } from "../../functions/core/alert.js";
import { alertEmail } from "../../functions/notify/alert-email.js";
import { fitPayload } from "../../functions/notify/alert-notice.js";
import { imMarkdown } from "../../functions/notify/im-markdown.js";
import type { OutgoingMessage } from "../../functions/notify/notify-sender.js";
import { utf8Bytes } from "../../functions/notify/untrusted-text.js";
import { WECOM_MARKDOWN_MAX_BYTES } from "../../functions/notify/wecom-sender.js";
import type { Locale } from "../../functions/text/locale.js";
import { alertOf } from "./alert-fixture.js";

/** A digest as each channel renders it, from the same message. */

function digest(alerts: Alert[], locale: Locale = "zh-CN", digestTop = 10): OutgoingMessage {
  return {
    kind: "digest",
    items: alerts.map((alert) => ({
      alert,
      event: alert.occurrences > 1 ? "reopened" : "opened",
      deliveryId: `d-${alert.id}`,
      alertPageUrl: `https://pricewarden.brand.example/alerts/${alert.id}`,
    })),
    deliveryId: "f00dfeedf00dfeedf00dfeed",
    channelNames: { jd: "京东" },
    locale,
    timeZone: "Asia/Shanghai",
    dashboardUrl: "https://pricewarden.brand.example",
    digestTop,
    composedAt: "2026-03-02T01:30:00.000Z",
  };
}

const many = (n: number, seller = (i: number) => `第${i}号药房`) =>
  Array.from({ length: n }, (_, i) =>
    alertOf({
      id: String(i).padStart(24, "0"),
      seller: seller(i),
      severity: i % 3 === 0 ? "high" : i % 3 === 1 ? "medium" : "low",
      type: i % 2 === 0 ? "below_min_price" : "unauthorized_seller",
      occurrences: i === 4 ? 2 : 1,
    }),
  );

describe("a digest", () => {
  it("counts by type, severity and event, lists the most severe first, and links the list", () => {
    const mail = alertEmail(digest(many(12)));
    expect(mail.subject).toBe("【Pricewarden】本轮 12 条告警 — 监测汇总");
    expect(mail.text).toContain("按类型：低于最低价 6 条、未授权销售 6 条");
    expect(mail.text).toContain("按级别：高 4 条、中 4 条、低 4 条");
    expect(mail.text).toContain("新增与复现：新告警 11 条、再次出现 1 条");
    expect(mail.text).toContain("汇总时间：2026-03-02 09:30 北京时间");
    expect(mail.text).toContain("最需关注的 10 条");
    expect(mail.text).toContain("另有 2 条未列出");
    // The four high-severity alerts come first.
    const listed = [...mail.text.matchAll(/^\d+\. (高|中|低) /gm)].map((m) => m[1]);
    expect(listed.slice(0, 4)).toEqual(["高", "高", "高", "高"]);
    expect(listed).toHaveLength(10);
    expect(mail.html).toContain('<a href="https://pricewarden.brand.example/alerts">在告警列表中查看</a>');
  });

  it("in English, every word the product adds is English", () => {
    const mail = alertEmail(
      digest(
        many(3, (i) => `Pharmacy ${i}`),
        "en",
      ),
    );
    expect(mail.subject).toBe("Pricewarden: 3 alerts this cycle — Monitoring digest");
    expect(mail.text).toContain("By severity: High 1, Medium 1, Low 1");
    expect(mail.text).toContain("As of: 2026-03-02 09:30 UTC+8");
    expect(mail.text.replaceAll("京东", "")).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("fits WeCom's 4096 bytes with 50 alerts named and long shop names, listing fewer", () => {
    const content = fitPayload(
      digest(
        many(80, (i) => `${"很长的店铺名称".repeat(30)}${i}`),
        "zh-CN",
        50,
      ),
      (notice) => imMarkdown(notice, "wecom"),
      utf8Bytes,
      WECOM_MARKDOWN_MAX_BYTES,
    );
    expect(utf8Bytes(content)).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(content).toContain("【Pricewarden】本轮 80 条告警");
    expect(content).toMatch(/另有 \d+ 条未列出/);
    expect(content).toContain("(https://pricewarden.brand.example/alerts)");
  });
});
