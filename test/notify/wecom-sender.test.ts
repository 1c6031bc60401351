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
      "高（high）",
      "低于最低价（below minimum price）",
      "GLU-50",
      "京东（jd）",
      "某某医疗专营店",
      "¥99.00（标价 ¥129.00） / 最低价 ¥159.00",
      "Effective price ¥99.00 is below the ¥159.00 minimum price for GLU-50",
      "[打开商品页](https://item.jd.com/100012345678.html)",
      "a1b2c3d4e5f6a7b8c9d0e1f2",
      "新告警",
    ])
      expect(content).toContain(part);
    expect(content).not.toContain("监测信息");
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
    expect(content).toContain("item․jd․com（链接过长或无效，见告警详情）");
    expect(content).toContain("…");
  });
});
