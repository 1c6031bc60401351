import { request } from "undici";
import type { SendResult } from "./notify-sender.js";

const MAX_REPLY_BYTES = 64 * 1024;

export interface RobotReply {
  status: number;
  text: string;
  /** The reply parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  retryAfterMs?: number;
}

/**
 * One JSON POST to a chat robot. Never follows redirects; errors carry no URL, because a robot
 * URL holds its credential (WeCom `key`, DingTalk `access_token`, Feishu and Slack hook paths).
 */
export async function postJson(
  url: string,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<{ ok: true; reply: RobotReply } | { ok: false; result: SendResult }> {
  try {
    const res = await request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "Pricewarden-Notify/0.1",
      },
      body: JSON.stringify(payload),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > MAX_REPLY_BYTES) {
        res.body.destroy();
        break;
      }
      chunks.push(buf);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const retryAfter = Number(res.headers["retry-after"]);
    return {
      ok: true,
      reply: {
        status: res.statusCode,
        text,
        json,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      },
    };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      ok: false,
      result: {
        ok: false,
        retryable: true,
        reason: typeof code === "string" ? `request failed: ${code}` : "request failed",
      },
    };
  }
}

/** 408, 429 and 5xx are worth retrying (honouring Retry-After); other non-2xx statuses are final. */
export function httpFailure(reply: RobotReply, what: string): SendResult {
  const retryable = reply.status === 408 || reply.status === 429 || reply.status >= 500;
  return {
    ok: false,
    retryable,
    reason: `${what} HTTP ${reply.status}${reply.text ? `: ${shortText(reply.text)}` : ""}`,
    ...(reply.retryAfterMs !== undefined ? { retryAfterMs: reply.retryAfterMs } : {}),
  };
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** A number field of a JSON reply (`errcode`, `code`, `StatusCode`). */
export function numberField(json: unknown, ...names: string[]): number | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  for (const name of names) {
    const value = (json as Record<string, unknown>)[name];
    if (typeof value === "number") return value;
  }
  return undefined;
}

export function stringField(json: unknown, ...names: string[]): string {
  if (typeof json !== "object" || json === null) return "";
  for (const name of names) {
    const value = (json as Record<string, unknown>)[name];
    if (typeof value === "string") return shortText(value);
  }
  return "";
}

/** Receiver text in a stored error: one line, bounded. */
export function shortText(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}
