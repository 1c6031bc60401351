import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod";
import { PricewardenError } from "../core/errors.js";
import { plan } from "../plan.js";
import type { ConfigRepository } from "../store/config-repository.js";
import type { CrawlMessage } from "./crawl-message.js";
import { newRunId } from "./crawl-worker.js";
import { sendCrawlMessages, type TargetQueues } from "./target-sender.js";

/** The EventBridge Scheduler input set per tenant by the CDK app. */
export const PlanEventSchema = z.object({ tenant: z.string().regex(/^[a-z0-9][a-z0-9-]*$/) });

export interface PlanWorkerDeps {
  configs: ConfigRepository;
  sqs: SQSClient;
  queues: TargetQueues;
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
}

export interface PlanOutcome {
  tenant: string;
  configVersion: string;
  runId: string;
  targets: number;
}

/** One scheduled run: the latest config → plan → one SQS message per target. */
export function createPlanWorker(deps: PlanWorkerDeps): (event: unknown) => Promise<PlanOutcome> {
  return async (event) => {
    const { tenant } = PlanEventSchema.parse(event);
    const latest = await deps.configs.latest(tenant);
    // Thrown so the invocation fails: Lambda retries, then the async DLQ and its alarm.
    if (!latest) throw new PricewardenError("NOT_FOUND", `no config published for tenant ${tenant}`);
    const runId = newRunId(deps.now?.() ?? new Date());
    const targets = plan(latest.config);
    // Direct URLs first, as the local runner does: they are cheaper and pin their SKU.
    const ordered = [
      ...targets.filter((t) => t.kind === "product"),
      ...targets.filter((t) => t.kind === "discover"),
    ];
    const messages: CrawlMessage[] = ordered.map((target) => ({
      tenant,
      configVersion: latest.version,
      runId,
      target,
    }));
    await sendCrawlMessages(deps.sqs, latest.config, deps.queues, messages);
    deps.logger.info("run planned", {
      tenant,
      configVersion: latest.version,
      runId,
      targets: messages.length,
    });
    deps.metrics.addMetric("targetsPlanned", MetricUnit.Count, messages.length);
    deps.metrics.publishStoredMetrics();
    return { tenant, configVersion: latest.version, runId, targets: messages.length };
  };
}
