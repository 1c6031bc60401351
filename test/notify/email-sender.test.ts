import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { emailSender } from "../../functions/notify/email-sender.js";
import type { TargetOf } from "../../functions/notify/notify-sender.js";
import { context, HOSTILE_EXPLANATION, outgoing } from "./alert-fixture.js";
import { startSmtpReceiver } from "./smtp-receiver.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(opts: Parameters<typeof startSmtpReceiver>[0] = {}) {
  const r = await startSmtpReceiver(opts);
  closers.push(r.close);
  return r;
}

function target(port: number, extra: Partial<TargetOf<"email">["smtp"]> = {}): TargetOf<"email"> {
  return {
    type: "email",
    to: ["channel@brand.example", "legal@brand.example"],
    from: "价格监测 <alerts@brand.example>",
    smtp: { host: "127.0.0.1", port, ...extra },
    minSeverity: "low",
  };
}

const SCRIPT_SELLER = '<script>alert(1)</script><img src=x onerror="alert(2)"> 某某 & 药房';

describe("e-mail (SMTP)", () => {
  it("sends one message to all recipients with a text and an HTML part", async () => {
    const smtp = await receiver();
    const result = await emailSender.send(target(smtp.port), outgoing(), context());
    expect(result).toEqual({ ok: true, status: 250 });
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail?.from).toBe("alerts@brand.example");
    expect(mail?.to).toEqual(["channel@brand.example", "legal@brand.example"]);
    expect(mail?.subject).toBe("【Pricewarden】高 · 低于最低价 · GLU-50 — 新告警");
    expect(mail?.headers.get("x-pricewarden-delivery")).toBe("d0d1d2d3d4d5d6d7d8d9dadb");
    expect(mail?.headers.get("message-id")).toBe("<d0d1d2d3d4d5d6d7d8d9dadb@pricewarden>");
    for (const part of [
      "店铺：某某医疗专营店",
      "价格：¥99.00（标价 ¥129.00） / 最低价 ¥159.00",
      "告警编号：a1b2c3d4e5f6a7b8c9d0e1f2",
      "首次发现：2026-01-01 08:00 北京时间",
    ])
      expect(mail?.text).toContain(part);
    expect(mail?.html).toContain('<a href="https://item.jd.com/100012345678.html">打开商品页</a>');
    expect(mail?.html).toContain("<th");
  });

  it("escapes everything crawled in the HTML part", async () => {
    const smtp = await receiver();
    await emailSender.send(
      target(smtp.port),
      outgoing({ seller: SCRIPT_SELLER, explanation: HOSTILE_EXPLANATION, monitoringOnly: true }),
      context(),
    );
    const html = smtp.mails[0]?.html ?? "";
    expect(html).toContain(
      "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt; 某某 &amp; 药房",
    );
    expect(html).not.toMatch(/<script|<img|onerror="/);
    // The only anchor is ours.
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain("监测信息（不构成价格要求）");
    expect(smtp.mails[0]?.text).toContain("监测信息（不构成价格要求）");
  });

  it("a permanent refusal (550) is final, a temporary one (451) is retried", async () => {
    let code = 550;
    const smtp = await receiver({ reject: () => code });
    const first = await emailSender.send(target(smtp.port), outgoing(), context());
    expect(first).toMatchObject({ ok: false, retryable: false, reason: expect.stringMatching(/^SMTP 550/) });
    code = 451;
    const second = await emailSender.send(target(smtp.port), outgoing(), context());
    expect(second).toMatchObject({ ok: false, retryable: true, reason: expect.stringMatching(/^SMTP 451/) });
    expect(smtp.mails).toHaveLength(0);
  });

  it("an unreachable server is retried", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = await emailSender.send(target(port), outgoing(), context());
    expect(result).toMatchObject({ ok: false, retryable: true });
  });

  it("never sends credentials without TLS, and reads them from env:NAME", async () => {
    const smtp = await receiver({ requireAuth: true });
    const withAuth = target(smtp.port, {
      user: "env:PRICEWARDEN_SMTP_USER",
      password: "env:PRICEWARDEN_SMTP_PASSWORD",
    });
    const unset = await emailSender.send(withAuth, outgoing(), context());
    expect(unset).toEqual({ ok: false, retryable: true, reason: "env:PRICEWARDEN_SMTP_USER is not set" });
    const result = await emailSender.send(
      withAuth,
      outgoing(),
      context({ PRICEWARDEN_SMTP_USER: "alerts", PRICEWARDEN_SMTP_PASSWORD: "hunter2" }),
    );
    // STARTTLS is required before AUTH and fails here (no usable certificate): nothing is sent.
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain("hunter2");
    expect(smtp.authAttempts).toEqual([]);
    expect(smtp.mails).toHaveLength(0);
  });
});
