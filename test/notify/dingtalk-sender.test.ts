import { afterEach, describe, expect, it } from "vitest";
import { DINGTALK_MAX_BYTES, dingtalkSender } from "../../functions/notify/dingtalk-sender.js";
import { context, HOSTILE_EXPLANATION, HOSTILE_SELLER, outgoing } from "./alert-fixture.js";
import { expectInert } from "./inert.js";
import { type ScriptedReply, startRobotReceiver } from "./robot-receivers.js";

const SECRET = "SECtest0123456789abcdef";
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(script?: (call: number) => ScriptedReply | undefined) {
  const r = await startRobotReceiver("dingtalk", { secret: SECRET, ...(script ? { script } : {}) });
  closers.push(r.close);
  return r;
}

const target = (url: string) =>
  ({ type: "dingtalk", url, secret: "env:PRICEWARDEN_DING_SECRET", minSeverity: "low" }) as const;
const env = { PRICEWARDEN_DING_SECRET: SECRET };

function markdownOf(call: { json: Record<string, unknown> } | undefined) {
  return call?.json.markdown as { title: string; text: string };
}

describe("DingTalk custom robot (钉钉自定义机器人)", () => {
  it("signs with timestamp and sign in the query, and the robot verifies them", async () => {
    const r = await receiver();
    expect(await dingtalkSender.send(target(r.url), outgoing(), context(env))).toEqual({
      ok: true,
      status: 200,
    });
    const [call] = r.calls;
    expect(call?.accepted).toBe(true);
    expect(call?.query.get("access_token")).toBe("ding-token-123");
    expect(call?.query.get("sign")).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(call?.json.msgtype).toBe("markdown");
    expect(call?.json.at).toEqual({ isAtAll: false, atMobiles: [], atUserIds: [] });
    const { title, text } = markdownOf(call);
    expect(title).toBe("【Pricewarden】高 · 低于最低价 · GLU-50");
    for (const part of [
      "**店铺**：某某医疗专营店",
      "最低价 ¥159.00",
      "[打开商品页](https://item.jd.com/100012345678.html)",
    ])
      expect(text).toContain(part);
  });

  it("a wrong secret is refused by the robot (310000) and is final", async () => {
    const r = await receiver();
    const result = await dingtalkSender.send(
      target(r.url),
      outgoing(),
      context({ PRICEWARDEN_DING_SECRET: "SECwrong" }),
    );
    expect(result).toEqual({
      ok: false,
      retryable: false,
      reason: "DingTalk errcode 310000 (sign, keyword or IP check failed)",
    });
  });

  it("an unset secret is not sent unsigned: it waits, retryable, for the variable", async () => {
    const r = await receiver();
    expect(await dingtalkSender.send(target(r.url), outgoing(), context())).toEqual({
      ok: false,
      retryable: true,
      reason: "env:PRICEWARDEN_DING_SECRET is not set",
    });
    expect(r.calls).toHaveLength(0);
  });

  it("'send too fast' (130101) and a busy system are retryable; 429 and 5xx too", async () => {
    const answers: Record<number, ScriptedReply> = {
      1: { status: 200, body: { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" } },
      2: { status: 200, body: { errcode: -1, errmsg: "系统繁忙" } },
      3: { status: 503, body: "unavailable" },
      4: { status: 200, body: { errcode: 300001, errmsg: "token is not exist" } },
    };
    const r = await receiver((call) => answers[call]);
    const send = () => dingtalkSender.send(target(r.url), outgoing(), context(env));
    expect(await send()).toMatchObject({ ok: false, retryable: true, retryAfterMs: 600_000 });
    expect(await send()).toMatchObject({ ok: false, retryable: true });
    expect(await send()).toMatchObject({
      ok: false,
      retryable: true,
      reason: "DingTalk HTTP 503 from receiver",
    });
    expect(await send()).toEqual({
      ok: false,
      retryable: false,
      reason: "DingTalk errcode 300001 (invalid access_token)",
    });
  });

  it("neutralizes markdown, links and mentions in crawled text", async () => {
    const r = await receiver();
    await dingtalkSender.send(
      target(r.url),
      outgoing({ seller: HOSTILE_SELLER, explanation: HOSTILE_EXPLANATION }),
      context(env),
    );
    expect(r.calls[0]?.accepted).toBe(true);
    expectInert(markdownOf(r.calls[0]).text);
  });

  it("keeps the request under DingTalk's 20 KB", async () => {
    const r = await receiver();
    const result = await dingtalkSender.send(
      target(r.url),
      outgoing({ seller: "药".repeat(20_000), explanation: "说明".repeat(20_000) }),
      context(env),
    );
    expect(result).toMatchObject({ ok: true });
    expect(Buffer.byteLength(r.calls[0]?.raw ?? "", "utf8")).toBeLessThanOrEqual(DINGTALK_MAX_BYTES);
    expect(markdownOf(r.calls[0]).text).toContain("a1b2c3d4e5f6a7b8c9d0e1f2");
  });
});
