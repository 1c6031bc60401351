import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** A pass-through HTTP proxy that counts requests, so a test can act after the Nth page. */
export async function startCountingProxy(target: string, onRequest: (n: number) => void) {
  const upstream = new URL(target);
  let n = 0;
  const server = createServer((req, res) => {
    onRequest(++n);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => n,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
