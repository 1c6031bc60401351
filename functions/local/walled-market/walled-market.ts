import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { PageRateLimiter } from "./rate-limit.js";
import { RequestLog, type WalledRequest } from "./request-log.js";
import { type Reply, route } from "./routes.js";
import { type CreateSessionOptions, SessionStore, type WalledStorageState } from "./sessions.js";
import { NonceBook } from "./token.js";

/**
 * A login-walled JD-like market for tests and the demo (../shared/marketplace-facts.md, JD):
 * signed out, every item and search URL is the same login stub; signed in, item and search
 * pages are shells whose own script signs (h5st) and sends the API call that carries prices,
 * shop and stock; too many pages a minute put the session on the 京东验证 risk page for a
 * cool-down. Sessions are handed to Chromium as Playwright storage states.
 *
 * URLs (origin `http://127.0.0.1:PORT`):
 *   /item/{sku}.html, /m/item/{sku}.html, /search?keyword=…&page=N, /login, /logout,
 *   /api?appid=pc-item-soa&functionId=pc_detailpage_wareBusiness&body={…}&t=…&h5st=…,
 *   /api?appid=search-pc-java&functionId=pc_search_searchWare&body={…}&t=…&h5st=…
 */

/** The port the demo serves it on (the demo marketplace has 8790, the dashboard 8787). */
export const WALLED_PORT = 8791;

export interface WalledMarketOptions {
  /** 0 picks a free port; default WALLED_PORT. */
  port?: number;
  host?: "127.0.0.1";
  /** Page loads (item and search pages) a session may make within any 60 s; default 10. */
  pagesPerMinute?: number;
  /** How long a session stays on the risk page; default 15 minutes. */
  coolDownMs?: number;
  /** The market's clock (ms): sessions' expiry, the rate limit, nonces and the log use it. */
  now?: () => number;
}

export interface WalledSession {
  id: string;
  /** For `browser.newContext({ storageState })`: the `pw_sid` and `ipLoc-djd` cookies. */
  storageState: WalledStorageState;
}

export interface WalledMarket {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  createSession(options?: CreateSessionOptions): WalledSession;
  /** Signs a session out: its cookie then gets what a signed-out visitor gets. */
  expireSession(id: string): void;
  /** Every request answered so far, oldest first. */
  requests(): WalledRequest[];
  clearRequests(): void;
  itemUrl(skuId: string): string;
  mobileItemUrl(skuId: string): string;
  searchUrl(keyword: string, page?: number): string;
  close(): Promise<void>;
}

const MAX_FORM_BYTES = 8 * 1024;

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new Error("form too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

export async function startWalledMarket(options: WalledMarketOptions = {}): Promise<WalledMarket> {
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? Date.now;
  const sessions = new SessionStore(now);
  const nonces = new NonceBook({ now });
  const limiter = new PageRateLimiter({
    pagesPerMinute: options.pagesPerMinute ?? 10,
    coolDownMs: options.coolDownMs ?? 15 * 60_000,
    now,
  });
  const log = new RequestLog();
  let origin = "";

  const send = (req: IncomingMessage, res: ServerResponse, path: string, reply: Reply): void => {
    const body = Buffer.from(reply.body, "utf8");
    log.add({ at: now(), sessionId: reply.sessionId, kind: reply.kind, path, status: reply.status });
    res.writeHead(reply.status, {
      ...reply.headers,
      "content-length": body.length,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", origin);
    const path = `${url.pathname}${url.search}`;
    try {
      const method = req.method ?? "GET";
      const form = method === "POST" ? await readForm(req) : null;
      send(
        req,
        res,
        path,
        route({ method, url, cookie: req.headers.cookie, form }, { sessions, nonces, limiter, origin }),
      );
    } catch (error) {
      send(req, res, path, {
        status: 500,
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: `walled market error: ${error instanceof Error ? error.message : String(error)}\n`,
        kind: "other",
        sessionId: null,
      });
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? WALLED_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("walled market: no TCP address");
  const port = address.port;
  origin = `http://${host}:${port}`;

  return {
    url: origin,
    port,
    createSession(sessionOptions?: CreateSessionOptions): WalledSession {
      const record = sessions.create(sessionOptions);
      return { id: record.id, storageState: sessions.storageState(record) };
    },
    expireSession(id: string): void {
      sessions.expire(id);
      nonces.forget(id);
    },
    requests: () => log.all(),
    clearRequests: () => log.clear(),
    itemUrl: (skuId) => `${origin}/item/${encodeURIComponent(skuId)}.html`,
    mobileItemUrl: (skuId) => `${origin}/m/item/${encodeURIComponent(skuId)}.html`,
    searchUrl: (keyword, page = 1) => `${origin}/search?keyword=${encodeURIComponent(keyword)}&page=${page}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
