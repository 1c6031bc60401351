import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { escapeHtml } from "../../core/escape-html.js";
import { renderCaptchaPage } from "./captcha-page.js";
import {
  DEMO_LISTINGS,
  DEMO_START_PATHS,
  type DemoListing,
  type DemoProductListing,
  type DemoSite,
} from "./catalog.js";
import { JD_PAGE_SIZE, renderJdProduct, renderJdSearch } from "./jd-pages.js";
import { renderNotFoundPage } from "./not-found-page.js";
import { PHARMACY_PAGE_SIZE, renderPharmacyProduct, renderPharmacySearch } from "./pharmacy-pages.js";
import { placeholderSvg } from "./placeholder-image.js";
import { renderShopCollection, renderShopProduct } from "./shop-pages.js";
import { renderTmallProduct, renderTmallSearch, TMALL_PAGE_SIZE } from "./tmall-pages.js";

/** The port examples/demo.yaml names; a site started elsewhere gets the config's URLs rewritten. */
export const DEMO_PORT = 8790;

export interface DemoSiteOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: "127.0.0.1";
}

export interface DemoSiteHandle {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const ROBOTS = `# Crawlers welcome; carts and checkout are not pages.
User-agent: *
Disallow: /jd/cart/
Disallow: /tmall/cart/
Disallow: /tmall/buy
Disallow: /pharmacy/cart/
Disallow: /shop/cart
Allow: /
`;

interface Reply {
  status: number;
  type: string;
  body: string;
}

const html = (body: string, status = 200): Reply => ({ status, type: "text/html; charset=utf-8", body });
const notFound = (path: string): Reply => html(renderNotFoundPage(path), 404);

function findListing(site: DemoSite, id: string): DemoListing | undefined {
  return DEMO_LISTINGS.find((l) => l.site === site && l.id === id);
}

/** A site search: titles containing the keyword, plus other brands' items as paid placements. */
function searchResults(site: DemoSite, keyword: string): DemoProductListing[] {
  return DEMO_LISTINGS.filter(
    (l): l is DemoProductListing =>
      l.kind === "product" &&
      l.site === site &&
      l.listed &&
      (keyword === "" || l.title.includes(keyword) || l.sku === null),
  );
}

function pageNumber(raw: string | null, total: number, pageSize: number): number {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const n = Number.parseInt(raw ?? "1", 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), pages) : 1;
}

function productPage(site: DemoSite, id: string, path: string): Reply {
  const listing = findListing(site, id);
  if (!listing) return notFound(path);
  if (listing.kind === "captcha") return html(renderCaptchaPage(path));
  switch (site) {
    case "jd":
      return html(renderJdProduct(listing));
    case "tmall":
      return html(renderTmallProduct(listing));
    case "pharmacy":
      return html(renderPharmacyProduct(listing));
    case "shop":
      return html(renderShopProduct(listing));
  }
}

function indexPage(): string {
  const sites: Array<[string, string]> = [
    [DEMO_START_PATHS.jd, "京东 (demo)"],
    [DEMO_START_PATHS.tmall, "天猫 (demo)"],
    [DEMO_START_PATHS.pharmacy, "健康大药房 (demo)"],
    [DEMO_START_PATHS.shop, "健康优选商城 (demo)"],
  ];
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>Pricewarden demo marketplace</title></head><body><h1>Pricewarden demo marketplace</h1><p>Four made-up shops selling the fictional brand 安可, for <code>examples/demo.yaml</code>.</p><ul>${sites.map(([href, name]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(name)}</a></li>`).join("")}</ul></body></html>`;
}

function route(url: URL): Reply {
  const path = url.pathname;
  const q = url.searchParams;
  if (path === "/robots.txt") return { status: 200, type: "text/plain; charset=utf-8", body: ROBOTS };
  if (path === "/") return html(indexPage());
  const img = /^\/static\/img\/([\w-]{1,64})\.svg$/.exec(path);
  if (img?.[1]) return { status: 200, type: "image/svg+xml", body: placeholderSvg(img[1]) };

  if (path === "/jd/search") {
    const keyword = q.get("keyword") ?? "";
    const results = searchResults("jd", keyword);
    return html(renderJdSearch(results, keyword, pageNumber(q.get("page"), results.length, JD_PAGE_SIZE)));
  }
  if (path === "/tmall/search") {
    const keyword = q.get("q") ?? "";
    const results = searchResults("tmall", keyword);
    const offset = Number.parseInt(q.get("s") ?? "0", 10);
    const page = Number.isFinite(offset) ? String(Math.floor(offset / TMALL_PAGE_SIZE) + 1) : "1";
    return html(renderTmallSearch(results, keyword, pageNumber(page, results.length, TMALL_PAGE_SIZE)));
  }
  if (path === "/pharmacy/search") {
    const keyword = q.get("keyword") ?? "";
    const results = searchResults("pharmacy", keyword);
    return html(
      renderPharmacySearch(results, keyword, pageNumber(q.get("page"), results.length, PHARMACY_PAGE_SIZE)),
    );
  }
  if (path === "/shop/collections/anke") return html(renderShopCollection(searchResults("shop", "安可")));

  const item =
    /^\/(jd)\/item\/(\d{1,20})\.html$/.exec(path) ??
    /^\/(tmall)\/item\/(\d{1,20})\.htm$/.exec(path) ??
    /^\/(pharmacy)\/product\/(\d{1,20})\.html$/.exec(path) ??
    /^\/(shop)\/products\/([a-z0-9-]{1,80})$/.exec(path);
  if (item?.[1] && item[2]) return productPage(item[1] as DemoSite, item[2], path);
  return notFound(path);
}

/**
 * Serves the demo marketplace: four sites under /jd/, /tmall/, /pharmacy/ and /shop/ on one
 * loopback server. Pages are rendered once per path and cached: they never change.
 */
export async function startDemoSite(options: DemoSiteOptions = {}): Promise<DemoSiteHandle> {
  const host = options.host ?? "127.0.0.1";
  const cache = new Map<string, Reply>();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      res.end("method not allowed\n");
      return;
    }
    const url = new URL(req.url ?? "/", "http://demo.invalid");
    const key = `${url.pathname}${url.search}`;
    let reply = cache.get(key);
    if (!reply) {
      reply = route(url);
      // The key space is bounded by what crawlers ask for; keep it from growing without limit.
      if (cache.size < 2_000) cache.set(key, reply);
    }
    const body = Buffer.from(reply.body, "utf8");
    res.writeHead(reply.status, {
      "content-type": reply.type,
      "content-length": body.length,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`demo site error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEMO_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("demo site: no TCP address");
  const port = address.port;

  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
