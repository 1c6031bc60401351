/**
 * Runner (d): the render path, on the marketplace's render variant (/r/item/<id>.html: no
 * JSON-LD, the selling price written by an inline script, a stylesheet, a web font, a script
 * and images to load).
 *
 *   --engine pricewarden   Pricewarden's renderer (functions/crawl/render): one browser, a
 *                          context per render, `blockResources: true`.
 *   --engine playwright    plain Playwright: the same Chromium binary and CJK font, launched
 *                          with @sparticuz/chromium's documented `chromium.args` (less
 *                          --single-process), a new page per URL (`browser.newPage()`), default
 *                          settings, no blocking, `waitUntil: "load"`, then `page.content()`.
 *   --engine playwright-same-flags
 *                          the same, launched with Pricewarden's flags (chromiumArgs()).
 *
 * Both extract with Pricewarden's `extractListing` and the channel profile, so only the
 * rendering differs. One page is rendered before the window opens (browser launch and warm-up
 * are not measured). CPU includes the browser's processes (reaped children, counted once the
 * browser is closed inside the window).
 */
import chromium from "@sparticuz/chromium";
import type { Browser } from "playwright-core";
import { chromiumArgs, launchChromium } from "../functions/crawl/render/chromium-launch.js";
import { createRenderer } from "../functions/crawl/render/chromium-renderer.js";
import { extractListing } from "../functions/extract/extract-listing.js";
import { catalog, type ExtractedFields, MARKET_PROFILE } from "./catalog.js";
import { detached, measure, parseRunnerArgs, pool, report, score } from "./harness.js";

const args = parseRunnerArgs();
const engine = args.flags.get("engine") ?? "pricewarden";
const renderPages = Math.min(args.products, Number(args.flags.get("render-pages") ?? 300));
const paths = catalog(renderPages).map((p) => `/r${p.path}`);
const results = new Map<string, ExtractedFields>();
let failures = 0;

function keep(path: string, html: string, url: string): void {
  const listing = extractListing(html, url, MARKET_PROFILE);
  results.set(
    path.replace(/^\/r/, ""),
    detached({
      title: listing.title,
      price: listing.price,
      availability: listing.availability,
      seller: listing.seller,
    }),
  );
}

type RenderOne = (path: string) => Promise<void>;
let renderOne: RenderOne;
let shutdown: () => Promise<void>;

// The bench sites run on 127.0.0.1: the operator's opt-in to local targets (functions/net).
process.env.PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES ??= "1";
if (engine === "pricewarden") {
  const renderer = createRenderer({
    allowPrivateAddresses: true,
    timeoutMs: 60_000,
    maxBytes: 5 * 1024 * 1024,
    userAgent: "Pricewarden-bench/1.0",
    concurrency: args.concurrency,
  });
  renderOne = async (path) => {
    const url = `${args.origin}${path}`;
    const { outcome } = await renderer.render(url, { blockResources: true });
    if (outcome.kind !== "ok") {
      failures++;
      process.stderr.write(`render ${path}: ${outcome.kind} ${"reason" in outcome ? outcome.reason : ""}\n`);
      return;
    }
    keep(path, outcome.body, outcome.finalUrl);
  };
  shutdown = () => renderer.close();
} else if (engine === "playwright" || engine === "playwright-same-flags") {
  // Plain Playwright launches @sparticuz/chromium as that package documents (`chromium.args`),
  // less --single-process, with which a page's own context closing kills the browser. The
  // same-flags variant gets Pricewarden's launch flags instead, to show what the flags alone do.
  const browser: Browser = await launchChromium(
    engine === "playwright" ? chromium.args.filter((flag) => flag !== "--single-process") : chromiumArgs(),
  );
  renderOne = async (path) => {
    const url = `${args.origin}${path}`;
    const page = await browser.newPage();
    try {
      await page.goto(url, { waitUntil: "load", timeout: 60_000 });
      keep(path, await page.content(), page.url());
    } catch (error) {
      failures++;
      process.stderr.write(
        `render ${path}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`,
      );
    } finally {
      await page.close();
    }
  };
  shutdown = () => browser.close();
} else throw new Error("--engine pricewarden|playwright|playwright-same-flags");

// Launch and warm up outside the window: the listing page is not one of the measured pages.
await renderOne("/list?page=1").catch(() => undefined);
results.clear();
failures = 0;

const { window } = await measure(() => pool(paths, args.concurrency, renderOne), {
  tree: true,
  finish: shutdown,
});

if (failures > 0) process.stderr.write(`${engine}: ${failures} renders failed\n`);
const result = report(
  args,
  `render-${engine}`,
  engine === "pricewarden"
    ? "Pricewarden renderer: browser reused, context per page, images/fonts/CSS blocked"
    : engine === "playwright"
      ? "Plain Playwright: @sparticuz/chromium's args, browser.newPage() per URL, no blocking, waitUntil load"
      : "Plain Playwright with Pricewarden's launch flags: browser.newPage() per URL, no blocking, waitUntil load",
  window,
  { pages: results.size, listingPages: 0 },
  score(results, renderPages),
);
process.stdout.write(`${JSON.stringify({ runner: result.runner, pagesPerSec: result.pagesPerSec })}\n`);
