import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ListingSpec } from "./listing-model.js";
import { pagePath, renderPage } from "./pages/render-page.js";

/**
 * The generated marketplace on 127.0.0.1: every channel's pages under its own prefix, each
 * rendered for the site's current day.
 */
export interface IndependentSite {
  url: string;
  setDay(day: number): void;
  close(): Promise<void>;
}

export async function startIndependentSite(listings: readonly ListingSpec[]): Promise<IndependentSite> {
  const byPath = new Map<string, ListingSpec>();
  for (const spec of listings) {
    const path = pagePath(spec);
    if (byPath.has(path)) throw new Error(`duplicate page ${path}`);
    byPath.set(path, spec);
  }
  let day = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://independent.invalid");
    const send = (status: number, type: string, body: string) => {
      const buf = Buffer.from(body, "utf8");
      res.writeHead(status, {
        "content-type": type,
        "content-length": buf.length,
        "cache-control": "no-cache",
      });
      res.end(req.method === "HEAD" ? undefined : buf);
    };
    if (url.pathname === "/robots.txt")
      return send(200, "text/plain; charset=utf-8", "User-agent: *\nAllow: /\n");
    const spec = byPath.get(url.pathname);
    if (!spec) return send(404, "text/html; charset=utf-8", "<!DOCTYPE html><title>404</title>");
    return send(200, "text/html; charset=utf-8", renderPage(spec, day));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setDay(d: number) {
      day = d;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
