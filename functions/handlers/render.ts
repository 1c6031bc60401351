import { SQSClient } from "@aws-sdk/client-sqs";
import chromium from "@sparticuz/chromium";
import { awsEvidenceFromEnvironment } from "../aws/aws-evidence.js";
import { createCrawlWorker, type RenderJob, type RenderPath } from "../aws/crawl-worker.js";
import { RenderEnvironmentSchema, readEnvironment } from "../aws/handler-environment.js";
import { createRenderSessions, lazyKmsSessionCipher } from "../aws/render-sessions.js";
import { ConfigVersionCache, createAwsStore } from "../aws/store-clients.js";
import { createTelemetry } from "../aws/telemetry.js";
import type { TenantConfig } from "../core/config.js";
import { createFetcher } from "../crawl/fetcher.js";
import { createRenderer, type Renderer } from "../crawl/render/chromium-renderer.js";
import { type PageScreenshot, screenshotWithRenderer } from "../evidence/page-screenshot.js";
import { SessionLease } from "../store/session-lease.js";
import { SessionRepository } from "../store/session-repository.js";

/**
 * The crawl worker for `render: true` channels: the same processTarget, with Chromium as its
 * `render` dep. It consumes its own queue, so browser-heavy work scales (and fails) apart from
 * the HTTP fast path. Channels with a `session` browse with the tenant's stored browser sessions
 * (sealed with the KMS key in SESSION_KEY_ID), paced per session across every render worker,
 * with one alert when a session turns unhealthy (functions/aws/render-sessions.ts).
 */
const env = readEnvironment(RenderEnvironmentSchema);
const { logger, metrics } = createTelemetry("render");
const store = createAwsStore(env);
if (!env.SESSION_KEY_ID)
  logger.warn("SESSION_KEY_ID unset: channels with browser sessions cannot open them and their checks fail");
const renderPathFor = createRenderSessions({
  alerts: store.alerts,
  sessions: new SessionRepository(
    store.doc,
    env.TABLE_NAME,
    lazyKmsSessionCipher(env.AWS_REGION, env.SESSION_KEY_ID),
  ),
  lease: new SessionLease(store.doc, env.TABLE_NAME),
  logger,
});

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

function renderFor(config: TenantConfig, job: RenderJob): RenderPath {
  const path = renderPathFor(config, job, rendererFor(config));
  return {
    ...path,
    render: async (url, signal, channel) => {
      await chromiumReady;
      return path.render(url, signal, channel);
    },
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
