import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkUrlAddress } from "../../../functions/crawl/address-guard.js";
import {
  launchChromiumWithSandbox,
  renderChromiumArgs,
} from "../../../functions/crawl/render/chromium-launch.js";
import {
  type ChromiumRenderer,
  createRenderer,
  type Renderer,
  type RendererOptions,
} from "../../../functions/crawl/render/chromium-renderer.js";
import { currentSandboxHost, sandboxPlan } from "../../../functions/crawl/render/chromium-sandbox.js";
import { startTestSite, type TestSite } from "./test-site.js";

const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Pricewarden-test";

let site: TestSite;
let renderer: Renderer;

/**
 * A renderer with the test defaults (private addresses allowed, 200 KB), as overridden. The budget
 * is generous so that a loaded machine never times out a page that does load; the tests of the
 * budget give their render a short one of its own.
 */
const rendererWith = (options: Partial<RendererOptions> = {}): ChromiumRenderer =>
  createRenderer({
    allowPrivateAddresses: true,
    timeoutMs: 45_000,
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
    const own = rendererWith();
    try {
      // Neither page ever finishes, so however slow the machine, the budget is what ends them.
      const { outcome } = await own.render(`${site.base}/hang`, { timeoutMs: 1_000 });
      expect(outcome).toMatchObject({ kind: "error", code: "timeout" });
      // A script that never yields blocks the load event and every DOM read.
      const busy = await own.render(`${site.base}/busy`, { timeoutMs: 1_000 });
      expect(busy.outcome).toMatchObject({ kind: "error", code: "timeout" });
      // The renderer is still usable afterwards.
      const after = await own.render(`${site.base}/captcha`);
      expect(after.outcome.kind).toBe("blocked");
    } finally {
      await own.close();
    }
  });

  // Its budget outlasts the test's own timeout: only giving up can end these renders in time.
  const patientRenderer = () => rendererWith({ timeoutMs: 600_000 });

  it("ends a render its caller gives up on, long before the render's own timeout", async () => {
    const patient = patientRenderer();
    try {
      const controller = new AbortController();
      // Given up once the page is being requested (the server never answers it).
      void site.requested("/hang").then(() => controller.abort());
      const { outcome } = await patient.render(`${site.base}/hang`, { signal: controller.signal });
      expect(outcome).toMatchObject({ kind: "error", code: "aborted" });
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

  it("ends a render given up on while its browser was still being prepared", async () => {
    const controller = new AbortController();
    // The caller gives up after the render's first look at the signal and before its page exists
    // (on a loaded machine: while Chromium launches). The page must not be opened and waited on.
    const givingUp = rendererWith({
      timeoutMs: 600_000,
      checkAddress: async () => {
        controller.abort();
        return { ok: true, address: "127.0.0.1" };
      },
    });
    try {
      const { outcome } = await givingUp.render(`${site.base}/hang`, { signal: controller.signal });
      expect(outcome).toMatchObject({ kind: "error", code: "aborted" });
      // The renderer is still usable afterwards.
      expect((await givingUp.render(`${site.base}/captcha`)).outcome.kind).toBe("blocked");
    } finally {
      await givingUp.close();
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

describe("schemes other than http(s)", () => {
  it("refuses to render them", async () => {
    for (const url of [
      "file:///etc/passwd",
      "data:text/html,<p>x</p>",
      "chrome://version",
      "ftp://127.0.0.1/",
    ]) {
      const { outcome } = await renderer.render(url);
      expect(outcome, url).toMatchObject({ kind: "refused", reason: expect.stringMatching(/scheme/) });
    }
  });

  it("keeps a page from navigating itself or its frames to them", async () => {
    const { outcome } = await renderer.render(`${site.base}/schemes`);
    expect(outcome.kind).toBe("ok");
    if (outcome.kind !== "ok") return;
    expect(outcome.finalUrl).toBe(`${site.base}/schemes`);
    expect(outcome.body).toContain("¥159.00");
    // As the data: page would serialize; the script only has the pieces.
    expect(outcome.body).not.toContain('<p id="pwned">');
    expect(outcome.body).not.toContain("root:");
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
  return chromiumProcessRows().map((p) => p.pid);
}

function chromiumProcessRows(): Array<{ pid: number; args: string }> {
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
  return rows.filter((p) => mine.has(p.pid) && p.args.includes("chromium"));
}

describe("Chromium's sandbox", () => {
  it("confines the browser where the host allows it, and says why not where it does not", async () => {
    const own = rendererWith();
    try {
      expect(own.sandboxMode()).toBeUndefined();
      expect((await own.render(`${site.base}/captcha`)).outcome.kind).toBe("blocked");
      const mode = own.sandboxMode();
      const plan = sandboxPlan(currentSandboxHost());
      if (plan.attempt) {
        // A host that forbids unprivileged user namespaces falls back, and says so.
        if (!mode?.sandboxed) expect(mode?.reason).toMatch(/^the sandbox did not start: /);
      } else expect(mode).toEqual({ sandboxed: false, reason: plan.reason });
      const browserArgs = chromiumProcessRows().map((p) => p.args);
      expect(browserArgs.length).toBeGreaterThan(0);
      expect(browserArgs.some((args) => args.includes("--no-sandbox"))).toBe(!mode?.sandboxed);
      // Site isolation stays on.
      for (const args of browserArgs) {
        expect(args).not.toContain("--disable-site-isolation-trials");
        expect(args).not.toMatch(/--disable-features=\S*(site-per-process|IsolateOrigins)/);
      }
    } finally {
      await own.close();
    }
  });

  it.runIf(process.getuid?.() === 0)(
    "falls back to no sandbox when Chromium cannot start one, and says why",
    async () => {
      // Root pretending not to be: the launch with the sandbox is tried, and Chromium refuses it.
      const { browser, sandbox } = await launchChromiumWithSandbox(renderChromiumArgs(), {
        uid: 1000,
        lambda: false,
      });
      try {
        expect(sandbox.sandboxed).toBe(false);
        if (!sandbox.sandboxed) expect(sandbox.reason).toMatch(/^the sandbox did not start: .*sandbox/i);
        const page = await browser.newPage();
        await page.setContent("<p>up</p>");
        expect(await page.textContent("p")).toBe("up");
      } finally {
        await browser.close();
      }
    },
  );
});

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
