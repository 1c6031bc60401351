import type { APIResponse, Browser, BrowserContext, Page, Response, Route } from "playwright-core";
import type { StorageState } from "../../core/browser-session.js";
import { type CapturedResponse, keptHeaders } from "../../core/captured-response.js";
import { PricewardenError } from "../../core/errors.js";
import type { FetchOutcome } from "../../core/fetch-outcome.js";
import { type AddressCheck, checkUrlAddress } from "../../net/address-guard.js";
import { outboundPolicy } from "../../net/outbound-policy.js";
import { classifyPage } from "../classify-page.js";
import { launchChromiumWithSandbox, renderChromiumArgs } from "./chromium-launch.js";
import type { SandboxMode } from "./chromium-sandbox.js";
import { Semaphore } from "./semaphore.js";

export interface RendererOptions {
  allowPrivateAddresses: boolean;
  /** Budget for one render: navigation, settling, reading the DOM and the screenshot. */
  timeoutMs: number;
  /** Cap on the document as served and as rendered (UTF-8 bytes). */
  maxBytes: number;
  userAgent: string;
  /** Renders in flight at once; each holds a browser context. */
  concurrency?: number;
  /** Address policy for every request; defaults to the address guard with allowPrivateAddresses. */
  checkAddress?: (url: string) => Promise<AddressCheck>;
  /** Chromium's flags; default renderChromiumArgs(). Tests use it to show what the hardening stops. */
  launchArgs?: string[];
}

export interface RenderOptions {
  /** This render's budget instead of the renderer's `timeoutMs`. */
  timeoutMs?: number;
  /** Full-page PNG of the rendered page (for ok and blocked pages). */
  screenshot?: boolean;
  /** Data only: skip images, fonts and stylesheets. */
  blockResources?: boolean;
  /** Ends the render early (its page is closed); the outcome is then an `aborted` error. */
  signal?: AbortSignal;
  /**
   * Responses to keep for extraction (the channel's response sources): what the page's own script
   * received, handed over as a HAR's entries are. Regular expressions (case-insensitive) on the
   * request URL; data, so that a renderer in another function can be told them.
   */
  recordUrls?: readonly string[];
  /** A customer's signed-in session (cookies + local storage) to browse with. */
  storageState?: StorageState;
  /**
   * Awaited right before the page is requested (after the browser context is ready), so that a
   * session's pacing counts the moment the platform sees the request; false cancels the render.
   */
  beforeNavigate?: () => Promise<boolean>;
}

export interface RenderResult {
  outcome: FetchOutcome;
  screenshot?: Buffer;
  /** Why a requested screenshot is missing although the page loaded. */
  screenshotError?: string;
  /** Subresource and redirect URLs the address policy refused, with the reason. */
  refused: Array<{ url: string; reason: string }>;
}

export interface Renderer {
  render(url: string, options?: RenderOptions): Promise<RenderResult>;
  close(): Promise<void>;
}

/** A renderer with its own Chromium. */
export interface ChromiumRenderer extends Renderer {
  /** Whether the browser runs in Chromium's sandbox (undefined until it has launched). */
  sandboxMode(): SandboxMode | undefined;
}

/** Never needed to read a price or to show a page as evidence; media can be huge. */
const ALWAYS_BLOCKED = new Set(["media", "eventsource", "manifest", "texttrack"]);
const DATA_ONLY_BLOCKED = new Set(["image", "font", "stylesheet"]);
const MAX_REDIRECTS = 10;
/** After `load`, wait at most this long for the network to go quiet (prices fetched by XHR). */
const SETTLE_MS = 3_000;
const VIEWPORT = { width: 1280, height: 900 };

/** Per-render state written by the route handler and read by the navigation loop. */
interface RenderState {
  page?: Page;
  refusedMain?: string;
  tooLarge?: number;
  redirectTo?: string;
  mainFailure?: string;
  refused: Array<{ url: string; reason: string }>;
  /** Responses kept for `RenderOptions.record`, in the order they arrived. */
  responses: CapturedResponse[];
}

/** Bounds on what a render keeps of its page's calls: a hostile page can make thousands. */
const MAX_RECORDED_RESPONSES = 50;
const MAX_RECORDED_BYTES = 4 * 1024 * 1024;

class DeadlineError extends Error {}

export function createRenderer(opts: RendererOptions): ChromiumRenderer {
  const slots = new Semaphore(opts.concurrency ?? 2);
  const checkAddress =
    opts.checkAddress ??
    ((url: string) =>
      checkUrlAddress(url, {
        allowPrivate: outboundPolicy({ allowPrivateAddresses: opts.allowPrivateAddresses }).allowPrivate,
      }));
  let browser: Promise<Browser> | undefined;
  let sandbox: SandboxMode | undefined;
  let closed = false;
  const contexts = new Set<BrowserContext>();

  const getBrowser = (): Promise<Browser> => {
    browser ??= launchChromiumWithSandbox(opts.launchArgs ?? renderChromiumArgs()).then(
      ({ browser: launched, sandbox: mode }) => {
        sandbox = mode;
        // A crashed browser is replaced on the next render.
        launched.on("disconnected", () => {
          browser = undefined;
        });
        return launched;
      },
      (error: unknown) => {
        browser = undefined;
        throw new PricewardenError("INTERNAL", "cannot launch Chromium", { cause: error });
      },
    );
    return browser;
  };

  async function renderOnce(url: string, options: RenderOptions): Promise<RenderResult> {
    const budgetMs = options.timeoutMs ?? opts.timeoutMs;
    // The budget runs from the navigation: launching the browser and waiting for a session's
    // pacing slot are not the page's time.
    let started = performance.now();
    let deadline = Number.POSITIVE_INFINITY;
    const remaining = () => Math.max(1, Math.floor(Math.min(deadline - performance.now(), budgetMs)));
    const state: RenderState = { refused: [], responses: [] };
    // Once the caller gave up, whatever failed next failed because the page was closed.
    const fail = (code: string, reason: string): RenderResult => ({
      outcome: options.signal?.aborted
        ? { kind: "error", url, code: "aborted", reason: "the render was given up", attempts: 1 }
        : { kind: "error", url, code, reason, attempts: 1 },
      refused: state.refused,
    });

    if (options.signal?.aborted) return fail("aborted", "the render was given up");
    const first = await checkAddress(url);
    if (!first.ok)
      return { outcome: { kind: "refused", url, reason: first.reason, attempts: 1 }, refused: [] };

    const context = await (await getBrowser()).newContext({
      userAgent: opts.userAgent,
      viewport: VIEWPORT,
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
      // Requests made by service workers bypass routing, hence the guard.
      serviceWorkers: "block",
      acceptDownloads: false,
      ...(options.storageState ? { storageState: options.storageState } : {}),
    });
    contexts.add(context);
    // Closing the context ends every navigation and evaluation of the page at once.
    const abandon = () => void context.close().catch(() => undefined);
    options.signal?.addEventListener("abort", abandon, { once: true });
    // Given up while the address was checked or the browser launched: the listener came too late.
    if (options.signal?.aborted) abandon();
    try {
      const routeOptions = { ...options, record: recordMatcher(options.recordUrls) };
      await context.route("**/*", (route) =>
        handleRoute(route, state, routeOptions, opts.maxBytes, checkAddress, remaining),
      );
      await context.routeWebSocket(/.*/, async (ws) => {
        const verdict = await checkAddress(ws.url().replace(/^ws/, "http"));
        if (verdict.ok) ws.connectToServer();
        else {
          state.refused.push({ url: ws.url(), reason: verdict.reason });
          await ws.close({ code: 1008, reason: "refused" });
        }
      });
      const page = await context.newPage();
      state.page = page;
      if (options.beforeNavigate && !(await options.beforeNavigate()))
        return fail("cancelled", "the render was cancelled before its page was requested");
      // Pop-ups are not what was asked for; closing them also stops their requests.
      context.on("page", (popup) => void popup.close().catch(() => undefined));
      started = performance.now();
      deadline = started + budgetMs;

      let target = url;
      let response: Response | null = null;
      for (let hops = 0; ; hops++) {
        state.redirectTo = undefined;
        try {
          response = (await page.goto(target, { waitUntil: "load", timeout: remaining() })) ?? response;
        } catch (error) {
          if (state.refusedMain !== undefined)
            return {
              outcome: { kind: "refused", url, reason: state.refusedMain, attempts: 1 },
              refused: state.refused,
            };
          if (state.tooLarge !== undefined)
            return fail(
              "too_large",
              `document is ${state.tooLarge} bytes, over the ${opts.maxBytes} byte cap`,
            );
          if (state.redirectTo === undefined) {
            if (isTimeout(error)) return fail("timeout", `navigation did not finish within ${budgetMs} ms`);
            return fail("navigation_failed", state.mainFailure ?? firstLine(error));
          }
        }
        if (state.redirectTo === undefined) {
          await page
            .waitForLoadState("networkidle", { timeout: Math.min(SETTLE_MS, remaining()) })
            .catch(() => {
              // A page that keeps polling is read as it stands.
            });
          if (state.refusedMain !== undefined)
            return {
              outcome: { kind: "refused", url, reason: state.refusedMain, attempts: 1 },
              refused: state.refused,
            };
        }
        if (state.redirectTo === undefined) break;
        if (hops >= MAX_REDIRECTS) return fail("too_many_redirects", `more than ${MAX_REDIRECTS} redirects`);
        target = state.redirectTo;
      }

      const status = response?.status() ?? 200;
      const finalUrl = page.url();
      if (status === 429) {
        const retryAfterMs = parseRetryAfter(response?.headers()["retry-after"]);
        return {
          outcome: {
            kind: "rate_limited",
            url,
            status,
            reason: "HTTP 429",
            attempts: 1,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          },
          refused: state.refused,
        };
      }

      let body: string;
      let charset: string;
      try {
        [body, charset] = await beforeDeadline(
          Promise.all([page.content(), page.evaluate(() => document.characterSet)]),
          remaining(),
        );
      } catch (error) {
        // A script that never yields blocks every evaluation.
        if (error instanceof DeadlineError)
          return fail("timeout", `page did not yield its DOM within ${budgetMs} ms`);
        return fail("navigation_failed", firstLine(error));
      }
      const bytes = Buffer.byteLength(body, "utf8");
      if (bytes > opts.maxBytes)
        return fail("too_large", `rendered document is ${bytes} bytes, over the ${opts.maxBytes} byte cap`);

      const verdict = classifyPage({ status, url, finalUrl, body });
      let outcome: FetchOutcome;
      if (verdict.kind === "blocked")
        outcome = {
          kind: "blocked",
          url,
          finalUrl,
          status,
          signal: verdict.signal,
          reason: verdict.reason,
          attempts: 1,
        };
      else if (verdict.kind === "not_found")
        outcome = { kind: "not_found", url, status, reason: verdict.reason, attempts: 1 };
      else if (verdict.kind === "gone")
        outcome = { kind: "gone", url, status, reason: verdict.reason, attempts: 1 };
      else if (status >= 400)
        outcome = { kind: "error", url, code: `http_${status}`, reason: `HTTP ${status}`, attempts: 1 };
      else
        outcome = {
          kind: "ok",
          url,
          finalUrl,
          status,
          contentType: response?.headers()["content-type"] ?? null,
          body,
          fullBody: () => body,
          bytes,
          charset,
          attempts: 1,
          elapsedMs: Math.round(performance.now() - started),
          rendered: true,
          ...(options.recordUrls ? { responses: state.responses } : {}),
        };

      const result: RenderResult = { outcome, refused: state.refused };
      if (options.screenshot && (outcome.kind === "ok" || outcome.kind === "blocked")) {
        try {
          result.screenshot = await page.screenshot({ fullPage: true, type: "png", timeout: remaining() });
        } catch (error) {
          result.screenshotError = firstLine(error);
        }
      }
      return result;
    } catch (error) {
      if (options.signal?.aborted) return fail("aborted", "the render was given up");
      throw error;
    } finally {
      options.signal?.removeEventListener("abort", abandon);
      contexts.delete(context);
      // Closing the context closes its pages and aborts what they still load.
      await context.close().catch(() => undefined);
    }
  }

  return {
    sandboxMode: () => sandbox,
    async render(url, options = {}) {
      const closedError = () => new PricewardenError("INTERNAL", "renderer is closed");
      if (closed) throw closedError();
      return slots.run(() => {
        // A render queued before close() must not relaunch the browser.
        if (closed) throw closedError();
        return renderOnce(url, options);
      });
    },
    async close() {
      closed = true;
      const pending = browser;
      browser = undefined;
      await Promise.all([...contexts].map((context) => context.close().catch(() => undefined)));
      if (pending) await (await pending.catch(() => undefined))?.close();
    },
  };
}

/**
 * Every request goes through here. Playwright does not route redirect hops, so requests are
 * fetched hop by hop (maxRedirects 0) and each Location passes the address policy before it is
 * followed. A main-frame redirect is aborted and re-navigated by the render loop, so the page's
 * URL stays true; other redirects are followed here and fulfilled under the original URL.
 */
async function handleRoute(
  route: Route,
  state: RenderState,
  options: RenderOptions & { record: (url: string) => boolean },
  maxBytes: number,
  checkAddress: (url: string) => Promise<AddressCheck>,
  remaining: () => number,
): Promise<void> {
  const request = route.request();
  const type = request.resourceType();
  let isMain = false;
  try {
    isMain = request.isNavigationRequest() && request.frame() === state.page?.mainFrame();
  } catch {
    // Requests without a frame (workers) are subresources.
  }
  try {
    if (ALWAYS_BLOCKED.has(type) || (options.blockResources && DATA_ONLY_BLOCKED.has(type))) {
      await route.abort("blockedbyclient");
      return;
    }
    let hopUrl = request.url();
    let method = request.method();
    let postData = request.postDataBuffer() ?? undefined;
    const verdict = await checkAddress(hopUrl);
    if (!verdict.ok) {
      refuse(state, isMain, hopUrl, verdict.reason);
      await route.abort("blockedbyclient");
      return;
    }
    for (let hops = 0; ; hops++) {
      const response = await route.fetch({
        url: hopUrl,
        method,
        ...(postData === undefined ? {} : { postData }),
        maxRedirects: 0,
        timeout: remaining(),
      });
      const location = response.headers()["location"];
      const status = response.status();
      if (status < 300 || status > 399 || location === undefined) {
        if (isMain) {
          const size = (await response.body()).length;
          if (size > maxBytes) {
            state.tooLarge = size;
            await route.abort("blockedbyclient");
            return;
          }
        }
        if (!isMain && options.record(request.url())) await keep(state, request.url(), response);
        await route.fulfill({ response });
        return;
      }
      const next = new URL(location, hopUrl).href;
      const nextVerdict = await checkAddress(next);
      if (!nextVerdict.ok) {
        refuse(state, isMain, next, `redirect from ${hopUrl}: ${nextVerdict.reason}`);
        await route.abort("blockedbyclient");
        return;
      }
      if (isMain) {
        state.redirectTo = next;
        await route.abort("aborted");
        return;
      }
      if (hops >= MAX_REDIRECTS) {
        await route.abort("failed");
        return;
      }
      if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
        method = "GET";
        postData = undefined;
      }
      hopUrl = next;
    }
  } catch (error) {
    if (isMain) state.mainFailure = firstLine(error);
    // The page or context may be gone already; nothing is left to abort then.
    await route.abort("failed").catch(() => undefined);
  }
}

/** Whether a request's response is kept; a pattern that does not compile keeps nothing. */
function recordMatcher(patterns: readonly string[] | undefined): (url: string) => boolean {
  const compiled = (patterns ?? []).flatMap((pattern) => {
    try {
      return [new RegExp(pattern, "i")];
    } catch {
      return [];
    }
  });
  return (url) => compiled.some((pattern) => pattern.test(url));
}

/** Keeps a response the channel's sources read, bounded in count and size. */
async function keep(state: RenderState, url: string, response: APIResponse): Promise<void> {
  if (state.responses.length >= MAX_RECORDED_RESPONSES) return;
  const body = await response.body().catch(() => Buffer.alloc(0));
  if (body.length > MAX_RECORDED_BYTES) return;
  const headers = keptHeaders(response.headers());
  state.responses.push({
    url: url.slice(0, 8192),
    status: response.status(),
    headers,
    body: body.toString("utf8"),
  });
}

function refuse(state: RenderState, isMain: boolean, url: string, reason: string): void {
  if (isMain) state.refusedMain = reason;
  else state.refused.push({ url, reason });
}

function beforeDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError()), ms);
  });
  // The losing evaluation rejects once the context closes; nobody needs that rejection.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "TimeoutError";
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? message).slice(0, 300);
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
