import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the app on loopback only: local mode has no login, so it must not be reachable from the network. */
export async function startApiServer(opts: {
  // biome-ignore lint/suspicious/noExplicitAny: any app env; the server only calls fetch
  app: Hono<any>;
  port: number;
  host: "127.0.0.1";
}): Promise<ApiServer> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      { fetch: opts.app.fetch, port: opts.port, hostname: opts.host, overrideGlobalObjects: false },
      () => resolve(s),
    );
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive connections would hold close() open; end them (Node 18.2+).
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
