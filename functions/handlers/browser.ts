import chromium from "@sparticuz/chromium";
import { createBrowserFunction } from "../aws/browser-function.js";
import type { BrowserNetwork } from "../aws/browser-protocol.js";
import { BrowserEnvironmentSchema, readEnvironment } from "../aws/handler-environment.js";
import { createTelemetry } from "../aws/telemetry.js";
import { createRenderer, type Renderer } from "../crawl/render/chromium-renderer.js";

/**
 * Chromium, and nothing else: invoked by the render worker (functions/handlers/render.ts) with one
 * page to render, it hands the page back (DOM, recorded responses, screenshot). Its role can write
 * its log group and nothing more: no table, no queue, no evidence bucket, no key. Lambda has no
 * user namespaces, so Chromium's own sandbox cannot run here; the empty role is what confines a
 * renderer exploit (docs/aws.md "Browser isolation").
 */
const env = readEnvironment(BrowserEnvironmentSchema);
const { logger } = createTelemetry("browser");

// Inflating Chromium into /tmp during init uses the init CPU boost; later calls return at once.
const chromiumReady: Promise<string> = chromium.executablePath(env.CHROMIUM_BIN_DIR);
chromiumReady.catch((error: unknown) => logger.error("cannot inflate Chromium", { error }));

let current: { key: string; renderer: Renderer } | undefined;

/** One browser per container, rebuilt when the network policy changes (one render at a time). */
function rendererFor(network: BrowserNetwork): Renderer {
  const key = JSON.stringify(network);
  if (current?.key !== key) {
    void current?.renderer.close().catch(() => undefined);
    current = { key, renderer: createRenderer(network) };
  }
  return current.renderer;
}

export const handler = createBrowserFunction({ rendererFor, ready: () => chromiumReady });
