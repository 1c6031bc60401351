import { SQSClient } from "@aws-sdk/client-sqs";
import { awsEvidenceFromEnvironment } from "../aws/aws-evidence.js";
import { createCrawlWorker, type RenderJob, type RenderPath } from "../aws/crawl-worker.js";
import { RenderEnvironmentSchema, readEnvironment } from "../aws/handler-environment.js";
import { createLambdaInvoker } from "../aws/lambda-invoker.js";
import { createRemoteRenderer } from "../aws/remote-renderer.js";
import { createRenderSessions, lazyKmsSessionCipher } from "../aws/render-sessions.js";
import { ConfigVersionCache, createAwsStore } from "../aws/store-clients.js";
import { createTelemetry } from "../aws/telemetry.js";
import type { TenantConfig } from "../core/config.js";
import { createFetcher } from "../crawl/fetcher.js";
import type { Renderer } from "../crawl/render/chromium-renderer.js";
import { type PageScreenshot, screenshotWithRenderer } from "../evidence/page-screenshot.js";
import { SessionLease } from "../store/session-lease.js";
import { SessionRepository } from "../store/session-repository.js";

/**
 * The crawl worker for `render: true` channels: the same processTarget, with Chromium as its
 * `render` dep. It consumes its own queue, so browser-heavy work scales (and fails) apart from
 * the HTTP fast path. Chromium itself runs in the browser function (BROWSER_FUNCTION_NAME), which
 * this worker invokes for every page and screenshot: what it records, signs and stores, it does
 * here, where no browser runs. Channels with a `session` browse with the tenant's stored browser
 * sessions (sealed with the KMS key in SESSION_KEY_ID, opened here and handed to the browser for
 * the one page), paced per session across every render worker, with one alert when a session
 * turns unhealthy (functions/aws/render-sessions.ts).
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

const evidence = awsEvidenceFromEnvironment(env, store.evidence, (m) => logger.warn(m));

const sqs = new SQSClient({ region: env.AWS_REGION });
const invokeBrowser = createLambdaInvoker({
  region: env.AWS_REGION,
  functionName: env.BROWSER_FUNCTION_NAME,
  credentials: () => sqs.config.credentials(),
});

/** The browser function with this tenant's network policy. */
function rendererFor(config: TenantConfig): Renderer {
  return createRemoteRenderer(
    {
      allowPrivateAddresses: config.network.allowPrivateAddresses,
      timeoutMs: config.network.timeoutMs,
      maxBytes: config.network.maxBytes,
      userAgent: config.network.userAgent,
    },
    invokeBrowser,
  );
}

function screenshotFor(config: TenantConfig): PageScreenshot {
  return screenshotWithRenderer(rendererFor(config));
}

function renderFor(config: TenantConfig, job: RenderJob): RenderPath {
  return renderPathFor(config, job, rendererFor(config));
}

export const handler = createCrawlWorker({
  store,
  configs: new ConfigVersionCache(store.configs),
  sqs,
  queues: { crawlQueueUrl: env.CRAWL_QUEUE_URL, renderQueueUrl: env.RENDER_QUEUE_URL },
  createFetcher: (config) => createFetcher(config.network),
  renderFor,
  // Chromium is one call away, so a tenant's `evidence.screenshot` is taken with the same renderer.
  ...(evidence
    ? {
        evidenceFor: (config: TenantConfig) =>
          evidence.recorderFor(config.evidence.screenshot ? { screenshot: screenshotFor(config) } : {}),
      }
    : {}),
  logger,
  metrics,
});
