import { guardedPost, type PostReply, type PostResult } from "./guarded-post.js";
import type { SendContext, SendResult } from "./notify-sender.js";

export type RobotReply = PostReply;

/** One JSON POST to a chat robot, through the address guard; never follows redirects. */
export function postJson(url: string, payload: unknown, ctx: SendContext): Promise<PostResult> {
  return guardedPost(
    url,
    JSON.stringify(payload),
    { "content-type": "application/json; charset=utf-8", "user-agent": "Pricewarden-Notify/0.1" },
    ctx,
  );
}

/** 408, 429 and 5xx are worth retrying (honouring Retry-After); other non-2xx statuses are final. */
export function httpFailure(reply: RobotReply, what: string): SendResult {
  const retryable = reply.status === 408 || reply.status === 429 || reply.status >= 500;
  return {
    ok: false,
    retryable,
    // The status only: the body is the receiver's text and never lands in a stored error.
    reason: `${what} HTTP ${reply.status} from receiver${reply.status >= 300 && reply.status < 400 ? " (redirects are not followed)" : ""}`,
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

/**
 * A robot's error code in a stored error: the number and what this product knows it means,
 * never the robot's own message (`errmsg`), which is the receiver's text.
 */
export function codeReason(
  what: string,
  field: string,
  code: number,
  known: ReadonlyMap<number, string>,
): string {
  const meaning = known.get(code);
  return `${what} ${field} ${code}${meaning ? ` (${meaning})` : ""}`;
}
