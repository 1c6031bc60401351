import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import iconv from "iconv-lite";

/**
 * A local shop site that misbehaves on purpose, for the fetch stage's tests. It listens on
 * 127.0.0.1 port 0 and records every request with its arrival time.
 */
export interface SiteOptions {
  /** robots.txt body, or a status to answer /robots.txt with. Default: allow everything. */
  robots?: string | { status: number };
  /** Fraction of /products/* requests answered 429 or 503 with Retry-After: 0. */
  flakyRate?: number;
  /** Latency added to those throttled answers. */
  flakyLatencyMs?: number;
  /** Seed of the site's deterministic randomness. */
  seed?: number;
}

export interface RequestRecord {
  path: string;
  /** performance.now() when the request arrived. */
  at: number;
  status: number;
}

export interface MisbehavingSite {
  origin: string;
  port: number;
  url(path: string): string;
  requests: RequestRecord[];
  /** Bytes the /huge* routes managed to send before the client hung up. */
  hugeBytesSent(): number;
  /** Most /hold/* requests that were being answered at the same time. */
  maxInFlight(): number;
  close(): Promise<void>;
}

export const HUGE_BYTES = 50 * 1024 * 1024;

/** mulberry32: small, seeded, good enough to pick which requests fail. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function productPage(n: number, extra = ""): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>安可血糖试纸 50片 #${n}</title></head>
<body><div class="header">您好，请登录 免费注册</div><h1 class="sku-name">安可血糖试纸 50片 #${n}</h1>
<div class="p-price"><span class="price">￥${150 + n}.00</span></div>${extra}</body></html>`;
}

function listingPage(items: string[], next: string | null): string {
  const links = items.map(
    (href) => `<li class="gl-item"><div class="p-name"><a href="${href}">item</a></div></li>`,
  );
  return `<!doctype html><html><head><title>搜索</title></head><body><ul>${links.join("")}</ul>${
    next ? `<a class="pn-next" href="${next}">下一页</a>` : ""
  }</body></html>`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startMisbehavingSite(options: SiteOptions = {}): Promise<MisbehavingSite> {
  const requests: RequestRecord[] = [];
  const random = seeded(options.seed ?? 42);
  const retryAfterSeen = new Set<string>();
  let hugeSent = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let origin = "";

  const html = (
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type = "text/html; charset=utf-8",
  ) => {
    res.writeHead(status, { "content-type": type });
    res.end(body);
  };

  /** Streams `total` bytes honouring backpressure, so only what the client reads is produced. */
  const stream = async (req: IncomingMessage, res: ServerResponse, total: number) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let closed = false;
    res.on("close", () => {
      closed = true;
    });
    req.socket.on("error", () => {});
    let sent = 0;
    while (sent < total && !closed) {
      const ok = res.write(chunk);
      sent += chunk.length;
      hugeSent += chunk.length;
      if (!ok)
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off("drain", done);
            res.off("close", done);
            resolve();
          };
          res.on("drain", done);
          res.on("close", done);
        });
    }
    if (!closed) res.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://site.invalid");
    const path = url.pathname;
    const record: RequestRecord = { path: `${path}${url.search}`, at: performance.now(), status: 0 };
    requests.push(record);
    res.on("finish", () => {
      record.status = res.statusCode;
    });

    if (path === "/robots.txt") {
      const robots = options.robots ?? "User-agent: *\nAllow: /\n";
      if (typeof robots === "string") html(res, 200, robots, "text/plain");
      else html(res, robots.status, "robots unavailable", "text/plain");
      return;
    }
    const product = /^\/products\/(\d+)$/.exec(path);
    if (product) {
      const rate = options.flakyRate ?? 0;
      if (rate > 0 && random() < rate) {
        await sleep(options.flakyLatencyMs ?? 0);
        res.writeHead(random() < 0.5 ? 429 : 503, { "retry-after": "0", "content-type": "text/plain" });
        res.end("slow down");
        return;
      }
      html(res, 200, productPage(Number(product[1])));
      return;
    }
    const list = /^\/(list|list-loop)$/.exec(path);
    if (list) {
      const page = Number(url.searchParams.get("page") ?? "1");
      const loop = list[1] === "list-loop";
      const items = [1, 2, 3, 4].map((i) => {
        const n = (page - 1) * 3 + i; // the 4th item repeats as the 1st of the next page
        return i % 2 === 0 ? `/products/${n}?spm=a1.${page}&utm_source=x` : `${origin}/products/${n}#reviews`;
      });
      const last = loop ? 2 : 3;
      const next = page < last ? `/${list[1]}?page=${page + 1}&spm=x` : loop ? "/list-loop?page=1" : null;
      html(res, 200, listingPage(items, next));
      return;
    }
    switch (path) {
      case "/redirect/loop-a":
        res.writeHead(302, { location: "/redirect/loop-b" }).end();
        return;
      case "/redirect/loop-b":
        res.writeHead(301, { location: `${origin}/redirect/loop-a` }).end();
        return;
      case "/redirect/login":
        res.writeHead(302, { location: "https://login.taobao.com/member/login.jhtml?redirectURL=x" }).end();
        return;
      case "/redirect/file":
        res.writeHead(302, { location: "file:///etc/passwd" }).end();
        return;
      case "/huge":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        await stream(req, res, HUGE_BYTES);
        return;
      case "/huge-declared":
        res.writeHead(200, {
          "content-type": "text/html; charset=utf-8",
          "content-length": String(HUGE_BYTES),
        });
        await stream(req, res, HUGE_BYTES);
        return;
      case "/gzip-bomb": {
        // 50 MB of zeros, gzipped on the fly: a few dozen KB on the wire.
        res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" });
        const zeros = Readable.from(
          (function* () {
            const chunk = Buffer.alloc(64 * 1024);
            for (let i = 0; i < HUGE_BYTES / chunk.length; i++) yield chunk;
          })(),
        );
        zeros.pipe(zlib.createGzip()).pipe(res);
        res.on("close", () => zeros.destroy());
        return;
      }
      case "/slow-drip": {
        res.writeHead(200, { "content-type": "text/html" });
        res.write("<html><body>");
        const timer = setInterval(() => res.write("."), 20);
        res.on("close", () => clearInterval(timer));
        return;
      }
      case "/slow-headers":
        res.on("close", () => {});
        return;
      case "/reset":
        req.socket.destroy();
        return;
      case "/malformed":
        html(
          res,
          200,
          `<html><head><title>坏的<b>页面</title><meta charset="utf-8"><body><div class="price">¥99<span><p>
<a href="/products/7">x<a href="http://[bad">y</a><a href="javascript:void(0)">j</a><table><tr><td>未闭合<script>var s = "<div>";</script>\u0000\uFFFE
<div class="p-name"><a href="/products/8">z</a></div><!-- unterminated comment`,
        );
        return;
      case "/gbk":
        html(
          res,
          200,
          iconv.encode(productPage(1, "<p>国药准字H20000001 京东大药房</p>"), "gbk"),
          "text/html; charset=GBK",
        );
        return;
      case "/gb2312-meta":
        html(
          res,
          200,
          iconv.encode(
            `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>血糖仪</title></head><body>价格：￥199</body></html>`,
            "gbk",
          ),
          "text/html",
        );
        return;
      case "/big5":
        html(
          res,
          200,
          iconv.encode(
            `<html><head><meta charset="big5"><title>血糖試紙</title></head><body>售價</body></html>`,
            "big5",
          ),
          "text/html",
        );
        return;
      case "/bom-utf8":
        html(
          res,
          200,
          Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(productPage(2))]),
          "text/html; charset=gbk",
        );
        return;
      case "/gzip":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "gzip" });
        res.end(zlib.gzipSync(productPage(3)));
        return;
      case "/br":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "br" });
        res.end(zlib.brotliCompressSync(productPage(4)));
        return;
      case "/deflate-raw":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "deflate" });
        res.end(zlib.deflateRawSync(productPage(5)));
        return;
      case "/deflate":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "deflate" });
        res.end(zlib.deflateSync(productPage(6)));
        return;
      case "/corrupt-gzip":
        res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" });
        res.end(Buffer.from("this is not gzip at all, not even close"));
        return;
      case "/captcha":
        html(
          res,
          200,
          `<html><head><title>淘宝网</title></head><body><div id="nc_1_wrapper"><span>请按住滑块，拖动到最右边</span></div></body></html>`,
        );
        return;
      case "/script-challenge":
        // A product page whose only block marker (Cloudflare's challenge options) sits in inline
        // code, which the extractors' reading copy leaves out.
        html(
          res,
          200,
          productPage(7, "<script>window._cf_chl_opt = { cvId: '3', cType: 'managed' };</script>"),
        );
        return;
      case "/cf-challenge":
        html(
          res,
          503,
          `<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>`,
        );
        return;
      case "/login-wall":
        html(
          res,
          200,
          `<html><head><title>京东</title></head><body><p>请登录后查看商品详情</p></body></html>`,
        );
        return;
      case "/forbidden":
        html(res, 403, "<html><body>nope</body></html>");
        return;
      case "/offshelf":
        html(
          res,
          200,
          productPage(
            9,
            `<div class="itemover">该商品已下柜，欢迎挑选其他商品！</div>${"<p>推荐</p>".repeat(500)}`,
          ),
        );
        return;
      case "/gone":
        html(res, 410, "gone");
        return;
      case "/always-429":
        res.writeHead(429, { "retry-after": "0" }).end("too many");
        return;
      case "/always-500":
        res.writeHead(500).end("boom");
        return;
      case "/retry-after-long":
        res
          .writeHead(503, { "retry-after": new Date(Date.now() + 3_600_000).toUTCString() })
          .end("maintenance");
        return;
      case "/teapot":
        res.writeHead(418).end("teapot");
        return;
      case "/image":
        html(res, 200, Buffer.from([0x89, 0x50, 0x4e, 0x47]), "image/png");
        return;
      case "/private/secret":
        html(res, 200, productPage(99));
        return;
    }
    if (path.startsWith("/hold/")) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(30);
      inFlight--;
      html(res, 200, productPage(1));
      return;
    }
    const retryAfter = /^\/retry-after\/(\w+)$/.exec(path);
    if (retryAfter) {
      const key = retryAfter[1] ?? "";
      if (!retryAfterSeen.has(key)) {
        retryAfterSeen.add(key);
        res.writeHead(429, { "retry-after": "1" }).end("wait a second");
        return;
      }
      html(res, 200, productPage(50));
      return;
    }
    html(res, 404, "<html><head><title>404</title></head><body>页面不存在</body></html>");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    url: (path) => `${origin}${path}`,
    requests,
    hugeBytesSent: () => hugeSent,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
