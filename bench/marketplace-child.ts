/**
 * The bench marketplace in a process of its own (one core for the site, one for the crawler):
 * started by the orchestrators, ready when it prints its port.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export interface MarketplaceChild {
  child: ChildProcess;
  origin: string;
  pageBytes: unknown;
  /** Requests served so far, by kind (item, listing, asset, robots, render, other). */
  counters(): Promise<Record<string, number>>;
  stop(): void;
}

export async function startMarketplaceChild(options: {
  products: number;
  gzip?: boolean;
  brotli?: boolean;
}): Promise<MarketplaceChild> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(here, "marketplace.ts"),
      "--products",
      String(options.products),
      ...(options.gzip ? ["--gzip"] : []),
      ...(options.brotli ? ["--brotli"] : []),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  if (!child.stdout) throw new Error("marketplace has no stdout");
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const ready = JSON.parse(line) as { ready?: boolean; port?: number; pageBytes?: unknown };
    if (ready.ready && ready.port) {
      lines.close();
      const origin = `http://127.0.0.1:${ready.port}`;
      return {
        child,
        origin,
        pageBytes: ready.pageBytes,
        counters: async () => (await (await fetch(`${origin}/__stats`)).json()) as Record<string, number>,
        stop: () => void child.kill("SIGTERM"),
      };
    }
  }
  throw new Error("marketplace exited before it was ready");
}
