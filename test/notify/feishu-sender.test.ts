import { afterEach, describe, expect, it } from "vitest";
import { FEISHU_MAX_BYTES, feishuSender } from "../../functions/notify/feishu-sender.js";
import { context, HOSTILE_EXPLANATION, HOSTILE_SELLER, outgoing } from "./alert-fixture.js";
import { expectInert } from "./inert.js";
import { type ScriptedReply, startRobotReceiver } from "./robot-receivers.js";

const SECRET = "feishu-secret-abc";
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(script?: (call: number) => ScriptedReply | undefined) {
  const r = await startRobotReceiver("feishu", { secret: SECRET, ...(script ? { script } : {}) });
  closers.push(r.close);
  return r;
}

const target = (url: string) =>
  ({ type: "feishu", url, secret: "env:PRICEWARDEN_FEISHU_SECRET", minSeverity: "low" }) as const;
const env = { PRICEWARDEN_FEISHU_SECRET: SECRET };

interface Card {
  header: { template: string; title: { content: string } };
  elements: Array<{ tag: string; text?: { content: string }; actions?: Array<{ url: string }> }>;
}

describe("Feishu/Lark custom bot (飞书自定义机器人)", () => {
  it("sends a signed interactive card the bot verifies", async () => {
    const r = await receiver();
    expect(await feishuSender.send(target(r.url), outgoing(), context(env))).toEqual({
      ok: true,
      status: 200,
    });
    const [call] = r.calls;
    expect(call?.accepted).toBe(true);
    expect(call?.json.msg_type).toBe("interactive");
    expect(call?.json.timestamp).toMatch(/^\d+$/);
    const card = call?.json.card as Card;
    expect(card.header).toMatchObject({
      template: "red",
      title: { content: "【Pricewarden】高 · 低于最低价 · GLU-50" },
    });
    const body = card.elements[0]?.text?.content ?? "";
    for (const part of ["**类型**：低于最低价 · 高", "¥99.00", "**告警编号**：a1b2c3d4e5f6a7b8c9d0e1f2"])
      expect(body).toContain(part);
    expect(card.elements[1]?.actions?.[0]?.url).toBe("https://item.jd.com/100012345678.html");
  });

  it("a monitoring-only finding says so in the title and the body", async () => {
    const r = await receiver();
    await feishuSender.send(target(r.url), outgoing({ monitoringOnly: true, severity: "low" }), context(env));
    const card = r.calls[0]?.json.card as Card;
    expect(card.header.title.content).toContain("监测信息（不构成价格要求）");
    expect(card.elements[0]?.text?.content).toContain("监测信息（不构成价格要求）");
  });

  it("a wrong secret is refused (19021) and is final", async () => {
    const r = await receiver();
    const result = await feishuSender.send(
      target(r.url),
      outgoing(),
      context({ PRICEWARDEN_FEISHU_SECRET: "nope" }),
    );
    expect(result).toMatchObject({
      ok: false,
      retryable: false,
      reason: expect.stringContaining("Feishu code 19021"),
    });
  });

  it("the frequency limit (11232), 429 and 5xx are retried; a bad request (400, 9499) is final", async () => {
    const answers: Record<number, ScriptedReply> = {
      1: { status: 200, body: { code: 11232, msg: "frequency limited psm[lark.oapi.app_platform_runtime]" } },
      2: {
        status: 429,
        body: { code: 99991400, msg: "request trigger frequency limit" },
        headers: { "retry-after": "3" },
      },
      3: { status: 500, body: "internal error" },
      4: { status: 400, body: { code: 9499, msg: "Bad Request" } },
      5: { status: 200, body: { StatusCode: 0, StatusMessage: "success" } },
    };
    const r = await receiver((call) => answers[call]);
    const send = () => feishuSender.send(target(r.url), outgoing(), context(env));
    expect(await send()).toMatchObject({ ok: false, retryable: true, retryAfterMs: 60_000 });
    expect(await send()).toMatchObject({ ok: false, retryable: true, retryAfterMs: 3000 });
    expect(await send()).toMatchObject({ ok: false, retryable: true });
    expect(await send()).toEqual({ ok: false, retryable: false, reason: "Feishu code 9499 (bad request)" });
    // The older reply shape still counts as success.
    expect(await send()).toEqual({ ok: true, status: 200 });
  });

  it("neutralizes markdown, links and <at> mentions in crawled text", async () => {
    const r = await receiver();
    await feishuSender.send(
      target(r.url),
      outgoing({ seller: HOSTILE_SELLER, explanation: HOSTILE_EXPLANATION }),
      context(env),
    );
    const card = r.calls[0]?.json.card as Card;
    expectInert(card.elements[0]?.text?.content ?? "");
    expect(r.calls[0]?.raw).not.toMatch(/<at |evil\.example/);
  });

  it("keeps the request under Feishu's 20 KB", async () => {
    const r = await receiver();
    const result = await feishuSender.send(
      target(r.url),
      outgoing({ seller: "药".repeat(30_000), explanation: "说明".repeat(30_000) }),
      context(env),
    );
    expect(result).toMatchObject({ ok: true });
    expect(Buffer.byteLength(r.calls[0]?.raw ?? "", "utf8")).toBeLessThanOrEqual(FEISHU_MAX_BYTES);
  });
});
