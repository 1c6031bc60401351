import * as z from "zod";
import { type CapturedResponse, keptHeaders } from "../core/captured-response.js";
import { PricewardenError } from "../core/errors.js";

/**
 * HAR 1.2 (HTTP Archive), as browsers' developer tools save it ("Save all as HAR with content"):
 * only what extraction needs, leniently (browsers differ in what they fill in), and bounded,
 * since a HAR is a file a person hands over and may be large or odd.
 */

const MAX_ENTRIES = 20_000;
const MAX_BODY_CHARS = 8 * 1024 * 1024;

const HeaderSchema = z.object({ name: z.string(), value: z.string() }).passthrough();

const EntrySchema = z
  .object({
    pageref: z.string().optional(),
    startedDateTime: z.string().optional(),
    request: z.object({ method: z.string().default("GET"), url: z.string() }).passthrough(),
    response: z
      .object({
        status: z.number().int(),
        headers: z.array(HeaderSchema).default([]),
        redirectURL: z.string().optional(),
        content: z
          .object({
            mimeType: z.string().optional(),
            text: z.string().optional(),
            encoding: z.string().optional(),
          })
          .passthrough()
          .default({}),
      })
      .passthrough(),
  })
  .passthrough();

const HarSchema = z.object({
  log: z
    .object({
      version: z.string().optional(),
      pages: z.array(z.object({ id: z.string(), title: z.string().optional() }).passthrough()).default([]),
      entries: z.array(z.unknown()).max(MAX_ENTRIES),
    })
    .passthrough(),
});

/** One exchange of a HAR, its body decoded to text. */
export interface HarExchange extends CapturedResponse {
  /** Position in the HAR's entries: what evidence names. */
  index: number;
  method: string;
  pageref: string | null;
  mimeType: string;
  redirectUrl: string | null;
}

export interface HarFile {
  pages: { id: string; title: string | null }[];
  exchanges: HarExchange[];
  /** Entries left out, and why (not an object, no URL, a body too large). */
  skipped: { index: number; reason: string }[];
}

function bodyText(content: { text?: string | undefined; encoding?: string | undefined }): string {
  const text = content.text ?? "";
  if (content.encoding === "base64") {
    const bytes = Buffer.from(text.slice(0, Math.ceil((MAX_BODY_CHARS * 4) / 3)), "base64");
    return new TextDecoder("utf-8").decode(bytes);
  }
  return text;
}

/** Parses a HAR's text; a file that is not a HAR is refused with a reason. */
export function parseHar(text: string): HarFile {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new PricewardenError("BAD_INPUT", `not a HAR file: it is not JSON (${(error as Error).message})`);
  }
  const har = HarSchema.safeParse(json);
  if (!har.success)
    throw new PricewardenError(
      "BAD_INPUT",
      `not a HAR 1.2 file: ${har.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  const exchanges: HarExchange[] = [];
  const skipped: HarFile["skipped"] = [];
  har.data.log.entries.forEach((raw, index) => {
    const entry = EntrySchema.safeParse(raw);
    if (!entry.success) {
      skipped.push({ index, reason: `not a HAR entry (${entry.error.issues[0]?.message ?? "invalid"})` });
      return;
    }
    const { request, response } = entry.data;
    if (!/^https?:\/\//i.test(request.url)) {
      skipped.push({ index, reason: "not an http(s) URL" });
      return;
    }
    const body = bodyText(response.content);
    if (body.length > MAX_BODY_CHARS) {
      skipped.push({ index, reason: `body over ${MAX_BODY_CHARS} characters` });
      return;
    }
    const headers = keptHeaders(Object.fromEntries(response.headers.map((h) => [h.name, h.value])));
    exchanges.push({
      index,
      url: request.url.slice(0, 8192),
      method: request.method.toUpperCase(),
      status: response.status,
      headers,
      body,
      pageref: entry.data.pageref ?? null,
      mimeType: (response.content.mimeType ?? headers["content-type"] ?? "").toLowerCase(),
      redirectUrl: response.redirectURL ? response.redirectURL : null,
    });
  });
  return {
    pages: har.data.log.pages.map((p) => ({ id: p.id, title: p.title ?? null })),
    exchanges,
    skipped,
  };
}

/** Whether the exchange is a page a person navigated to (an HTML document), not a script's call. */
export function isDocument(exchange: HarExchange): boolean {
  if (exchange.method !== "GET") return false;
  if (exchange.status >= 300 && exchange.status < 400) return true;
  return /html/.test(exchange.mimeType) || /^\s*<(!doctype|html)/i.test(exchange.body.slice(0, 200));
}
