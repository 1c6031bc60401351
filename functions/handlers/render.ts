import { SQSClient } from "@aws-sdk/client-sqs";
import chromium from "@sparticuz/chromium";
import * as z from "zod";
import { awsEvidenceFromEnvironment } from "../aws/aws-evidence.js";
import { createCrawlWorker } from "../aws/crawl-worker.js";
import { CrawlEnvironmentSchema, readEnvironment } from "../aws/handler-environment.js";
import { ConfigVersionCache, createAwsStore } from "../aws/store-clients.js";
import { createTelemetry } from "../aws/telemetry.js";
import type { TenantConfig } from "../core/config.js";
import { createFetcher } from "../crawl/fetcher.js";
import { createRenderer, type Renderer } from "../crawl/render/chromium-renderer.js";
import type { RenderPage } from "../cycle.js";
import { type PageScreenshot, screenshotWithRenderer } from "../evidence/page-screenshot.js";

/**
 * The crawl worker for `render: true` channels: the same processTarget, with Chromium as its
 * `render` dep. It consumes its own queue, so browser-heavy work scales (and fails) apart from
 * the HTTP fast path.
 */
const env = readEnvironment(
  CrawlEnvironmentSchema.extend({
    /** Where the bundle carries @sparticuz/chromium's brotli files (esbuild moves the JS away from them). */
    CHROMIUM_BIN_DIR: z.string().min(1).optional(),
  }),
);
const { logger, metrics } = createTelemetry("render");
const store = createAwsStore(env);

// Inflating Chromium into /tmp during init uses the init CPU boost; later calls return at once.
const chromiumReady: Promise<string> = chromium.executablePath(env.CHROMIUM_BIN_DIR);
chromiumReady.catch((error: unknown) => logger.error("cannot inflate Chromium", { error }));

const evidence = awsEvidenceFromEnvironment(env, store.evidence, (m) => logger.warn(m));

let current: { key: string; renderer: Renderer } | undefined;

/**
 * One browser per container, rebuilt when the network policy changes. The event source's batch
 * size is 1, so no render of another config is in flight when it is replaced.
 */
function rendererFor(config: TenantConfig): Renderer {
  const options = {
    allowPrivateAddresses: config.network.allowPrivateAddresses,
    timeoutMs: config.network.timeoutMs,
    maxBytes: config.network.maxBytes,
    userAgent: config.network.userAgent,
  };
  const key = JSON.stringify(options);
  if (current?.key !== key) {
    void current?.renderer.close().catch(() => undefined);
    current = { key, renderer: createRenderer(options) };
  }
  return current.renderer;
}

function screenshotFor(config: TenantConfig): PageScreenshot {
  const shot = screenshotWithRenderer(rendererFor(config));
  return async (url) => {
    await chromiumReady;
    return shot(url);
  };
}

function renderFor(config: TenantConfig): RenderPage {
  const renderer = rendererFor(config);
  return async (url, signal) => {
    await chromiumReady;
    return (await renderer.render(url, { blockResources: true, ...(signal ? { signal } : {}) })).outcome;
  };
}

export const handler = createCrawlWorker({
  store,
  configs: new ConfigVersionCache(store.configs),
  sqs: new SQSClient({ region: env.AWS_REGION }),
  queues: { crawlQueueUrl: env.CRAWL_QUEUE_URL, renderQueueUrl: env.RENDER_QUEUE_URL },
  createFetcher: (config) => createFetcher(config.network),
  renderFor,
  // Chromium is here, so a tenant's `evidence.screenshot` is taken with the same renderer.
  ...(evidence
    ? {
        evidenceFor: (config: TenantConfig) =>
          evidence.recorderFor(config.evidence.screenshot ? { screenshot: screenshotFor(config) } : {}),
      }
    : {}),
  logger,
  metrics,
});
