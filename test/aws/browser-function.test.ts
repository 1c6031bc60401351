import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBrowserFunction } from "../../functions/aws/browser-function.js";
import {
  type BrowserNetwork,
  packRenderResult,
  unpackRenderResult,
} from "../../functions/aws/browser-protocol.js";
import { createLambdaInvoker } from "../../functions/aws/lambda-invoker.js";
import { createRemoteRenderer } from "../../functions/aws/remote-renderer.js";
import {
  createRenderer,
  type Renderer,
  type RenderResult,
} from "../../functions/crawl/render/chromium-renderer.js";
import { startTestSite, type TestSite } from "../crawl/render/test-site.js";

const NETWORK: BrowserNetwork = {
  allowPrivateAddresses: true,
  timeoutMs: 45_000,
  maxBytes: 200_000,
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Pricewarden-test",
};

let site: TestSite;
let chromium: Renderer;
/** Every request the browser function received, as Lambda hands it over (JSON). */
const received: unknown[] = [];
/** The worker's renderer: each call goes through JSON both ways, as a Lambda invocation does. */
let remote: Renderer;

beforeAll(async () => {
  site = await startTestSite();
  chromium = createRenderer(NETWORK);
  const browserFunction = createBrowserFunction({ rendererFor: () => chromium });
  remote = createRemoteRenderer(NETWORK, async (payload) => {
    const event = JSON.parse(JSON.stringify(payload)) as unknown;
    received.push(event);
    return JSON.parse(JSON.stringify(await browserFunction(event))) as unknown;
  });
});

afterAll(async () => {
  await chromium?.close();
  await site?.close();
});

describe("the browser function and the render worker", () => {
  it("renders in the browser function and hands the page, its recorded calls and its screenshot back", async () => {
    const { outcome, screenshot } = await remote.render(`${site.base}/js-price`, {
      screenshot: true,
      recordUrls: ["/api/stock$"],
    });
    expect(outcome.kind).toBe("ok");
    if (outcome.kind !== "ok") return;
    expect(outcome.body).toContain("¥159.00");
    expect(outcome.fullBody()).toBe(outcome.body);
    expect(outcome.rendered).toBe(true);
    expect(outcome.responses?.map((r) => new URL(r.url).pathname)).toEqual(["/api/stock"]);
    expect(JSON.parse(outcome.responses?.[0]?.body ?? "{}")).toEqual({ stock: "有货" });
    expect(screenshot?.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it("takes a session's pacing before asking the browser, and asks nothing when the pacer says no", async () => {
    const before = received.length;
    const { outcome } = await remote.render(`${site.base}/captcha`, { beforeNavigate: async () => false });
    expect(outcome).toMatchObject({ kind: "error", code: "cancelled" });
    expect(received.length).toBe(before);
  });

  it("answers a request that does not parse without quoting what it carried", async () => {
    const browserFunction = createBrowserFunction({ rendererFor: () => chromium });
    const answer = await browserFunction({
      url: `${site.base}/captcha`,
      network: NETWORK,
      options: { storageState: { cookies: [{ name: "pt_key", value: "SECRET-TOKEN" }], origins: [] } },
    });
    expect(answer.ok).toBe(false);
    expect(JSON.stringify(answer)).not.toContain("SECRET-TOKEN");
    expect(JSON.stringify(answer)).toMatch(/options\.storageState\.cookies\.0/);
  });
});

const okResult = (body: string, extra: Partial<RenderResult> = {}): RenderResult => ({
  outcome: {
    kind: "ok",
    url: "https://item.example.cn/1.html",
    finalUrl: "https://item.example.cn/1.html",
    status: 200,
    contentType: "text/html",
    body,
    fullBody: () => body,
    bytes: Buffer.byteLength(body),
    charset: "UTF-8",
    attempts: 1,
    elapsedMs: 10,
    rendered: true,
  },
  refused: [],
  ...extra,
});

describe("the browser function's answer", () => {
  it("fits Lambda's response limit: recorded calls go first, then the screenshot, each said", () => {
    // Random bytes do not compress: sizes stay what they are.
    const noise = (n: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(n))).toString("base64");
    const result = okResult("<p>¥159.00</p>", { screenshot: Buffer.from(noise(30_000)) });
    if (result.outcome.kind === "ok")
      result.outcome = {
        ...result.outcome,
        responses: [1, 2, 3].map((i) => ({
          url: `https://api.example.cn/${i}`,
          status: 200,
          headers: {},
          body: noise(20_000),
        })),
      };
    const roomy = unpackRenderResult(packRenderResult(result, 1_000_000), NETWORK.maxBytes);
    expect(roomy.outcome.kind === "ok" && roomy.outcome.responses?.length).toBe(3);

    const tight = unpackRenderResult(packRenderResult(result, 70_000), NETWORK.maxBytes);
    expect(tight.outcome.kind === "ok" && tight.outcome.responses?.length).toBe(0);
    expect(tight.screenshot).toBeDefined();

    const tighter = unpackRenderResult(packRenderResult(result, 10_000), NETWORK.maxBytes);
    expect(tighter.screenshot).toBeUndefined();
    expect(tighter.screenshotError).toMatch(/did not fit/);
    expect(tighter.outcome.kind === "ok" && tighter.outcome.body).toBe("<p>¥159.00</p>");

    expect(packRenderResult(result, 10)).toMatchObject({ ok: false, error: /does not fit/ });
  });

  it("is checked like crawled text: a forged shape or an oversized page is refused", () => {
    expect(() => unpackRenderResult({ ok: true, result: { outcome: { kind: "ok" } } }, 1000)).toThrow();
    const forged = packRenderResult(okResult("x".repeat(5_000)));
    expect(() => unpackRenderResult(forged, 1_000)).toThrow(/over the 1000 byte cap/);
    expect(() => unpackRenderResult({ ok: false, error: "Chromium crashed" }, 1000)).toThrow(
      /Chromium crashed/,
    );
  });
});

describe("createLambdaInvoker", () => {
  let server: Server;
  let endpoint: string;
  const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }> = [];
  let reply: (res: import("node:http").ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        reply(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const invoker = () =>
    createLambdaInvoker({
      region: "cn-north-1",
      functionName: "pricewarden-browser",
      endpoint,
      credentials: async () => ({
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "secret",
        sessionToken: "token",
      }),
    });

  it("calls Invoke synchronously, signed with SigV4 for lambda, and returns the function's answer", async () => {
    reply = (res) =>
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true,"gzipBase64":""}');
    const answer = await invoker()({ url: "https://item.example.cn/1.html" });
    expect(answer).toEqual({ ok: true, gzipBase64: "" });
    const request = seen.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/2015-03-31/functions/pricewarden-browser/invocations");
    expect(request.headers["x-amz-invocation-type"]).toBe("RequestResponse");
    expect(request.headers["x-amz-security-token"]).toBe("token");
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cn-north-1\/lambda\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-invocation-type[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(request.body)).toEqual({ url: "https://item.example.cn/1.html" });
  });

  it("fails on a function error, naming its type and never its message", async () => {
    reply = (res) =>
      res
        .writeHead(200, { "x-amz-function-error": "Unhandled" })
        .end(JSON.stringify({ errorType: "Runtime.OutOfMemory", errorMessage: "cookie=SECRET" }));
    const failure = invoker()({});
    await expect(failure).rejects.toThrow(/pricewarden-browser failed \(Unhandled\): Runtime\.OutOfMemory/);
    await expect(failure).rejects.not.toThrow(/SECRET/);
  });
});
