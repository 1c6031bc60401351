import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod";
import { PricewardenError } from "../core/errors.js";
import { plan } from "../stages/plan.js";
import type { AlertRepository } from "../store/alert-repository.js";
import type { ConfigRepository } from "../store/config-repository.js";
import type { RunCoverageRepository } from "../store/run-coverage-repository.js";
import type { RunRepository } from "../store/run-repository.js";
import type { CrawlMessage } from "./crawl-message.js";
import { newRunId } from "./crawl-worker.js";
import { closeOpenRuns } from "./run-coverage.js";
import { sendCrawlMessages, type TargetQueues } from "./target-sender.js";

/** The EventBridge Scheduler input set per tenant by the CDK app. */
export const PlanEventSchema = z.object({ tenant: z.string().regex(/^[a-z0-9][a-z0-9-]*$/) });

export interface PlanWorkerDeps {
  configs: ConfigRepository;
  /** Runs started and the coverage their workers accumulated: the previous run is closed here. */
  runCoverage: RunCoverageRepository;
  runs: RunRepository;
  alerts: AlertRepository;
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
  /** Ids of the earlier runs this invocation closed (summary saved, coverage alerts raised). */
  closed: string[];
}

/**
 * One scheduled run: the latest config → plan → one SQS message per target. First, the tenant's
 * previous run is closed: nothing else knows when a run is over (run-coverage.ts), so its coverage,
 * summary and `coverage_drop` alerts are settled when the next one starts.
 */
export function createPlanWorker(deps: PlanWorkerDeps): (event: unknown) => Promise<PlanOutcome> {
  const clock = deps.now ?? (() => new Date());
  /**
   * A run whose summary could not be opened or closed is logged and counted (`runSummaryFailures`,
   * alarmed), and the new run goes ahead: monitoring never stops for a missing summary. A run
   * that could not be closed stays open, and the next plan closes it.
   */
  const summaryFailed = (what: string, fields: Record<string, unknown>) => {
    deps.logger.error(what, fields);
    deps.metrics.addMetric("runSummaryFailures", MetricUnit.Count, 1);
    deps.metrics.publishStoredMetrics();
  };
  return async (event) => {
    const { tenant } = PlanEventSchema.parse(event);
    const latest = await deps.configs.latest(tenant);
    // Thrown so the invocation fails: Lambda retries, then the async DLQ and its alarm.
    if (!latest) throw new PricewardenError("NOT_FOUND", `no config published for tenant ${tenant}`);
    const startedAt = clock();
    const runId = newRunId(startedAt);
    let closed: string[] = [];
    try {
      const summaries = await closeOpenRuns(
        {
          configs: deps.configs,
          runCoverage: deps.runCoverage,
          runs: deps.runs,
          alerts: deps.alerts,
          logger: deps.logger,
          metrics: deps.metrics,
          now: clock,
        },
        tenant,
        runId,
      );
      closed = summaries.map((s) => s.runId);
    } catch (error) {
      summaryFailed("could not close the previous run; the next plan tries again", { tenant, error });
    }
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
    // Opened once its messages are out: a plan that fails half-way is retried as a new run, and
    // the half-sent one is never judged on the few targets it got out.
    try {
      await deps.runCoverage.open({
        tenant,
        runId,
        configVersion: latest.version,
        startedAt: startedAt.toISOString(),
        targetsPlanned: messages.length,
      });
    } catch (error) {
      summaryFailed("could not open the run: it will have no summary or coverage alerts", {
        tenant,
        runId,
        error,
      });
    }
    deps.logger.info("run planned", {
      tenant,
      configVersion: latest.version,
      runId,
      targets: messages.length,
      closed,
    });
    deps.metrics.addMetric("targetsPlanned", MetricUnit.Count, messages.length);
    deps.metrics.publishStoredMetrics();
    return { tenant, configVersion: latest.version, runId, targets: messages.length, closed };
  };
}
