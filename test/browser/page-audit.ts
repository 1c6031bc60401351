import type { ConsoleMessage, Page } from "playwright-core";

/** What a page did wrong while it was open: console errors (CSP refusals among them), script errors. */
export interface PageWatch {
  problems(): string[];
  clear(): void;
}

/**
 * Collects console errors, uncaught errors, failed subresources and CSP violations. Chromium
 * reports a refused style, image or script on the console as an error; the
 * `securitypolicyviolation` event is recorded as well, in case a later Chromium stops logging it.
 */
export async function watchPage(page: Page): Promise<PageWatch> {
  const seen: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error") seen.push(`console: ${message.text()} (${page.url()})`);
  });
  page.on("pageerror", (error) => seen.push(`page error: ${error.message} (${page.url()})`));
  page.on("requestfailed", (request) => {
    // A navigation replaced by the next one is aborted, not broken.
    if (request.failure()?.errorText === "net::ERR_ABORTED" && request.isNavigationRequest()) return;
    seen.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`);
  });
  await page.exposeBinding("__reportCspViolation", (_source, text: string) => seen.push(`CSP: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation?: (text: string) => void })
        .__reportCspViolation;
      report?.(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`);
    });
  });
  return { problems: () => [...seen], clear: () => seen.splice(0) };
}

export interface Overflow {
  /** `document.documentElement.scrollWidth`, and the viewport's width (innerWidth, clientWidth). */
  scrollWidth: number;
  innerWidth: number;
  clientWidth: number;
  /** Elements whose right edge is beyond the viewport and not inside a container that scrolls or clips. */
  sticking: string[];
}

/** How far the page reaches past the right edge of the viewport. */
export function measureOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const clipsX = (el: Element) => {
      const overflowX = getComputedStyle(el).overflowX;
      return overflowX === "auto" || overflowX === "scroll" || overflowX === "hidden" || overflowX === "clip";
    };
    const insideClip = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
        if (clipsX(up)) return true;
      return false;
    };
    const describe = (el: Element, right: number) => {
      const cls = el.getAttribute("class");
      const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${cls ? `.${cls.split(/\s+/).join(".")}` : ""} right=${Math.round(right)} "${text}"`;
    };
    const sticking: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      if (rect.right > viewport + 0.5 && !insideClip(el)) sticking.push(describe(el, rect.right));
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      clientWidth: viewport,
      sticking: sticking.slice(0, 20),
    };
  });
}

/** Controls a finger aims at that are shorter than `min` px (hidden ones aside). */
export function smallTargets(page: Page, min = 44): Promise<string[]> {
  return page.evaluate((minimum) => {
    const selector = [
      "button",
      "select",
      "textarea",
      "input:not([type=hidden]):not([type=checkbox]):not([type=radio])",
      "header a",
      "nav a",
      "form a",
      ".pager a",
    ].join(",");
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll(selector))) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      if (rect.height < minimum - 0.5) {
        const text = (el.textContent ?? el.getAttribute("name") ?? "")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 30);
        small.push(`${el.tagName.toLowerCase()} "${text}" ${Math.round(rect.height)} px`);
      }
    }
    return small;
  }, min);
}
