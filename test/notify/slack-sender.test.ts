import { afterEach, describe, expect, it } from "vitest";
import { slackSender } from "../../functions/notify/slack-sender.js";
import { context, HOSTILE_EXPLANATION, HOSTILE_SELLER, outgoing } from "./alert-fixture.js";
import { expectInert } from "./inert.js";
import { type ScriptedReply, startRobotReceiver } from "./robot-receivers.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(script?: (call: number) => ScriptedReply | undefined) {
  const r = await startRobotReceiver("slack", script ? { script } : {});
  closers.push(r.close);
  return r;
}

const target = (url: string) => ({ type: "slack", url, minSeverity: "low" }) as const;
type Blocks = Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }>;

describe("Slack incoming webhook", () => {
  it("posts text and blocks with a link to the listing", async () => {
    const r = await receiver();
    expect(await slackSender.send(target(r.url), outgoing(), context())).toEqual({ ok: true, status: 200 });
    const blocks = r.calls[0]?.json.blocks as Blocks;
    expect(r.calls[0]?.json.text).toBe("【Pricewarden】高 · 低于最低价 · GLU-50 — 新告警");
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "context"]);
    expect(blocks[1]?.text?.text).toContain("*商品链接*：<https://item.jd.com/100012345678.html|打开商品页>");
    expect(blocks[1]?.text?.text).toContain("*店铺*：某某医疗专营店");
    expect(blocks[1]?.text?.text).toContain("*告警编号*：a1b2c3d4e5f6a7b8c9d0e1f2");
    expect(blocks[2]?.elements?.[0]?.text).toBe("投递编号 d0d1d2d3d4d5d6d7d8d9dadb");
    expect(r.calls[0]?.json.unfurl_links).toBe(false);
  });

  it("retries 429 with Retry-After and 5xx; 404 channel_not_found and 410 are final", async () => {
    const answers: Record<number, ScriptedReply> = {
      1: { status: 429, body: "rate_limited", headers: { "retry-after": "30" } },
      2: { status: 500, body: "rollup_error" },
      3: { status: 404, body: "channel_not_found" },
      4: { status: 410, body: "channel_is_archived" },
    };
    const r = await receiver((call) => answers[call]);
    const send = () => slackSender.send(target(r.url), outgoing(), context());
    expect(await send()).toMatchObject({ ok: false, retryable: true, retryAfterMs: 30_000 });
    expect(await send()).toMatchObject({ ok: false, retryable: true });
    expect(await send()).toEqual({
      ok: false,
      retryable: false,
      reason: "Slack HTTP 404 from receiver",
    });
    expect(await send()).toMatchObject({ ok: false, retryable: false });
  });

  it("neutralizes mrkdwn, links and <!channel> in crawled text", async () => {
    const r = await receiver();
    await slackSender.send(
      target(r.url),
      outgoing({ seller: HOSTILE_SELLER, explanation: HOSTILE_EXPLANATION }),
      context(),
    );
    const blocks = r.calls[0]?.json.blocks as Blocks;
    const section = blocks[1]?.text?.text ?? "";
    expectInert(section);
    // Exactly one Slack link, the listing's.
    expect(section.match(/<[^>]*\|/g)).toEqual(["<https://item.jd.com/100012345678.html|"]);
    expect(r.calls[0]?.raw).not.toMatch(/<!channel>|<@U123>/);
  });

  it("keeps each block within Slack's limits", async () => {
    const r = await receiver();
    const result = await slackSender.send(
      target(r.url),
      outgoing({ seller: "药".repeat(10_000), explanation: "说明".repeat(10_000) }),
      context(),
    );
    expect(result).toMatchObject({ ok: true });
    const blocks = r.calls[0]?.json.blocks as Blocks;
    expect(Array.from(blocks[1]?.text?.text ?? "").length).toBeLessThanOrEqual(3000);
  });
});
