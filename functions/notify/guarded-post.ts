import { request } from "undici";
import { ADDRESS_GUARD_CODE, AddressGuardError, createGuardedAgent } from "../net/guarded-agent.js";
import { PRIVATE_ADDRESS_HINT } from "../net/outbound-policy.js";
import type { SendContext, SendResult } from "./notify-sender.js";

/** A receiver's reply is read up to this size; only its status and JSON fields are used. */
const MAX_REPLY_BYTES = 64 * 1024;

export interface PostReply {
  status: number;
  /** The reply body: parsed here, never stored or logged (it is the receiver's text). */
  text: string;
  /** The reply parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  retryAfterMs?: number;
}

export type PostResult = { ok: true; reply: PostReply } | { ok: false; result: SendResult };

/**
 * One POST to a notify target through the address guard (functions/net): http(s) only, the
 * connection pinned to a checked public address unless the operator allows local targets,
 * redirects never followed. Failures carry a reason this product wrote — never the URL (a robot
 * URL holds its credential) and never bytes from the receiver.
 */
export async function guardedPost(
  url: string,
  body: string,
  headers: Record<string, string>,
  ctx: SendContext,
): Promise<PostResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refused("the target URL is not a valid URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return refused(`scheme ${parsed.protocol} is not allowed (http or https only)`);
  const timeoutMs = ctx.timeoutMs ?? 10_000;
  const agent = createGuardedAgent(ctx.network ?? { allowPrivate: false }, { connectTimeoutMs: timeoutMs });
  try {
    const res = await request(parsed, {
      method: "POST",
      dispatcher: agent,
      headers,
      body,
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
    return { ok: false, result: requestFailure(error) };
  } finally {
    await agent.close().catch(() => undefined);
  }
}

function refused(reason: string): PostResult {
  return { ok: false, result: { ok: false, retryable: false, reason } };
}

/** A refused address is final (unless DNS had no answer); other network trouble is retried. */
function requestFailure(error: unknown): SendResult {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === "object" && !seen.has(current); ) {
    seen.add(current);
    if (current instanceof AddressGuardError)
      return current.unresolved
        ? { ok: false, retryable: true, reason: current.message }
        : { ok: false, retryable: false, reason: `${current.message} (${PRIVATE_ADDRESS_HINT})` };
    current = (current as { cause?: unknown }).cause;
  }
  const code = (error as { code?: unknown }).code;
  if (code === ADDRESS_GUARD_CODE)
    return { ok: false, retryable: false, reason: "address guard refused the target" };
  return {
    ok: false,
    retryable: true,
    reason: typeof code === "string" ? `request failed: ${code}` : "request failed",
  };
}
