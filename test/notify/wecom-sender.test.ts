import { afterEach, describe, expect, it } from "vitest";
import { wecomSender } from "../../functions/notify/wecom-sender.js";
import { context, HOSTILE_EXPLANATION, HOSTILE_SELLER, outgoing } from "./alert-fixture.js";
import { expectInert } from "./inert.js";
import { type ScriptedReply, startRobotReceiver } from "./robot-receivers.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(script?: (call: number) => ScriptedReply | undefined) {
  const r = await startRobotReceiver("wecom", script ? { script } : {});
  closers.push(r.close);
  return r;
}

function contentOf(call: { json: Record<string, unknown> } | undefined): string {
  return String((call?.json.markdown as { content?: unknown } | undefined)?.content);
}

describe("WeCom group robot (企业微信群机器人)", () => {
  it("posts a Chinese markdown message with everything needed to act", async () => {
    const r = await receiver();
    const result = await wecomSender.send(
      { type: "wecom", url: r.url, minSeverity: "low" },
      outgoing(),
      context(),
    );
    expect(result).toEqual({ ok: true, status: 200 });
    expect(r.accepted()).toHaveLength(1);
    const content = contentOf(r.calls[0]);
    expect(r.calls[0]?.json.msgtype).toBe("markdown");
    for (const part of [
      "**【Pricewarden】高 · 低于最低价 · GLU-50**",
      "**类型**：低于最低价 · 高",
      "**商品编码**：GLU-50",
      "**渠道**：京东",
      "**店铺**：某某医疗专营店",
      "**价格**：¥99.00（标价 ¥129.00） / 最低价 ¥159.00",
      "**说明**：到手价 ¥99.00 低于最低价 ¥159.00，属于破价",
      // The tenant's clock with its zone: 2026-01-01T00:00Z is 08:00 in Beijing.
      "**首次发现**：2026-01-01 08:00 北京时间",
      "[打开商品页](https://item.jd.com/100012345678.html)",
      "a1b2c3d4e5f6a7b8c9d0e1f2",
      "新告警",
    ])
      expect(content).toContain(part);
    expect(content).not.toContain("监测信息");
    // No English in a Chinese message: Latin letters only in the brand, SKU, ids and the URL.
    const latin = content
      .replace(/https?:\/\/\S+?\)/g, "")
      .replace(/Pricewarden|GLU-50|[0-9a-f]{24}|font color="warning"|\/font/g, "")
      .match(/[A-Za-z]{2,}/g);
    expect(latin).toBeNull();
  });

  it("speaks the target's language: an English target reads English", async () => {
    const r = await receiver();
    await wecomSender.send(
      { type: "wecom", url: r.url, minSeverity: "low", locale: "en" },
      outgoing({}, null, "en"),
      context(),
    );
    const content = contentOf(r.calls[0]);
    for (const part of [
      "**Pricewarden: High · Below minimum price · GLU-50**",
      "**Price**: ¥99.00, listed at ¥129.00 / minimum price ¥159.00",
      "**First seen**: 2026-01-01 08:00 UTC+8",
      "**Channel**: 京东",
      "**Seller**: 某某医疗专营店",
    ])
      expect(content).toContain(part);
    // Names stay as the tenant and the seller wrote them; every word the product adds is English.
    expect(content.replaceAll("京东", "").replaceAll("某某医疗专营店", "")).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("marks monitoring-only findings as such", async () => {
    const r = await receiver();
    await wecomSender.send(
      { type: "wecom", url: r.url, minSeverity: "low" },
      outgoing({ monitoringOnly: true }),
      context(),
    );
    expect(contentOf(r.calls[0])).toContain("监测信息（不构成价格要求）");
  });

  it("reads the robot URL (it holds the key) from env:NAME and never reports it", async () => {
    const r = await receiver();
    const target = { type: "wecom" as const, url: "env:PRICEWARDEN_WECOM_URL", minSeverity: "low" as const };
    expect(
      await wecomSender.send(target, outgoing(), context({ PRICEWARDEN_WECOM_URL: r.url })),
    ).toMatchObject({
      ok: true,
    });
    const unset = await wecomSender.send(target, outgoing(), context());
    expect(unset).toEqual({ ok: false, retryable: true, reason: "env:PRICEWARDEN_WECOM_URL is not set" });
    expect(r.calls).toHaveLength(1);
  });

  it("treats business errors as final, except the rate limit 45009 and a busy system", async () => {
    const answers: Record<number, ScriptedReply> = {
      1: { status: 200, body: { errcode: 45009, errmsg: "api freq out of limit" } },
      2: { status: 200, body: { errcode: -1, errmsg: "system busy" } },
    };
    const r = await receiver((call) => answers[call]);
    const target = { type: "wecom" as const, url: r.url, minSeverity: "low" as const };
    expect(await wecomSender.send(target, outgoing(), context())).toEqual({
      ok: false,
      retryable: true,
      reason: "WeCom errcode 45009 (over 20 messages a minute)",
      retryAfterMs: 60_000,
    });
    expect(await wecomSender.send(target, outgoing(), context())).toMatchObject({
      ok: false,
      retryable: true,
    });

    const badKey = await wecomSender.send(
      { ...target, url: r.url.replace("wecom-key-123", "revoked") },
      outgoing(),
      context(),
    );
    expect(badKey).toEqual({
      ok: false,
      retryable: false,
      reason: "WeCom errcode 93000 (invalid webhook URL or key)",
    });
    expect(JSON.stringify(badKey)).not.toContain("revoked");
  });

  it("retries HTTP 429 (honouring Retry-After) and 5xx, not other statuses", async () => {
    const answers: Record<number, ScriptedReply> = {
      1: { status: 429, body: "slow down", headers: { "retry-after": "7" } },
      2: { status: 502, body: "bad gateway" },
      3: { status: 404, body: "not found" },
    };
    const r = await receiver((call) => answers[call]);
    const target = { type: "wecom" as const, url: r.url, minSeverity: "low" as const };
    expect(await wecomSender.send(target, outgoing(), context())).toMatchObject({
      ok: false,
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(await wecomSender.send(target, outgoing(), context())).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(await wecomSender.send(target, outgoing(), context())).toMatchObject({
      ok: false,
      retryable: false,
    });
  });

  it("neutralizes markdown, links and mentions in crawled text", async () => {
    const r = await receiver();
    await wecomSender.send(
      { type: "wecom", url: r.url, minSeverity: "low" },
      outgoing({ seller: HOSTILE_SELLER, explanation: HOSTILE_EXPLANATION }),
      context(),
    );
    const content = contentOf(r.calls[0]);
    expectInert(content);
    // The only link is the listing's, the only font tag our own.
    expect(content.match(/\]\(/g)).toHaveLength(1);
    expect(content.match(/<font/g)).toHaveLength(1);
  });

  it("stays within WeCom's 4096-byte markdown limit and keeps the link and alert id", async () => {
    const r = await receiver();
    const result = await wecomSender.send(
      { type: "wecom", url: r.url, minSeverity: "low" },
      outgoing({
        seller: "药".repeat(5000),
        explanation: "超长说明".repeat(5000),
        url: `https://item.jd.com/${"x".repeat(3000)}`,
      }),
      context(),
    );
    expect(result).toMatchObject({ ok: true });
    const content = contentOf(r.calls[0]);
    expect(Buffer.byteLength(content, "utf8")).toBeLessThanOrEqual(4096);
    expect(content).toContain("a1b2c3d4e5f6a7b8c9d0e1f2");
    expect(content).toContain("item․jd․com（链接过长或无效，请在告警详情中查看）");
    expect(content).toContain("…");
  });
});
