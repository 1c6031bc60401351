import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a robot receiver got, and what it answered. */
export interface RobotCall {
  path: string;
  query: URLSearchParams;
  raw: string;
  json: Record<string, unknown>;
  status: number;
  reply: string;
  /** True when the imitated API accepted the message (its success answer). */
  accepted: boolean;
  /** When it arrived, on the test's clock (`opts.clock`), else the machine's. */
  at: number;
}

export interface ScriptedReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type RobotKind = "wecom" | "dingtalk" | "feishu" | "slack";

const PATHS: Record<RobotKind, string> = {
  wecom: "/cgi-bin/webhook/send?key=wecom-key-123",
  dingtalk: "/robot/send?access_token=ding-token-123",
  feishu: "/open-apis/bot/v2/hook/feishu-hook-123",
  slack: "/services/T000/B000/slack-hook-123",
};

/**
 * A chat robot's webhook API on 127.0.0.1, imitating its real checks and error answers: WeCom
 * (key, 4096-byte markdown), DingTalk (access_token, 加签 in the query), Feishu (签名校验 in the
 * body, 30 KB), Slack (blocks, 3000-character sections). `script(call)` may override an answer
 * (a business error, a 429, a 500); otherwise the receiver validates and answers like the API.
 */
export async function startRobotReceiver(
  kind: RobotKind,
  opts: {
    secret?: string;
    script?: (call: number) => ScriptedReply | undefined;
    /** The test's injected clock (epoch ms): each call is logged at its time. */
    clock?: () => number;
    /** Enforce the robot's documented rate limit on that clock, answering as the robot does. */
    enforceRateLimit?: boolean;
  } = {},
) {
  const calls: RobotCall[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      json = {};
    }
    const at = opts.clock?.() ?? Date.now();
    const scripted = opts.script?.(calls.length + 1);
    const limited = opts.enforceRateLimit ? overLimit(kind, calls, at) : undefined;
    const answer = scripted ?? limited ?? validate(kind, url, raw, json, opts.secret);
    const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    calls.push({
      path: url.pathname,
      query: url.searchParams,
      raw,
      json,
      status: answer.status,
      reply: body,
      accepted: scripted === undefined && isSuccess(kind, answer),
      at,
    });
    res
      .writeHead(answer.status, {
        "content-type": typeof answer.body === "string" ? "text/plain" : "application/json",
        ...answer.headers,
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${PATHS[kind]}`,
    calls,
    accepted: () => calls.filter((c) => c.accepted),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The documented limits: WeCom and DingTalk 20 a minute, Feishu 100 a minute and 5 a second. */
const LIMITS: Record<RobotKind, Array<{ ms: number; max: number }>> = {
  wecom: [{ ms: 60_000, max: 20 }],
  dingtalk: [{ ms: 60_000, max: 20 }],
  feishu: [
    { ms: 60_000, max: 100 },
    { ms: 1_000, max: 5 },
  ],
  slack: [],
};

const LIMITED: Record<RobotKind, ScriptedReply> = {
  wecom: { status: 200, body: { errcode: 45009, errmsg: "api freq out of limit" } },
  dingtalk: { status: 200, body: { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" } },
  feishu: { status: 200, body: { code: 11232, msg: "frequency limited", data: {} } },
  slack: { status: 429, body: "rate_limited" },
};

/** The robot's answer when this call would be one too many in any of its windows (calls it accepted). */
function overLimit(kind: RobotKind, calls: readonly RobotCall[], at: number): ScriptedReply | undefined {
  for (const window of LIMITS[kind]) {
    const recent = calls.filter((c) => c.accepted && c.at > at - window.ms).length;
    if (recent >= window.max) return LIMITED[kind];
  }
  return undefined;
}

function isSuccess(kind: RobotKind, answer: ScriptedReply): boolean {
  if (kind === "slack") return answer.status === 200;
  const body = answer.body as Record<string, unknown>;
  return kind === "feishu" ? body.code === 0 : body.errcode === 0;
}

function validate(
  kind: RobotKind,
  url: URL,
  raw: string,
  json: Record<string, unknown>,
  secret: string | undefined,
): ScriptedReply {
  switch (kind) {
    case "wecom": {
      if (url.searchParams.get("key") !== "wecom-key-123")
        return { status: 200, body: { errcode: 93000, errmsg: "invalid webhook url" } };
      const markdown = json.markdown as { content?: unknown } | undefined;
      if (json.msgtype !== "markdown" || typeof markdown?.content !== "string")
        return { status: 200, body: { errcode: 40008, errmsg: "invalid message type" } };
      if (Buffer.byteLength(markdown.content, "utf8") > 4096)
        return { status: 200, body: { errcode: 40058, errmsg: "markdown.content exceed max length 4096" } };
      return { status: 200, body: { errcode: 0, errmsg: "ok" } };
    }
    case "dingtalk": {
      if (url.searchParams.get("access_token") !== "ding-token-123")
        return { status: 200, body: { errcode: 300001, errmsg: "token is not exist" } };
      if (secret !== undefined) {
        const timestamp = Number(url.searchParams.get("timestamp"));
        const expected = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
        // Like the real robot: the timestamp must be within an hour of its clock.
        if (Math.abs(Date.now() - timestamp) > 3_600_000 || url.searchParams.get("sign") !== expected)
          return { status: 200, body: { errcode: 310000, errmsg: "sign not match" } };
      }
      const markdown = json.markdown as { title?: unknown; text?: unknown } | undefined;
      if (
        json.msgtype !== "markdown" ||
        typeof markdown?.title !== "string" ||
        typeof markdown.text !== "string"
      )
        return { status: 200, body: { errcode: 40035, errmsg: "缺少参数 markdown" } };
      if (Buffer.byteLength(raw, "utf8") > 20_000)
        return { status: 200, body: { errcode: 460101, errmsg: "message too long" } };
      return { status: 200, body: { errcode: 0, errmsg: "ok" } };
    }
    case "feishu": {
      // 自定义机器人使用指南: the request body may not exceed 20 KB.
      if (Buffer.byteLength(raw, "utf8") > 20 * 1024)
        return { status: 400, body: { code: 9499, msg: "Bad Request" } };
      if (secret !== undefined) {
        const timestamp = Number(json.timestamp);
        const expected = createHmac("sha256", `${timestamp}\n${secret}`).update("").digest("base64");
        if (Math.abs(Date.now() / 1000 - timestamp) > 3600 || json.sign !== expected)
          return {
            status: 200,
            body: {
              code: 19021,
              msg: "sign match fail or timestamp is not within one hour from current time",
              data: {},
            },
          };
      }
      if (json.msg_type !== "interactive" || typeof json.card !== "object")
        return { status: 400, body: { code: 9499, msg: "Bad Request" } };
      return { status: 200, body: { code: 0, msg: "success", data: {} } };
    }
    case "slack": {
      const blocks = json.blocks as Array<{ type?: string; text?: { text?: string } }> | undefined;
      if (typeof json.text !== "string" || !Array.isArray(blocks))
        return { status: 400, body: "invalid_payload" };
      for (const block of blocks) {
        const text = block.text?.text ?? "";
        const max = block.type === "header" ? 150 : 3000;
        if (Array.from(text).length > max) return { status: 400, body: "invalid_blocks" };
      }
      return { status: 200, body: "ok" };
    }
  }
}

/** The markdown a WeCom robot got in one call ("undefined" when there was none). */
export function wecomContent(call: { json: Record<string, unknown> } | undefined): string {
  return String((call?.json.markdown as { content?: unknown } | undefined)?.content);
}
