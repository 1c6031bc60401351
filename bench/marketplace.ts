/**
 * A deterministic local marketplace on 127.0.0.1 for the benchmarks (node:http, keep-alive).
 *
 *   /robots.txt                 allow all
 *   /list?page=N                listing pages, 40 product links each, `a.next-page` pagination
 *   /item/<id>.html             product pages, 120–220 KB; even ids carry JSON-LD, odd ones markup only
 *   /r/item/<id>.html           render variant: no JSON-LD, the price is written by an inline script
 *   /static/*, /img/<n>.jpg     subresources (stylesheet, web font, script, images)
 *   /__stats                    request counters (JSON), for the orchestrator
 *
 * Every page is built once at start-up, so serving costs the marketplace almost no CPU.
 * Run as a child: `node --import tsx bench/marketplace.ts --products 3000 [--port 0] [--gzip]`;
 * it prints one JSON line `{"ready":true,"port":…}` when listening.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, gzipSync, constants as zlibConstants } from "node:zlib";
import { catalog, listingHtml, listingPageCount, type Product, productHtml, rng } from "./catalog.js";

export interface MarketplaceOptions {
  products: number;
  port?: number;
  /** Serve pages gzip-compressed to clients that accept it. */
  gzip?: boolean;
  /** Serve pages brotli-compressed to clients that accept it (before gzip). */
  brotli?: boolean;
}

export interface Marketplace {
  port: number;
  origin: string;
  /** Product page sizes in bytes, uncompressed. */
  pageBytes: { min: number; median: number; max: number };
  close(): Promise<void>;
}

interface Body {
  type: string;
  raw: Buffer;
  gz?: Buffer;
  br?: Buffer;
}

const NOT_FOUND = Buffer.from("<!DOCTYPE html><title>404</title><h1>404 页面不存在</h1>");

function bytesOf(r: () => number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) out[i] = Math.floor(r() * 256);
  return out;
}

function staticAssets(): Map<string, Body> {
  const r = rng(42);
  const assets = new Map<string, Body>();
  const css = `@font-face{font-family:"Shop Sans";src:url(/static/font.woff2) format("woff2");font-display:swap}body{font-family:"Shop Sans",sans-serif}${Array.from(
    { length: 1500 },
    (_, i) =>
      `.m${i}{margin:${i % 9}px ${i % 7}px;color:#${(i * 997).toString(16).padStart(6, "0").slice(-6)}}`,
  ).join("\n")}`;
  assets.set("/static/site.css", { type: "text/css; charset=utf-8", raw: Buffer.from(css) });
  assets.set("/static/font.woff2", { type: "font/woff2", raw: bytesOf(r, 120_000) });
  const js = `(function(){${Array.from({ length: 800 }, (_, i) => `window.f${i}=function(a){return a*${i}+${i % 13};};`).join("")}})();`;
  assets.set("/static/app.js", { type: "application/javascript; charset=utf-8", raw: Buffer.from(js) });
  for (let i = 0; i < 50; i++)
    assets.set(`/img/${i}.jpg`, { type: "image/jpeg", raw: bytesOf(r, 12_000 + i * 300) });
  return assets;
}

type Encodings = { gzip: boolean; brotli: boolean };

function html(text: string, enc: Encodings): Body {
  const raw = Buffer.from(text, "utf8");
  return {
    type: "text/html; charset=utf-8",
    raw,
    ...(enc.gzip ? { gz: gzipSync(raw, { level: 6 }) } : {}),
    // Quality 5: what servers that compress on the fly commonly use for HTML.
    ...(enc.brotli
      ? { br: brotliCompressSync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }) }
      : {}),
  };
}

export async function startMarketplace(options: MarketplaceOptions): Promise<Marketplace> {
  const count = options.products;
  const gzip: Encodings = { gzip: options.gzip === true, brotli: options.brotli === true };
  const products = catalog(count);
  const byId = new Map<number, Product>(products.map((p) => [p.id, p]));
  const listings = Array.from({ length: listingPageCount(count) }, (_, i) =>
    html(listingHtml(count, i + 1), gzip),
  );
  const items = new Map<number, Body>();
  const sizes: number[] = [];
  for (const p of products) {
    const body = html(productHtml(p, { count }), gzip);
    items.set(p.id, body);
    sizes.push(body.raw.byteLength);
  }
  sizes.sort((a, b) => a - b);
  const rendered = new Map<number, Body>();
  const assets = staticAssets();
  const robots: Body = { type: "text/plain; charset=utf-8", raw: Buffer.from("User-agent: *\nAllow: /\n") };
  const counters: Record<string, number> = { listing: 0, item: 0, render: 0, asset: 0, robots: 0, other: 0 };

  const send = (req: IncomingMessage, res: ServerResponse, body: Body, cacheable: boolean) => {
    const accepted = String(req.headers["accept-encoding"] ?? "");
    const useBr = body.br !== undefined && /\bbr\b/.test(accepted);
    const useGz = !useBr && body.gz !== undefined && /\bgzip\b/.test(accepted);
    const payload = useBr && body.br ? body.br : useGz && body.gz ? body.gz : body.raw;
    res.writeHead(200, {
      "content-type": body.type,
      "content-length": payload.byteLength,
      "cache-control": cacheable ? "public, max-age=3600" : "no-cache",
      ...(useBr ? { "content-encoding": "br", vary: "accept-encoding" } : {}),
      ...(useGz ? { "content-encoding": "gzip", vary: "accept-encoding" } : {}),
    });
    res.end(payload);
  };
  const notFound = (res: ServerResponse) => {
    counters["other"] = (counters["other"] ?? 0) + 1;
    res.writeHead(404, {
      "content-type": "text/html; charset=utf-8",
      "content-length": NOT_FOUND.byteLength,
    });
    res.end(NOT_FOUND);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    let m = /^\/item\/(\d+)\.html$/.exec(path);
    if (m) {
      const body = items.get(Number(m[1]));
      if (!body) return notFound(res);
      counters["item"] = (counters["item"] ?? 0) + 1;
      return send(req, res, body, false);
    }
    if (path === "/list") {
      const pageNo = Number(new URLSearchParams(q === -1 ? "" : url.slice(q + 1)).get("page") ?? "1");
      const body = listings[pageNo - 1];
      if (!body) return notFound(res);
      counters["listing"] = (counters["listing"] ?? 0) + 1;
      return send(req, res, body, false);
    }
    m = /^\/r\/item\/(\d+)\.html$/.exec(path);
    if (m) {
      const id = Number(m[1]);
      const product = byId.get(id);
      if (!product) return notFound(res);
      let body = rendered.get(id);
      if (!body) {
        body = html(productHtml(product, { count, render: true }), gzip);
        rendered.set(id, body);
      }
      counters["render"] = (counters["render"] ?? 0) + 1;
      return send(req, res, body, false);
    }
    const asset = assets.get(path);
    if (asset) {
      counters["asset"] = (counters["asset"] ?? 0) + 1;
      return send(req, res, asset, true);
    }
    if (path === "/robots.txt") {
      counters["robots"] = (counters["robots"] ?? 0) + 1;
      return send(req, res, robots, true);
    }
    if (path === "/__stats") {
      const raw = Buffer.from(JSON.stringify(counters));
      res.writeHead(200, { "content-type": "application/json", "content-length": raw.byteLength });
      return res.end(raw);
    }
    return notFound(res);
  };

  const server: Server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, handle);
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    pageBytes: {
      min: sizes[0] ?? 0,
      median: sizes[Math.floor(sizes.length / 2)] ?? 0,
      max: sizes[sizes.length - 1] ?? 0,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const market = await startMarketplace({
    products: Number(flag(args, "products") ?? 3000),
    port: Number(flag(args, "port") ?? 0),
    gzip: args.includes("--gzip"),
    brotli: args.includes("--brotli"),
  });
  process.stdout.write(
    `${JSON.stringify({ ready: true, port: market.port, pageBytes: market.pageBytes })}\n`,
  );
  const stop = () => void market.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
