import type { Renderer } from "../crawl/render/chromium-renderer.js";

export type ScreenshotResult =
  | { ok: true; png: Uint8Array; url: string; renderOutcome: string }
  | { ok: false; url: string; reason: string };

/** A full-page PNG of a URL as Chromium (with the CJK font) shows it, or why there is none. */
export type PageScreenshot = (url: string) => Promise<ScreenshotResult>;

const MAX_REASON = 500;

/** Screenshots through the crawl renderer, so the address guard and size caps apply as in a crawl. */
export function screenshotWithRenderer(renderer: Renderer): PageScreenshot {
  return async (url) => {
    try {
      const result = await renderer.render(url, { screenshot: true });
      if (result.screenshot && result.screenshot.length > 0)
        return { ok: true, png: result.screenshot, url, renderOutcome: result.outcome.kind };
      const outcome = result.outcome;
      const why =
        result.screenshotError ??
        (outcome.kind === "ok"
          ? "Chromium returned no image"
          : `the page rendered as ${outcome.kind}: ${outcome.reason}`);
      return { ok: false, url, reason: why.slice(0, MAX_REASON) };
    } catch (error) {
      return { ok: false, url, reason: `Chromium failed: ${(error as Error).message}`.slice(0, MAX_REASON) };
    }
  };
}
