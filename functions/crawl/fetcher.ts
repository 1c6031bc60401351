import { isIPv6 } from "node:net";
import type { Readable } from "node:stream";
import { Agent } from "undici";
import type { NetworkPolicy } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import type { BlockSignal, FetchOutcome } from "../core/fetch-outcome.js";
import { checkUrlAddress, type LookupFn } from "../net/address-guard.js";
import { outboundPolicy } from "../net/outbound-policy.js";
import { classifyPage, SCAN_BYTES } from "./classify-page.js";
import { decodeBody, decodeForReading } from "./decode-charset.js";
import { HostPoliteness, realSleep, type Sleep } from "./host-politeness.js";
import { type BodyRead, discardBody, readBody } from "./read-body.js";
import { DEFAULT_RETRY_TUNING, decideRetry, parseRetryAfter, type RetryTuning } from "./retry-policy.js";
import { RobotsCache, type RobotsResponse } from "./robots.js";

export interface SiteStats {
  /** `URL.host`: hostname and port. */
  host: string;
  /** Requests made to this host (retries and redirect hops included, robots.txt not). */
  attempts: number;
  retries: number;
  /** Outcomes, counted against the host of the URL asked for. */
  ok: number;
  blocked: number;
  notFound: number;
  gone: number;
  rateLimited: number;
  refused: number;
  errors: number;
}

export interface Fetcher {
  /** Never throws for anything a site does; every result is an outcome. */
  fetch(url: string): Promise<FetchOutcome>;
  stats(): SiteStats[];
  /** Closes keep-alive connections; the fetcher cannot be used afterwards. */
  close(): Promise<void>;
  /**
   * Ends every request in flight at once (each comes back as an error outcome) and closes the
   * fetcher: for a worker out of time, which must not leave requests running past its return.
   */
  abort(): void;
}

export interface FetcherDeps {
  /** DNS resolution for the address guard (and thus for every connection). */
  lookup?: LookupFn;
  /** Jitter source, [0, 1). */
  random?: () => number;
  sleep?: Sleep;
  now?: () => number;
  retry?: Partial<RetryTuning>;
}

/** robots.txt is read up to this size (RFC 9309 asks for at least 500 KiB). */
const ROBOTS_MAX_BYTES = 512 * 1024;
const ROBOTS_MAX_REDIRECTS = 5;
/** How much of an error page (403, 429, 503) is read to tell a block page from plain refusal. */
const PEEK_BYTES = 64 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const BINARY_TYPE = /^(image|audio|video|font)\/|^application\/(octet-stream|pdf|zip|x-gzip|gzip)\b/i;

type Purpose = "page" | "robots";

/** One HTTP exchange, body read as far as it matters. */
type Exchange =
  | {
      type: "response";
      status: number;
      headers: Record<string, string | string[] | undefined>;
      contentType: string | null;
      location?: string;
      body?: Buffer;
      /** The body decoded again on call, holding only the bytes as sent (read-body.ts). */
      bodyAgain?: () => Buffer;
      readFailure?: Extract<BodyRead, { ok: false }>;
    }
  | { type: "network"; code: string; reason: string };

type Stop =
  | { kind: "refused"; reason: string }
  | { kind: "blocked"; finalUrl: string; status: number; signal: BlockSignal; reason: string }
  | { kind: "error"; code: string; reason: string };

type Chain =
  | { type: "final"; finalUrl: string; exchange: Exchange; attempts: number; retryAfterMs?: number }
  | { type: "stop"; stop: Stop; attempts: number };

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function stripFragment(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = "";
  return copy.href;
}

/** Maps undici / Node network errors to the stable codes the retry policy knows. */
function networkCode(error: unknown): { code: string; reason: string } {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    const message = (current as { message?: unknown }).message;
    const reason = typeof message === "string" ? message : String(current);
    switch (code) {
      case "EADDRGUARD":
        return { code: "address_refused", reason };
      case "UND_ERR_CONNECT_TIMEOUT":
      case "ETIMEDOUT":
        return { code: "connect_timeout", reason };
      case "UND_ERR_HEADERS_TIMEOUT":
        return { code: "headers_timeout", reason };
      case "UND_ERR_BODY_TIMEOUT":
        return { code: "body_timeout", reason };
      case "ECONNREFUSED":
        return { code: "connection_refused", reason };
      case "ECONNRESET":
      case "EPIPE":
      case "UND_ERR_SOCKET":
      case "UND_ERR_CLOSED":
        return { code: "connection_reset", reason };
      case "ENOTFOUND":
        return { code: "dns_not_found", reason };
      case "EAI_AGAIN":
        return { code: "dns_temporary", reason };
      case "UND_ERR_RES_CONTENT_LENGTH_MISMATCH":
      case "UND_ERR_INFO":
      case "HPE_INVALID_CONSTANT":
      case "HPE_INVALID_HEADER_TOKEN":
      case "HPE_INVALID_CHUNK_SIZE":
        return { code: "protocol_error", reason };
    }
    if (typeof code === "string" && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
      return { code: "tls_error", reason };
    if (typeof code === "string" && code.startsWith("HPE_")) return { code: "protocol_error", reason };
    current = (current as { cause?: unknown }).cause;
  }
  return { code: "network_error", reason: error instanceof Error ? error.message : String(error) };
}

/**
 * The HTTP fetch stage (DESIGN.md "The pipeline" → fetch). One keep-alive undici Agent per
 * fetcher; every connection goes to the address the guard checked (DNS pinned through the
 * Agent's `connect.lookup`), so a rebinding DNS answer can never reach a private address.
 */
export function createFetcher(policy: NetworkPolicy, deps: FetcherDeps = {}): Fetcher {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const tuning: RetryTuning = { ...DEFAULT_RETRY_TUNING, ...deps.retry };
  const guardOptions = {
    // The config's wish for local targets counts only with the operator's opt-in (functions/net).
    allowPrivate: outboundPolicy(policy).allowPrivate,
    ...(deps.lookup ? { lookup: deps.lookup } : {}),
  };

  /** hostname → the address last checked by the guard; connections only ever use these. */
  const pins = new Map<string, string>();
  const pinnedLookup = (
    hostname: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ): void => {
    const deliver = (address: string) => {
      const family = isIPv6(address) ? 6 : 4;
      if (options.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const pinned = pins.get(hostname);
    if (pinned !== undefined) {
      deliver(pinned);
      return;
    }
    // Not reached through fetch(); checked all the same so no path connects unguarded.
    void checkUrlAddress(`http://${hostname}/`, guardOptions).then((check) => {
      if (check.ok) deliver(check.address);
      else callback(Object.assign(new Error(check.reason), { code: "EADDRGUARD" }));
    });
  };

  const agent = new Agent({
    connections: policy.perHostConcurrency,
    keepAliveTimeout: 10_000,
    headersTimeout: policy.timeoutMs,
    bodyTimeout: policy.timeoutMs,
    connect: { timeout: policy.timeoutMs, lookup: pinnedLookup as never },
  });

  const politeness = new HostPoliteness({
    perHostConcurrency: policy.perHostConcurrency,
    delayMs: policy.delayMs,
    globalConcurrency: policy.concurrency,
    now,
    sleep,
  });

  const statsByHost = new Map<string, SiteStats>();
  const stat = (host: string): SiteStats => {
    let s = statsByHost.get(host);
    if (!s) {
      s = {
        host,
        attempts: 0,
        retries: 0,
        ok: 0,
        blocked: 0,
        notFound: 0,
        gone: 0,
        rateLimited: 0,
        refused: 0,
        errors: 0,
      };
      statsByHost.set(host, s);
    }
    return s;
  };

  const robots = new RobotsCache(
    (robotsUrl) => fetchRobots(robotsUrl),
    policy.userAgent,
    (host, ms) => politeness.raiseDelay(host, ms),
  );

  let closed = false;

  /** One request under a total deadline; the body is read as far as the status needs. */
  async function exchange(url: URL, purpose: Purpose): Promise<Exchange> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, policy.timeoutMs);
    try {
      const res = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        signal: controller.signal,
        headers: {
          "user-agent": policy.userAgent,
          accept:
            purpose === "robots"
              ? "text/plain,*/*;q=0.5"
              : "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
          "accept-language": "zh-CN,zh;q=0.9,en;q=0.8",
          "accept-encoding": "gzip, deflate, br",
        },
      });
      const status = res.statusCode;
      const contentType = header(res.headers, "content-type") ?? null;
      const base = { type: "response" as const, status, headers: res.headers, contentType };
      const body = res.body as unknown as Readable & { dump(opts?: { limit: number }): Promise<void> };
      const location = header(res.headers, "location");
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        await body.dump({ limit: PEEK_BYTES }).catch(() => {});
        return { ...base, location };
      }
      const success = status >= 200 && status < 300;
      const peek = status === 401 || status === 403 || status === 429 || status === 503;
      if (!success && !peek) {
        await body.dump({ limit: PEEK_BYTES }).catch(() => {});
        return base;
      }
      const limit = purpose === "robots" ? Math.min(policy.maxBytes, ROBOTS_MAX_BYTES) : policy.maxBytes;
      const declared = Number(header(res.headers, "content-length"));
      if (success && purpose === "page") {
        if (contentType !== null && BINARY_TYPE.test(contentType)) {
          discardBody(body);
          return {
            ...base,
            readFailure: {
              ok: false,
              code: "decode_error",
              reason: `content-type ${contentType} is not a page`,
            },
          };
        }
        // A declared length over the cap is refused without reading a byte.
        if (Number.isFinite(declared) && declared > limit) {
          discardBody(body);
          return {
            ...base,
            readFailure: {
              ok: false,
              code: "too_large",
              reason: `content-length ${declared} exceeds ${limit} bytes`,
            },
          };
        }
      }
      const read = await readBody(
        body,
        header(res.headers, "content-encoding"),
        peek ? Math.min(limit, PEEK_BYTES) : limit,
        {
          truncate: peek || purpose === "robots",
          ...(Number.isSafeInteger(declared) && declared >= 0 ? { expectedBytes: declared } : {}),
        },
      );
      return read.ok ? { ...base, body: read.bytes, bodyAgain: read.again } : { ...base, readFailure: read };
    } catch (error) {
      if (timedOut)
        return {
          type: "network",
          code: "timeout",
          reason: `no complete response within ${policy.timeoutMs} ms`,
        };
      return { type: "network", ...networkCode(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** One hop with retries, under the host's politeness. */
  async function withRetries(
    url: URL,
    purpose: Purpose,
  ): Promise<{ exchange: Exchange; attempts: number; retryAfterMs?: number }> {
    const host = url.host;
    let attempts = 0;
    for (let retriesUsed = 0; ; retriesUsed++) {
      const release = await politeness.acquire(host);
      attempts++;
      if (purpose === "page") stat(host).attempts++;
      let result: Exchange;
      try {
        result = await exchange(url, purpose);
      } finally {
        release();
      }
      const status = result.type === "response" ? result.status : undefined;
      // A challenge page served as 429/503 is a block, not congestion: waiting will not help.
      if (result.type === "response" && (status === 429 || status === 503) && result.body) {
        const page = decodeForReading(result.body, result.contentType, SCAN_BYTES);
        const verdict = classifyPage({
          status: status,
          url: url.href,
          finalUrl: url.href,
          body: page.text,
          markupPrefix: page.markupPrefix,
        });
        if (verdict.kind === "blocked") return { exchange: result, attempts };
      }
      const retryAfterMs =
        result.type === "response"
          ? parseRetryAfter(header(result.headers, "retry-after"), now())
          : undefined;
      const decision = decideRetry(
        {
          retriesUsed,
          maxRetries: policy.retries,
          ...(status !== undefined ? { status } : {}),
          ...(result.type === "network" ? { errorCode: result.code } : {}),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        },
        tuning,
        random,
      );
      if (!decision.retry) {
        // Even when giving up, nobody else may hit the host before the server's deadline.
        if (decision.retryAfterMs !== undefined)
          politeness.pause(host, Math.min(decision.retryAfterMs, tuning.maxRetryAfterMs));
        return {
          exchange: result,
          attempts,
          ...(decision.retryAfterMs !== undefined ? { retryAfterMs: decision.retryAfterMs } : {}),
        };
      }
      if (decision.pauseHostMs !== undefined) politeness.pause(host, decision.pauseHostMs);
      if (purpose === "page") stat(host).retries++;
      await sleep(decision.delayMs);
    }
  }

  /** Follows redirects by hand: guard (and robots, for pages) before every hop. */
  async function followChain(start: URL, purpose: Purpose): Promise<Chain> {
    const maxRedirects = purpose === "robots" ? ROBOTS_MAX_REDIRECTS : policy.maxRedirects;
    let current = new URL(stripFragment(start));
    const visited = new Set([current.href]);
    let attempts = 0;
    for (let redirects = 0; ; ) {
      const guard = await checkUrlAddress(current.href, guardOptions);
      if (!guard.ok)
        return {
          type: "stop",
          stop: { kind: "refused", reason: `address guard: ${guard.reason}` },
          attempts,
        };
      pins.set(current.hostname, guard.address);
      if (purpose === "page" && policy.respectRobots) {
        const verdict = await robots.check(current.href);
        if (!verdict.allowed)
          return { type: "stop", stop: { kind: "refused", reason: verdict.reason }, attempts };
      }
      const hop = await withRetries(current, purpose);
      attempts += hop.attempts;
      const ex = hop.exchange;
      if (ex.type !== "response" || ex.location === undefined)
        return {
          type: "final",
          finalUrl: current.href,
          exchange: ex,
          attempts,
          ...(hop.retryAfterMs !== undefined ? { retryAfterMs: hop.retryAfterMs } : {}),
        };
      let next: URL;
      try {
        next = new URL(ex.location, current);
      } catch {
        return {
          type: "stop",
          stop: {
            kind: "error",
            code: "bad_redirect",
            reason: `unparseable Location "${ex.location.slice(0, 200)}"`,
          },
          attempts,
        };
      }
      next = new URL(stripFragment(next));
      if (purpose === "page") {
        // A redirect to a login or punish page is the answer; following it would only fetch the wall.
        const wall = classifyPage({ status: 200, url: current.href, finalUrl: next.href, body: "" });
        if (wall.kind === "blocked")
          return {
            type: "stop",
            stop: {
              kind: "blocked",
              finalUrl: next.href,
              status: ex.status,
              // A login page, or a punish/verification page (risk_handler): the wall says which.
              signal: wall.signal,
              reason: wall.reason,
            },
            attempts,
          };
      }
      if (visited.has(next.href))
        return {
          type: "stop",
          stop: { kind: "error", code: "redirect_loop", reason: `redirect loop back to ${next.href}` },
          attempts,
        };
      if (redirects >= maxRedirects)
        return {
          type: "stop",
          stop: { kind: "error", code: "too_many_redirects", reason: `more than ${maxRedirects} redirects` },
          attempts,
        };
      redirects++;
      visited.add(next.href);
      current = next;
    }
  }

  async function fetchRobots(robotsUrl: string): Promise<RobotsResponse> {
    const chain = await followChain(new URL(robotsUrl), "robots");
    if (chain.type === "stop") return { error: chain.stop.reason };
    const ex = chain.exchange;
    if (ex.type === "network") return { error: ex.code };
    if (ex.readFailure) return { error: ex.readFailure.code };
    return { status: ex.status, body: ex.body ? decodeBody(ex.body, ex.contentType).text : "" };
  }

  function toOutcome(url: string, started: number, chain: Chain): FetchOutcome {
    const attempts = chain.attempts;
    if (chain.type === "stop") {
      const stop = chain.stop;
      if (stop.kind === "refused") return { kind: "refused", url, reason: stop.reason, attempts };
      if (stop.kind === "blocked")
        return {
          kind: "blocked",
          url,
          finalUrl: stop.finalUrl,
          status: stop.status,
          signal: stop.signal,
          reason: stop.reason,
          attempts,
        };
      return { kind: "error", url, code: stop.code, reason: stop.reason, attempts };
    }
    const { finalUrl, exchange: ex } = chain;
    if (ex.type === "network") {
      if (ex.code === "address_refused")
        return { kind: "refused", url, reason: `address guard: ${ex.reason}`, attempts };
      return { kind: "error", url, code: ex.code, reason: ex.reason, attempts };
    }
    if (ex.readFailure)
      return { kind: "error", url, code: ex.readFailure.code, reason: ex.readFailure.reason, attempts };
    const { status } = ex;
    const raw = ex.body;
    const decoded = raw ? decodeForReading(raw, ex.contentType, SCAN_BYTES) : null;
    const verdict = classifyPage({
      status,
      url,
      finalUrl,
      body: decoded?.text ?? "",
      ...(decoded ? { markupPrefix: decoded.markupPrefix } : {}),
    });
    if (verdict.kind === "blocked")
      return {
        kind: "blocked",
        url,
        finalUrl,
        status,
        signal: verdict.signal,
        reason: verdict.reason,
        attempts,
      };
    if (status >= 200 && status < 300) {
      if (verdict.kind === "gone") return { kind: "gone", url, status, reason: verdict.reason, attempts };
      if (verdict.kind === "not_found")
        return { kind: "not_found", url, status, reason: verdict.reason, attempts };
      return {
        kind: "ok",
        url,
        finalUrl,
        status,
        contentType: ex.contentType,
        body: decoded?.text ?? "",
        fullBody: textOnCall(ex.bodyAgain, ex.contentType),
        bytes: raw?.byteLength ?? 0,
        charset: decoded?.charset ?? "utf-8",
        attempts,
        elapsedMs: now() - started,
        rendered: false,
      };
    }
    if (status === 404) return { kind: "not_found", url, status, reason: "HTTP 404", attempts };
    if (status === 410) return { kind: "gone", url, status, reason: "HTTP 410", attempts };
    if (status === 429 || status === 503)
      return {
        kind: "rate_limited",
        url,
        status,
        reason: `HTTP ${status} after ${attempts} attempt(s)`,
        attempts,
        ...(chain.retryAfterMs !== undefined ? { retryAfterMs: chain.retryAfterMs } : {}),
      };
    if (status >= 300 && status < 400)
      return {
        kind: "error",
        url,
        code: "bad_redirect",
        reason: `HTTP ${status} without a usable Location`,
        attempts,
      };
    return { kind: "error", url, code: `http_${status}`, reason: `HTTP ${status}`, attempts };
  }

  function record(host: string, outcome: FetchOutcome): FetchOutcome {
    const s = stat(host);
    switch (outcome.kind) {
      case "ok":
        s.ok++;
        break;
      case "blocked":
        s.blocked++;
        break;
      case "not_found":
        s.notFound++;
        break;
      case "gone":
        s.gone++;
        break;
      case "rate_limited":
        s.rateLimited++;
        break;
      case "refused":
        s.refused++;
        break;
      case "error":
        s.errors++;
        break;
    }
    return outcome;
  }

  return {
    async fetch(url: string): Promise<FetchOutcome> {
      if (closed) throw new PricewardenError("INTERNAL", "fetch() on a closed fetcher");
      const started = now();
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return { kind: "error", url, code: "invalid_url", reason: "not a valid URL", attempts: 0 };
      }
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
        return record(parsed.host, {
          kind: "refused",
          url,
          reason: `scheme ${parsed.protocol} is not fetched`,
          attempts: 0,
        });
      try {
        return record(parsed.host, toOutcome(url, started, await followChain(parsed, "page")));
      } catch (error) {
        // Hostile input must not take the stage down; the reason keeps the bug visible.
        return record(parsed.host, {
          kind: "error",
          url,
          code: "internal",
          reason: error instanceof Error ? error.message : String(error),
          attempts: 0,
        });
      }
    },
    stats(): SiteStats[] {
      return [...statsByHost.values()].map((s) => ({ ...s }));
    },
    abort(): void {
      closed = true;
      agent.destroy().catch(() => {});
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await agent.close();
    },
  };
}

/**
 * The whole page as text, decoded when asked. Made out here so the closure holds only what it
 * names, not the fetch's decoded bytes: a page waits through the store's round trips with it.
 */
function textOnCall(again: (() => Buffer) | undefined, contentType: string | null): () => string {
  return () => (again ? decodeBody(again(), contentType).text : "");
}
