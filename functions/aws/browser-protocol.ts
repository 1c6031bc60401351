import { gunzipSync, gzipSync } from "node:zlib";
import * as z from "zod";
import type { FetchOutcome } from "../core/fetch-outcome.js";
import type { RendererOptions, RenderOptions, RenderResult } from "../crawl/render/chromium-renderer.js";
import { StorageStateSchema } from "../sessions/storage-state.js";

/**
 * What the render worker asks the browser function for, and what it gets back. The browser
 * function renders and nothing else: it holds no key, no bucket and no table, so what a hostile
 * page could do to it ends at the page it returns. The worker treats that page as crawled text
 * and checks the answer's shape before using it.
 */

const NetworkSchema = z.object({
  allowPrivateAddresses: z.boolean(),
  timeoutMs: z.number().int().positive(),
  maxBytes: z.number().int().positive(),
  userAgent: z.string(),
});

export const BrowserRequestSchema = z.object({
  url: z.string().min(1).max(8192),
  network: NetworkSchema,
  options: z.object({
    timeoutMs: z.number().int().positive().optional(),
    screenshot: z.boolean().optional(),
    blockResources: z.boolean().optional(),
    recordUrls: z.array(z.string().max(2048)).max(200).optional(),
    storageState: StorageStateSchema.optional(),
  }),
});
export type BrowserRequest = z.infer<typeof BrowserRequestSchema>;
export type BrowserNetwork = z.infer<typeof NetworkSchema>;

/** The renderer options a request carries (the functions and signals stay with the caller). */
export type SerializableRenderOptions = BrowserRequest["options"];

export function browserRequest(
  url: string,
  network: Pick<RendererOptions, keyof BrowserNetwork>,
  options: RenderOptions,
): BrowserRequest {
  return {
    url,
    network: {
      allowPrivateAddresses: network.allowPrivateAddresses,
      timeoutMs: network.timeoutMs,
      maxBytes: network.maxBytes,
      userAgent: network.userAgent,
    },
    options: {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.screenshot === undefined ? {} : { screenshot: options.screenshot }),
      ...(options.blockResources === undefined ? {} : { blockResources: options.blockResources }),
      ...(options.recordUrls === undefined ? {} : { recordUrls: [...options.recordUrls] }),
      ...(options.storageState === undefined ? {} : { storageState: options.storageState }),
    },
  };
}

const text = (max: number) => z.string().max(max);
const base = { url: text(8192), attempts: z.number().int().nonnegative() };
const reason = text(4096);

const OutcomeSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("ok"),
    ...base,
    finalUrl: text(8192),
    status: z.number().int(),
    contentType: text(1024).nullable(),
    body: z.string(),
    bytes: z.number().int().nonnegative(),
    charset: text(64),
    elapsedMs: z.number().nonnegative(),
    rendered: z.literal(true),
    responses: z
      .array(
        z.object({
          url: text(8192),
          status: z.number().int(),
          headers: z.record(z.string(), text(4096)),
          body: z.string(),
        }),
      )
      .optional(),
  }),
  z.object({
    kind: z.literal("blocked"),
    ...base,
    finalUrl: text(8192).optional(),
    status: z.number().int().optional(),
    signal: z.enum(["captcha", "slider", "login", "interstitial", "forbidden"]),
    reason,
  }),
  z.object({ kind: z.literal("not_found"), ...base, status: z.number().int(), reason }),
  z.object({ kind: z.literal("gone"), ...base, status: z.number().int().optional(), reason }),
  z.object({
    kind: z.literal("rate_limited"),
    ...base,
    status: z.number().int(),
    retryAfterMs: z.number().nonnegative().optional(),
    reason,
  }),
  z.object({ kind: z.literal("refused"), ...base, reason }),
  z.object({ kind: z.literal("error"), ...base, code: text(64), reason }),
]);

const ResultSchema = z.object({
  outcome: OutcomeSchema,
  screenshotBase64: z.string().optional(),
  screenshotError: reason.optional(),
  refused: z.array(z.object({ url: text(8192), reason })).max(10_000),
});
type WireResult = z.infer<typeof ResultSchema>;

/** The answer as it crosses Lambda: gzip'd JSON in base64 (pages compress well; PNGs do not). */
export const BrowserResponseSchema = z.union([
  z.object({ ok: z.literal(true), gzipBase64: z.string() }),
  z.object({ ok: z.literal(false), error: reason }),
]);
export type BrowserResponse = z.infer<typeof BrowserResponseSchema>;

/**
 * A synchronous Lambda response is at most 6 MB; this leaves room for the envelope. Past it, the
 * last recorded responses go first, then the screenshot (with a reason), then the body: the
 * answer always arrives, saying what it had to leave out.
 */
export const MAX_BROWSER_RESPONSE_BYTES = 5_500_000;

export function packRenderResult(
  result: RenderResult,
  maxBytes = MAX_BROWSER_RESPONSE_BYTES,
): BrowserResponse {
  const { fullBody: _fullBody, ...outcome } = result.outcome as FetchOutcome & { fullBody?: unknown };
  let wire: WireResult = {
    outcome: outcome as WireResult["outcome"],
    refused: result.refused,
    ...(result.screenshot ? { screenshotBase64: Buffer.from(result.screenshot).toString("base64") } : {}),
    ...(result.screenshotError ? { screenshotError: result.screenshotError } : {}),
  };
  const pack = (value: WireResult) => gzipSync(JSON.stringify(value)).toString("base64");
  let packed = pack(wire);
  while (packed.length > maxBytes) {
    const next = smaller(wire);
    if (!next) return { ok: false, error: `the rendered page does not fit a ${maxBytes} byte answer` };
    wire = next;
    packed = pack(wire);
  }
  return { ok: true, gzipBase64: packed };
}

function smaller(wire: WireResult): WireResult | null {
  const outcome = wire.outcome;
  if (outcome.kind === "ok" && outcome.responses && outcome.responses.length > 0)
    return { ...wire, outcome: { ...outcome, responses: outcome.responses.slice(0, -1) } };
  if (wire.screenshotBase64 !== undefined) {
    const { screenshotBase64: _dropped, ...rest } = wire;
    return { ...rest, screenshotError: "the screenshot did not fit the browser function's answer" };
  }
  if (wire.refused.length > 0) return { ...wire, refused: [] };
  return null;
}

/** Reads the browser function's answer, as untrusted as the page it carries. */
export function unpackRenderResult(response: unknown, maxBodyBytes: number): RenderResult {
  const envelope = BrowserResponseSchema.parse(response);
  if (!envelope.ok) throw new Error(`the browser function failed: ${envelope.error}`);
  const json = gunzipSync(Buffer.from(envelope.gzipBase64, "base64"), {
    // Bounded: the page, its recorded responses, a screenshot and slack.
    maxOutputLength: maxBodyBytes * 4 + 64 * 1024 * 1024,
  }).toString("utf8");
  const wire = ResultSchema.parse(JSON.parse(json));
  const outcome = wire.outcome;
  let restored: FetchOutcome;
  if (outcome.kind === "ok") {
    if (Buffer.byteLength(outcome.body, "utf8") > maxBodyBytes)
      throw new Error(`the browser function returned a page over the ${maxBodyBytes} byte cap`);
    const { responses, ...rest } = outcome;
    restored = { ...rest, fullBody: () => outcome.body, ...(responses ? { responses } : {}) };
  } else restored = outcome as FetchOutcome;
  return {
    outcome: restored,
    refused: wire.refused,
    ...(wire.screenshotBase64 === undefined
      ? {}
      : { screenshot: Buffer.from(wire.screenshotBase64, "base64") }),
    ...(wire.screenshotError === undefined ? {} : { screenshotError: wire.screenshotError }),
  };
}
