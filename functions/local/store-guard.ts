import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { STORE_KEY_HEADER } from "../store/dynamo-client.js";

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "::ffff:127.0.0.1", "::1"]);

/**
 * Why a request to the embedded store is refused, or null when it may pass. Browsers always send
 * Origin on cross-origin POSTs and on preflights, and a rebound DNS name shows up in Host, so a web
 * page is refused before it could learn anything; the key stops every other local client.
 */
export function refusalOf(
  request: { method?: string; headers: IncomingMessage["headers"]; remoteAddress?: string },
  expected: { key: string; port: number },
): string | null {
  if (!request.remoteAddress || !LOOPBACK_ADDRESSES.has(request.remoteAddress))
    return "not from this machine";
  if (request.headers.origin !== undefined) return "requests from web pages are refused";
  const host = request.headers.host;
  if (host !== `127.0.0.1:${expected.port}` && host !== `localhost:${expected.port}`) return "wrong Host";
  if (request.method !== "POST") return "only POST";
  const presented = request.headers[STORE_KEY_HEADER];
  if (typeof presented !== "string" || !sameSecret(presented, expected.key))
    return "missing or wrong store key";
  return null;
}

function sameSecret(presented: string, key: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Puts the guard in front of dynalite's own request handler (which answers every origin with
 * `Access-Control-Allow-Origin: *`): refused requests get a bare 403 with no CORS headers.
 */
export function guardStoreServer(server: Server, expected: { key: string; port: () => number }): void {
  const handlers = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const refusal = refusalOf(
      { method: req.method, headers: req.headers, remoteAddress: req.socket.remoteAddress },
      { key: expected.key, port: expected.port() },
    );
    if (refusal) {
      req.resume();
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8", connection: "close" });
      res.end(`pricewarden store: ${refusal}\n`);
      return;
    }
    for (const handle of handlers) handle(req, res);
  });
}
