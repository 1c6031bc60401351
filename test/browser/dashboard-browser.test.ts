import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/crawl/render/chromium-launch.js";
import { type DashboardStack, type DashboardUser, startDashboardStack } from "./dashboard-stack.js";
import { measureOverflow, type PageWatch, smallTargets, watchPage } from "./page-audit.js";
import { pageKind, tourPages } from "./page-tour.js";

/** Screenshots to look at (gitignored): `test-results/browser/<who>-<locale>-<width>-<page>.png`. */
const SHOTS = join("test-results", "browser");

const BRAND: DashboardUser = { role: "brand", email: "li.na@anke.example" };
const DISTRIBUTOR_ID = "dist-sh";
const DISTRIBUTOR: DashboardUser = {
  role: "distributor",
  email: "ops@kangheng.example",
  distributorId: DISTRIBUTOR_ID,
};
const LOCALES = ["zh-CN", "en"] as const;
const WIDTHS = [1366, 390] as const;
type Locale = (typeof LOCALES)[number];
/** Generous: a loaded 2-core machine runs Chromium, the store and the server at once. */
const TOUR_TIMEOUT_MS = 300_000;
const ACTION_TIMEOUT_MS = 180_000;
type Width = (typeof WIDTHS)[number];

let stack: DashboardStack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [stack, browser] = await Promise.all([startDashboardStack(), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

interface Session {
  context: BrowserContext;
  page: Page;
  watch: PageWatch;
  shot(name: string): Promise<void>;
}

/**
 * A phone (390 px, touch, the WeCom in-app browser's size) or a laptop (1366 px), asking for
 * `locale` as a browser does (Accept-Language), signed in as `user` through the hosted UI.
 */
async function signedIn(user: DashboardUser, locale: Locale, width: Width): Promise<Session> {
  const phone = width === 390;
  const context = await browser.newContext({
    viewport: { width, height: phone ? 844 : 900 },
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}),
    locale: locale === "zh-CN" ? "zh-CN" : "en-US",
    timezoneId: "Asia/Shanghai",
  });
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  const watch = await watchPage(page);
  stack.signInAs(user);
  const landed = await page.goto(`${stack.url}/`, { waitUntil: "load" });
  expect(landed?.status()).toBe(200);
  expect(new URL(page.url()).origin).toBe(stack.url);
  await expect.poll(() => page.textContent("header")).toContain(user.email);
  const who = `${user.role}-${locale}-${width}`;
  return {
    context,
    page,
    watch,
    shot: async (name) => {
      // The first screen is what a person sees on opening the page; the full page is for scrolling through.
      await page.screenshot({ path: join(SHOTS, `${who}-${name}.png`) });
      await page.screenshot({ path: join(SHOTS, `${who}-${name}.full.png`), fullPage: true });
    },
  };
}

/** A file name for a page: its path and query names, e.g. `alerts-id`, `history-sku`. */
function shotName(url: string): string {
  const kind = pageKind(url, stack.url) ?? "page";
  return kind.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home";
}

/** The page fits the viewport: nothing reaches past its right edge except inside a scroller. */
async function expectNoOverflow(page: Page, width: Width) {
  const overflow = await measureOverflow(page);
  const where = page.url();
  expect(overflow.clientWidth, where).toBe(width);
  expect(overflow.innerWidth, where).toBe(width);
  expect(overflow.sticking, where).toEqual([]);
  expect(overflow.scrollWidth, where).toBeLessThanOrEqual(overflow.innerWidth);
}

const people = [
  ["brand", BRAND],
  ["distributor", DISTRIBUTOR],
] as const;

describe.each(people)("the dashboard as %s", (_role, user) => {
  describe.each(LOCALES)("in %s", (locale) => {
    it.each(WIDTHS)(
      "every page reachable from the navigation loads without errors and fits %i px",
      async (width) => {
        const session = await signedIn(user, locale, width);
        try {
          const { page, watch } = session;
          const htmlLang = locale === "zh-CN" ? "zh-CN" : "en";
          const visited = await tourPages(page, stack.url, "/", async (url) => {
            const response = await page.goto(url, { waitUntil: "load" }).catch(async (error: Error) => {
              // A link to a file (an evidence bundle): downloaded, not shown; it must still answer 200.
              if (!error.message.includes("Download is starting")) throw error;
              return null;
            });
            if (response === null) {
              expect((await session.context.request.get(url)).status(), url).toBe(200);
              return;
            }
            expect(response?.status(), url).toBe(200);
            expect(await page.getAttribute("html", "lang"), url).toBe(htmlLang);
            await expectNoOverflow(page, width);
            if (width === 390) expect(await smallTargets(page), url).toEqual([]);
            await session.shot(shotName(url));
          });
          expect(watch.problems()).toEqual([]);
          // The alert list, an alert, sellers, history and the pre-check at least; the brand's review and imports.
          const kinds = new Set(visited.map((url) => pageKind(url, stack.url)));
          expect([...kinds].some((k) => k?.startsWith("/alerts/:id"))).toBe(true);
          for (const path of ["/sellers", "/history", "/check"]) expect(kinds).toContain(path);
          for (const path of ["/review", "/imports"]) expect(kinds.has(path)).toBe(user.role === "brand");
        } finally {
          await session.context.close();
        }
      },
      TOUR_TIMEOUT_MS,
    );
  });
});

/** The page after a form post lands (the post answers with a redirect or a page). */
async function submit(page: Page, button: ReturnType<Page["locator"]>) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), button.click()]);
  return response;
}

/** The first alert whose page offers "acknowledge": an open alert. */
async function openAlertPage(page: Page): Promise<string> {
  await page.goto(`${stack.url}/alerts`, { waitUntil: "load" });
  const links = await page.$$eval('main a[href^="/alerts/"]', (anchors) =>
    anchors.map((a) => (a as HTMLAnchorElement).href),
  );
  for (const href of links) {
    if (pageKind(href, stack.url) !== "/alerts/:id") continue;
    await page.goto(href, { waitUntil: "load" });
    if ((await page.locator("form:has(input[name=verb][value=acknowledge])").count()) > 0) return href;
  }
  throw new Error(`no open alert among ${links.length} links on ${page.url()}`);
}

describe.each([
  ["zh-CN", 390],
  ["en", 1366],
] as const)("actions in %s at %i px", (locale, width) => {
  it(
    "a brand user acknowledges an alert with a note and sees it confirmed",
    async () => {
      const session = await signedIn(BRAND, locale, width);
      try {
        const { page, watch } = session;
        const alertUrl = await openAlertPage(page);
        const form = page.locator("form:has(input[name=verb][value=acknowledge])").first();
        const note = `已电话联系店铺 ${locale} ${width}`;
        expect(await form.locator("[name=note]").count(), "a note field in the acknowledge form").toBe(1);
        await form.locator("[name=note]").fill(note);
        const landed = await submit(page, form.locator("button[type=submit]"));
        expect(landed?.status()).toBe(200);
        // The confirmation, on the alert's page, which keeps the note and no longer offers to acknowledge.
        expect(new URL(page.url()).pathname).toBe(new URL(alertUrl).pathname);
        await expect.poll(() => page.locator("main [role=status]").count()).toBe(1);
        expect(await page.textContent("main")).toContain(note);
        expect(await page.locator("form:has(input[name=verb][value=acknowledge])").count()).toBe(0);
        await expectNoOverflow(page, width);
        if (width === 390) expect(await smallTargets(page)).toEqual([]);
        await session.shot("action-acknowledged");
        expect(watch.problems()).toEqual([]);
      } finally {
        await session.context.close();
      }
    },
    ACTION_TIMEOUT_MS,
  );

  it(
    "a brand user filters the alert list by channel",
    async () => {
      const session = await signedIn(BRAND, locale, width);
      try {
        const { page, watch } = session;
        await page.goto(`${stack.url}/alerts`, { waitUntil: "load" });
        const rows = page.locator("main table tbody tr");
        const all = await rows.count();
        const form = page.locator("main form[method=get]:has(select[name=channel])");
        const channel = form.locator("select[name=channel]");
        // The channel with the fewest alerts, so the filter visibly leaves some out.
        const options = await channel
          .locator("option")
          .evaluateAll((list) =>
            list.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? "" })),
          );
        const counts = [];
        for (const option of options.filter((o) => o.value !== ""))
          counts.push({ ...option, rows: await rows.filter({ hasText: option.label }).count() });
        const pick = counts.filter((c) => c.rows > 0).sort((a, b) => a.rows - b.rows)[0];
        if (!pick) throw new Error(`no channel with alerts among ${JSON.stringify(counts)}`);
        await channel.selectOption(pick.value);
        const landed = await submit(page, form.locator("button[type=submit]"));
        expect(landed?.status()).toBe(200);
        expect(new URL(page.url()).searchParams.get("channel")).toBe(pick.value);
        expect(await channel.inputValue()).toBe(pick.value);
        const shown = await rows.count();
        expect(shown).toBe(pick.rows);
        expect(shown).toBeLessThan(all);
        expect(await rows.filter({ hasText: pick.label }).count()).toBe(shown);
        await expectNoOverflow(page, width);
        if (width === 390) expect(await smallTargets(page)).toEqual([]);
        await session.shot("action-filtered");
        expect(watch.problems()).toEqual([]);
      } finally {
        await session.context.close();
      }
    },
    ACTION_TIMEOUT_MS,
  );

  it(
    "a distributor pre-checks a listing before publishing it and sees the answer",
    async () => {
      const session = await signedIn(DISTRIBUTOR, locale, width);
      try {
        const { page, watch } = session;
        await page.goto(`${stack.url}/check`, { waitUntil: "load" });
        const form = page.locator('form[action="/check"]');
        // Shipped from outside the distributor's regions (Shanghai, Jiangsu): out of region. Prices
        // are never judged for a distributor (resale price maintenance).
        const distributor = stack.config.distributors.find((d) => d.id === DISTRIBUTOR_ID);
        expect(distributor?.regions).not.toContain("北京");
        const product = stack.config.products[0];
        if (!product) throw new Error("the demo has products");
        await form.locator("select[name=sku]").selectOption(product.sku);
        await form.locator("input[name=price]").fill("199");
        await form.locator("input[name=shipFrom]").fill("北京");
        const before = await page.locator("main .problems, main div.ok").count();
        const landed = await submit(page, form.locator("button[type=submit]"));
        await session.shot("action-precheck");
        expect(landed?.status()).toBe(200);
        expect(before).toBe(0);
        await expect.poll(() => page.locator("main .problems").count()).toBe(1);
        // The answer says why: shipped from Beijing, outside the distributor's regions.
        expect(await page.locator("main .problems").textContent()).toContain("北京");
        // The form keeps what was entered, to correct and check again.
        expect(await form.locator("input[name=shipFrom]").inputValue()).toBe("北京");
        await expectNoOverflow(page, width);
        expect(watch.problems()).toEqual([]);
      } finally {
        await session.context.close();
      }
    },
    ACTION_TIMEOUT_MS,
  );

  it(
    "switching the language sticks for the next pages",
    async () => {
      const session = await signedIn(BRAND, locale, width);
      try {
        const { page, watch } = session;
        const other = locale === "zh-CN" ? "en" : "zh-CN";
        await page.goto(`${stack.url}/sellers`, { waitUntil: "load" });
        expect(await page.getAttribute("html", "lang")).toBe(locale);
        await submit(page, page.locator('header a[href^="/lang/"]'));
        expect(await page.getAttribute("html", "lang")).toBe(other);
        await page.goto(`${stack.url}/sellers`, { waitUntil: "load" });
        expect(await page.getAttribute("html", "lang")).toBe(other);
        await expectNoOverflow(page, width);
        await session.shot("action-language");
        expect(watch.problems()).toEqual([]);
      } finally {
        await session.context.close();
      }
    },
    ACTION_TIMEOUT_MS,
  );
});

describe("the page audit itself", () => {
  it("finds what sticks out of a 390 px viewport, small targets and CSP violations, and lets scrollers scroll", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      const page = await context.newPage();
      await page.setContent(
        `<meta name="viewport" content="width=device-width, initial-scale=1">
<body style="margin:0"><div style="overflow-x:auto"><table><tr><td style="min-width:900px">scrolls inside</td></tr></table></div>
<p id="wide" style="width:600px">too wide</p><button style="height:30px">small</button></body>`,
      );
      const overflow = await measureOverflow(page);
      expect(overflow.sticking).toEqual([expect.stringMatching(/^p right=600 "too wide"/)]);
      // A phone browser zooms out to show the overflow: innerWidth grows past the screen's width.
      expect(overflow.scrollWidth).toBe(600);
      expect(overflow.innerWidth).toBe(600);
      expect(overflow.clientWidth).toBe(390);
      expect(await smallTargets(page)).toEqual(['button "small" 30 px']);
      await page.evaluate(() => document.getElementById("wide")?.remove());
      expect((await measureOverflow(page)).sticking).toEqual([]);

      // A style the page's CSP refuses is reported, by the console and by the violation event.
      const watch = await watchPage(page);
      await page.route("http://audit.example/", (route) =>
        route.fulfill({
          contentType: "text/html",
          headers: { "content-security-policy": "default-src 'none'" },
          body: '<!doctype html><p style="color:red">refused style</p>',
        }),
      );
      await page.goto("http://audit.example/", { waitUntil: "load" });
      await expect.poll(() => watch.problems().filter((p) => p.startsWith("CSP: style-src")).length).toBe(1);
      expect(
        watch.problems().some((p) => p.startsWith("console: ") && /Content Security Policy/.test(p)),
      ).toBe(true);
    } finally {
      await context.close();
    }
  });
});
