import { SQSClient } from "@aws-sdk/client-sqs";
import { awsEvidenceFromEnvironment } from "../aws/aws-evidence.js";
import { createCrawlWorker } from "../aws/crawl-worker.js";
import { CrawlEnvironmentSchema, readEnvironment } from "../aws/handler-environment.js";
import { ConfigVersionCache, createAwsStore } from "../aws/store-clients.js";
import { createTelemetry } from "../aws/telemetry.js";
import { createFetcher } from "../crawl/fetcher.js";

// Built once per container; the config cache outlives invocations (versions are immutable).
const env = readEnvironment(CrawlEnvironmentSchema);
const { logger, metrics } = createTelemetry("crawl");
const store = createAwsStore(env);
const evidence = awsEvidenceFromEnvironment(env, store.evidence, (m) => logger.warn(m));

export const handler = createCrawlWorker({
  store,
  configs: new ConfigVersionCache(store.configs),
  sqs: new SQSClient({ region: env.AWS_REGION }),
  queues: { crawlQueueUrl: env.CRAWL_QUEUE_URL, renderQueueUrl: env.RENDER_QUEUE_URL },
  createFetcher: (config) => createFetcher(config.network),
  // No Chromium here: a check whose alerts need a screenshot is re-run by the render function.
  ...(evidence
    ? {
        evidenceFor: (_config, recheckWithChromium) => evidence.recorderFor({ handOff: recheckWithChromium }),
      }
    : {}),
  logger,
  metrics,
});
