import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../functions/crawl/render/chromium-launch.js";
import { createRenderer, type Renderer } from "../../../functions/crawl/render/chromium-renderer.js";
import { startTestSite, type TestSite } from "./test-site.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let site: TestSite;
let renderer: Renderer;

beforeAll(async () => {
  site = await startTestSite();
  renderer = createRenderer({
    allowPrivateAddresses: true,
    timeoutMs: 10_000,
    maxBytes: 1_000_000,
    userAgent: "Mozilla/5.0 Pricewarden-test",
  });
});

afterAll(async () => {
  await renderer?.close();
  await site?.close();
});

const cjkPage = (text: string) => `${site.base}/cjk?text=${encodeURIComponent(text)}`;

describe("Chinese text in Chromium", () => {
  it("takes a full-page PNG of a Chinese listing", async () => {
    const { outcome, screenshot } = await renderer.render(cjkPage("安可血糖试纸 50片 ¥159"), {
      screenshot: true,
    });
    expect(outcome.kind).toBe("ok");
    expect(screenshot?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // Kept for a human look: glyphs, not boxes.
    await writeFile("/tmp/pricewarden-cjk.png", screenshot ?? Buffer.alloc(0));
  });

  it("draws different Chinese strings differently (missing glyphs all draw the same box)", async () => {
    const [a, b] = await Promise.all([
      renderer.render(cjkPage("安可血糖试纸"), { screenshot: true }),
      renderer.render(cjkPage("京东自营旗舰"), { screenshot: true }),
    ]);
    expect(a?.screenshot).toBeDefined();
    expect(b?.screenshot).toBeDefined();
    expect(a?.screenshot?.equals(b?.screenshot ?? Buffer.alloc(0))).toBe(false);
  });

  it("renders Chinese with Noto Sans SC", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(cjkPage("安可血糖试纸"));
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("DOM.enable");
      await cdp.send("CSS.enable");
      const { root } = await cdp.send("DOM.getDocument");
      const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "#text" });
      const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
      const families = fonts.map((f) => f.familyName);
      expect(families).toContain("Noto Sans SC");
      expect(fonts.find((f) => f.familyName === "Noto Sans SC")?.glyphCount).toBe(6);
    } finally {
      await browser.close();
    }
  });
});
