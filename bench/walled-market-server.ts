/**
 * The login-walled market in a process of its own for bench/walled.ts, so that its CPU is not
 * the crawler's. Real clock; its rate limit is set out of reach (pacing is measured apart). A
 * control server beside it (not part of the market) hands out sessions and the request log:
 *   GET /session          → { id, storageState }
 *   GET /requests         → WalledRequest[]
 *   GET /clear            → clears the log
 * Prints one JSON line when ready: { ready, url, control, pid }.
 */
import { createServer } from "node:http";
import { startWalledMarket } from "../functions/local/walled-market/walled-market.js";

const market = await startWalledMarket({ port: 0, pagesPerMinute: 1_000_000_000 });

const control = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://control").pathname;
  let body: unknown;
  if (path === "/session") body = market.createSession({ area: "1_72_55653_0" });
  else if (path === "/requests") body = market.requests();
  else if (path === "/clear") {
    market.clearRequests();
    body = { ok: true };
  } else {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
});
control.listen(0, "127.0.0.1", () => {
  const address = control.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(
    `${JSON.stringify({ ready: true, url: market.url, control: `http://127.0.0.1:${port}`, pid: process.pid })}\n`,
  );
});

const stop = () => {
  control.close();
  void market.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
