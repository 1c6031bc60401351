import type { Browser } from "playwright-core";
import { PricewardenError } from "../core/errors.js";
import { launchChromium } from "../crawl/render/chromium-launch.js";

/** Turns the summary HTML into a PDF. */
export interface SummaryPdfRenderer {
  render(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * Chromium (from @sparticuz/chromium, with the CJK font) prints the summary. The page runs with
 * JavaScript off and every request aborted: the template is self-contained, and crawled text in
 * it must not be able to fetch anything even if escaping were ever wrong.
 */
export function createChromiumPdfRenderer(): SummaryPdfRenderer {
  let browser: Promise<Browser> | undefined;
  const getBrowser = () => {
    browser ??= launchChromium().catch((error: unknown) => {
      browser = undefined;
      throw new PricewardenError("INTERNAL", "cannot launch Chromium for the PDF summary", { cause: error });
    });
    return browser;
  };
  return {
    async render(html) {
      const context = await (await getBrowser()).newContext({ javaScriptEnabled: false, offline: true });
      try {
        await context.route("**/*", (route) => route.abort("blockedbyclient"));
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: "load" });
        return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close().catch(() => undefined);
      }
    },
    async close() {
      const pending = browser;
      browser = undefined;
      if (pending) await (await pending.catch(() => undefined))?.close();
    },
  };
}
