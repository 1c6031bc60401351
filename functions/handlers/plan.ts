import { SQSClient } from "@aws-sdk/client-sqs";
import { PlanEnvironmentSchema, readEnvironment } from "../aws/handler-environment.js";
import { createPlanWorker } from "../aws/plan-worker.js";
import { createAwsStore } from "../aws/store-clients.js";
import { createTelemetry } from "../aws/telemetry.js";

// Built once per container; EventBridge Scheduler invokes with `{ "tenant": "…" }`.
const env = readEnvironment(PlanEnvironmentSchema);
const { logger, metrics } = createTelemetry("plan");
const store = createAwsStore(env);

export const handler = createPlanWorker({
  configs: store.configs,
  // The previous run is closed here: its summary, coverage and `coverage_drop` alerts.
  runCoverage: store.runCoverage,
  runs: store.runs,
  alerts: store.alerts,
  sqs: new SQSClient({ region: env.AWS_REGION }),
  queues: { crawlQueueUrl: env.CRAWL_QUEUE_URL, renderQueueUrl: env.RENDER_QUEUE_URL },
  logger,
  metrics,
});
