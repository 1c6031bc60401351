import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkUrlAddress } from "../../../functions/crawl/address-guard.js";
import {
  createRenderer,
  type Renderer,
  type RendererOptions,
} from "../../../functions/crawl/render/chromium-renderer.js";
import { startTestSite, type TestSite } from "./test-site.js";

const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Pricewarden-test";

let site: TestSite;
let renderer: Renderer;

/** A renderer with the test defaults (private addresses allowed, 5 s, 200 KB), as overridden. */
const rendererWith = (options: Partial<RendererOptions> = {}): Renderer =>
  createRenderer({
    allowPrivateAddresses: true,
    timeoutMs: 5_000,
    maxBytes: 200_000,
    userAgent: USER_AGENT,
    ...options,
  });

beforeAll(async () => {
  site = await startTestSite();
  renderer = rendererWith({ concurrency: 2 });
});

afterAll(async () => {
  await renderer?.close();
  await site?.close();
});

describe("createRenderer", () => {
  it("returns the DOM after scripts ran, which plain HTTP does not have", async () => {
    const plain = await (await fetch(`${site.base}/js-price`)).text();
    expect(plain).not.toContain("¥159.00");

    const { outcome } = await renderer.render(`${site.base}/js-price`, { blockResources: true });
    expect(outcome.kind).toBe("ok");
    if (outcome.kind !== "ok") return;
    expect(outcome.rendered).toBe(true);
    expect(outcome.status).toBe(200);
    expect(outcome.body).toContain("¥159.00");
    expect(outcome.body).toContain("有货");
    expect(outcome.charset).toBe("UTF-8");
    expect(outcome.bytes).toBe(Buffer.byteLength(outcome.body, "utf8"));
  });

  it("follows main-frame redirects and reports where it landed", async () => {
    const { outcome } = await renderer.render(`${site.base}/hop-1`);
    expect(outcome.kind).toBe("ok");
    if (outcome.kind !== "ok") return;
    expect(outcome.url).toBe(`${site.base}/hop-1`);
    expect(outcome.finalUrl).toBe(`${site.base}/js-price`);
    expect(outcome.body).toContain("¥159.00");
  });

  it("classifies a captcha page as blocked, never as a page with a price", async () => {
    const { outcome } = await renderer.render(`${site.base}/captcha`);
    expect(outcome).toMatchObject({ kind: "blocked", status: 200 });
    if (outcome.kind === "blocked") expect(["captcha", "slider"]).toContain(outcome.signal);
  });

  it("classifies a 404 page as not_found", async () => {
    const { outcome } = await renderer.render(`${site.base}/missing`);
    expect(outcome).toMatchObject({ kind: "not_found", status: 404 });
  });

  it("gives up on a page whose server never answers", async () => {
    // Long enough that a loaded 2-core CI machine still renders the captcha page after the hangs.
    const quick = rendererWith({ timeoutMs: 4_000 });
    try {
      const { outcome } = await quick.render(`${site.base}/hang`);
      expect(outcome).toMatchObject({ kind: "error", code: "timeout" });
      // A script that never yields blocks the load event and every DOM read.
      const busy = await quick.render(`${site.base}/busy`);
      expect(busy.outcome).toMatchObject({ kind: "error", code: "timeout" });
      // The renderer is still usable afterwards.
      const after = await quick.render(`${site.base}/captcha`);
      expect(after.outcome.kind).toBe("blocked");
    } finally {
      await quick.close();
    }
  });

  it("ends a render its caller gives up on, long before the render's own timeout", async () => {
    const patient = rendererWith({ timeoutMs: 120_000 });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 500).unref();
      const settled = await Promise.race([
        patient.render(`${site.base}/hang`, { signal: controller.signal }).then((r) => r.outcome),
        new Promise((resolve) => setTimeout(() => resolve("still rendering"), 30_000).unref()),
      ]);
      expect(settled).toMatchObject({ kind: "error", code: "aborted" });
      // Given up before it starts: no page is opened at all.
      const early = await patient.render(`${site.base}/captcha`, { signal: AbortSignal.abort() });
      expect(early.outcome).toMatchObject({ kind: "error", code: "aborted" });
      // The renderer is still usable afterwards.
      const after = await patient.render(`${site.base}/captcha`);
      expect(after.outcome.kind).toBe("blocked");
    } finally {
      await patient.close();
    }
  });

  it("refuses a document over the size cap", async () => {
    const { outcome } = await renderer.render(`${site.base}/huge`);
    expect(outcome).toMatchObject({ kind: "error", code: "too_large" });
  });

  it("runs renders concurrently within the bound", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => renderer.render(`${site.base}/js-price`, { blockResources: true })),
    );
    for (const { outcome } of results) expect(outcome.kind).toBe("ok");
  });
});

describe("address guard in the renderer", () => {
  it("refuses a loopback main document when private addresses are not allowed", async () => {
    const strict = rendererWith({ allowPrivateAddresses: false });
    try {
      const before = site.hits.length;
      const { outcome } = await strict.render(`${site.base}/js-price`);
      expect(outcome.kind).toBe("refused");
      expect(site.hits.length).toBe(before);
    } finally {
      await strict.close();
    }
  });

  // The test site is itself on loopback, so only it is let through; everything else meets the real guard.
  const siteOnly = (url: string) =>
    new URL(url).hostname === "127.0.0.1"
      ? Promise.resolve({ ok: true as const, address: "127.0.0.1" })
      : checkUrlAddress(url, { allowPrivate: false });

  it("refuses link-local subresources, directly and through a redirect", async () => {
    const guarded = rendererWith({ allowPrivateAddresses: false, checkAddress: siteOnly });
    try {
      const { outcome, refused } = await guarded.render(`${site.base}/private-refs`);
      expect(outcome.kind).toBe("ok");
      expect(refused.map((r) => r.url).sort()).toEqual([
        "http://169.254.169.254/latest/meta-data/iam",
        "http://169.254.169.254/latest/meta-data/logo.png",
      ]);
      for (const r of refused) expect(r.reason).toMatch(/linkLocal/);
      // The redirecting image itself was fetched; its private target never was.
      expect(site.hits).toContain("/to-metadata.png");
    } finally {
      await guarded.close();
    }
  });

  it("refuses a main document that redirects to a link-local address", async () => {
    const guarded = rendererWith({ allowPrivateAddresses: false, checkAddress: siteOnly });
    try {
      const { outcome } = await guarded.render(`${site.base}/main-to-metadata`);
      expect(outcome.kind).toBe("refused");
      if (outcome.kind === "refused") expect(outcome.reason).toMatch(/169\.254\.169\.254.*linkLocal/);
    } finally {
      await guarded.close();
    }
  });
});

/** Chromium processes below this test worker: the browser and whatever it spawned. */
function chromiumProcesses(): number[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,stat=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), stat: m[3] ?? "", args: m[4] ?? "" }))
    .filter((p) => !p.stat.startsWith("Z"));
  const mine = new Set<number>([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of rows)
      if (mine.has(p.ppid) && !mine.has(p.pid)) {
        mine.add(p.pid);
        grew = true;
      }
  }
  return rows.filter((p) => mine.has(p.pid) && p.args.includes("chromium")).map((p) => p.pid);
}

describe("close", () => {
  it("leaves no Chromium process behind", async () => {
    const own = rendererWith();
    await renderer.close();
    const { outcome } = await own.render(`${site.base}/captcha`, { screenshot: true });
    expect(outcome.kind).toBe("blocked");
    expect(chromiumProcesses().length).toBeGreaterThan(0);
    await own.close();
    expect(chromiumProcesses()).toEqual([]);
    await expect(own.render(`${site.base}/captcha`)).rejects.toThrow(/closed/);
  });
});
