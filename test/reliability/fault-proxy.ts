import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The faults a real marketplace throws at a crawler, as this proxy injects them. */
export type Fault = "throttle" | "unavailable" | "reset" | "drip" | "captcha" | "midbody" | "server-error";

export const FAULTS: readonly Fault[] = [
  "throttle",
  "unavailable",
  "reset",
  "drip",
  "captcha",
  "midbody",
  "server-error",
];

export interface FaultProxy {
  url: string;
  /** Share of page requests (robots.txt aside) that get a fault; 0 passes everything through. */
  setFaultRate(rate: number): void;
  /** Faults injected so far, by kind. */
  injected(): Record<Fault, number>;
  close(): Promise<void>;
}

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

const CAPTCHA = `<html><head><title>安全验证</title></head><body><div id="nc_1_wrapper"><span>请按住滑块，拖动到最右边</span></div>
<p>￥9.90 限时秒杀</p></body></html>`;

/**
 * A reverse proxy in front of a marketplace that injects faults on a seeded share of requests:
 * 429/503 bursts with Retry-After, connection resets, a body that drips forever, captcha pages
 * answered 200 (with a price on them), a 200 whose body stops half way, and 500s.
 */
export async function startFaultProxy(upstream: string, seed: number): Promise<FaultProxy> {
  const random = seeded(seed);
  const target = new URL(upstream);
  let rate = 0;
  const counts = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  const drips = new Set<ServerResponse>();

  const forward = (req: IncomingMessage, res: ServerResponse, cut: boolean) => {
    const upstreamReq = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host, "accept-encoding": "identity" },
      },
      (up) => {
        if (!cut) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          const body = Buffer.concat(chunks);
          res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length });
          res.write(body.subarray(0, Math.floor(body.length / 2)));
          res.socket?.destroy();
        });
      },
    );
    upstreamReq.on("error", () => res.socket?.destroy());
    req.pipe(upstreamReq);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://proxy.invalid").pathname;
    const fault =
      path !== "/robots.txt" && random() < rate ? FAULTS[Math.floor(random() * FAULTS.length)] : undefined;
    if (fault) counts[fault]++;
    switch (fault) {
      case "throttle":
        res.writeHead(429, { "retry-after": "1", "content-type": "text/plain" }).end("slow down");
        return;
      case "unavailable":
        res.writeHead(503, { "retry-after": "0", "content-type": "text/plain" }).end("busy");
        return;
      case "server-error":
        res.writeHead(500, { "content-type": "text/html" }).end("<h1>500 服务器错误</h1><p>￥1.00</p>");
        return;
      case "reset":
        req.socket.destroy();
        return;
      case "captcha":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(CAPTCHA);
        return;
      case "drip": {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.write("<html><body><h1>");
        drips.add(res);
        const tick = setInterval(() => res.write("."), 250);
        res.on("close", () => {
          clearInterval(tick);
          drips.delete(res);
        });
        return;
      }
      case "midbody":
        forward(req, res, true);
        return;
      default:
        forward(req, res, false);
    }
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFaultRate: (r) => {
      rate = r;
    },
    injected: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of drips) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
