import { randomUUID } from "node:crypto";
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse } from "aws-lambda";
import * as z from "zod";
import type { TenantConfig } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import type { Fetcher } from "../crawl/fetcher.js";
import { processTarget, type RenderPage, type TargetDeps, type TargetResult } from "../cycle.js";
import type { EvidenceRecorder } from "../evidence/evidence-recorder.js";
import { type CrawlMessage, parseCrawlMessage } from "./crawl-message.js";
import type { AwsStore, ConfigVersionCache } from "./store-clients.js";
import { sendCrawlMessages, type TargetQueues } from "./target-sender.js";

/** Only the fields the worker reads; the rest of the SQS record passes through untouched. */
export const SqsEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string().min(1), body: z.string() }).loose()),
});

export interface CrawlWorkerDeps {
  store: AwsStore;
  configs: ConfigVersionCache;
  sqs: SQSClient;
  queues: TargetQueues;
  createFetcher: (config: TenantConfig) => Fetcher;
  /** Present in the render function only: the Chromium renderer for `render: true` channels. */
  renderFor?: (config: TenantConfig) => RenderPage;
  /**
   * Signed evidence for the alerts a check raises (absent: the deployment captures none).
   * `recheckWithChromium` re-queues the message on the render queue, for a recorder that
   * cannot take the tenant's screenshots here.
   */
  evidenceFor?: (config: TenantConfig, recheckWithChromium: () => Promise<void>) => EvidenceRecorder;
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
  /**
   * Kept between the end of the work and the Lambda's timeout: records not done by then are
   * reported as failed (SQS redelivers them) instead of the whole batch timing out.
   */
  deadlineMarginMs?: number;
}

/** The part of the Lambda context the worker reads. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

const DEFAULT_DEADLINE_MARGIN_MS = 15_000;

type RecordResult = { messageId: string; ok: true; result: TargetResult } | { messageId: string; ok: false };

/**
 * One SQS batch: every record is a target, processed concurrently (the fetcher keeps per-host
 * politeness across them). A record fails alone — poison body, unknown tenant or version, a store
 * error — and only its id is reported, so SQS redelivers it and, after maxReceiveCount, parks it
 * in the DLQ. A record still running shortly before the invocation's deadline (a slow,
 * rate-limiting site in a batch of 20) is reported the same way, so the finished ones stand and
 * the function does not time out; its checks are idempotent when it runs again.
 */
export function createCrawlWorker(
  deps: CrawlWorkerDeps,
): (event: unknown, context?: InvocationContext) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    const { Records } = SqsEventSchema.parse(event);
    const fetchers = new Map<string, Fetcher>();
    // Aborted at the deadline: checks still running then record nothing and their requests end.
    const abandoned = new AbortController();
    const fetcherFor = (message: CrawlMessage, config: TenantConfig): Fetcher => {
      const key = `${message.tenant}@${message.configVersion}`;
      let fetcher = fetchers.get(key);
      if (!fetcher) {
        fetcher = deps.createFetcher(config);
        fetchers.set(key, fetcher);
      }
      return fetcher;
    };

    const handle = async (record: { messageId: string; body: string }): Promise<RecordResult> => {
      const failed = (reason: string, error?: unknown): RecordResult => {
        deps.logger.error("crawl message failed", { messageId: record.messageId, reason, error });
        return { messageId: record.messageId, ok: false };
      };
      const parsed = parseCrawlMessage(record.body);
      if (!parsed.ok) return failed(`poison message: ${parsed.reason}`);
      const message = parsed.message;
      try {
        const stored = await deps.configs.get(message.tenant, message.configVersion);
        if (!stored) return failed(`no config ${message.tenant}@${message.configVersion}`);
        const targetDeps: TargetDeps = {
          config: stored.config,
          fetcher: fetcherFor(message, stored.config),
          signal: abandoned.signal,
          ...(deps.renderFor ? { render: deps.renderFor(stored.config) } : {}),
          ...(deps.evidenceFor
            ? {
                evidence: deps.evidenceFor(stored.config, async () => {
                  const render = deps.queues.renderQueueUrl;
                  await sendCrawlMessages(
                    deps.sqs,
                    stored.config,
                    { crawlQueueUrl: render, renderQueueUrl: render },
                    [message],
                  );
                }),
              }
            : {}),
          alerts: deps.store.alerts,
          listings: deps.store.listings,
          ...(deps.now ? { now: deps.now } : {}),
          log: (line) => deps.logger.info(line, { messageId: record.messageId }),
        };
        const result = await processTarget(targetDeps, message.target, message.runId);
        if (result.kind === "discovered" && result.targets.length > 0) {
          await sendCrawlMessages(
            deps.sqs,
            stored.config,
            deps.queues,
            result.targets.map((target) => ({ ...message, target })),
          );
        }
        return { messageId: record.messageId, ok: true, result };
      } catch (error) {
        // Given up at the deadline: already reported for redelivery and logged there.
        if (error instanceof PricewardenError && error.code === "ABANDONED")
          return { messageId: record.messageId, ok: false };
        return failed((error as Error).message, error);
      }
    };

    const remaining = context?.getRemainingTimeInMillis();
    let timer: NodeJS.Timeout | undefined;
    let overran = false;
    const deadline =
      remaining === undefined
        ? null
        : new Promise<void>((resolve) => {
            // Never less than half the time left, should a function be deployed with a short timeout.
            const margin = deps.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
            timer = setTimeout(resolve, Math.max(remaining / 2, remaining - margin));
          });
    const settle = (record: { messageId: string; body: string }): Promise<RecordResult> => {
      if (!deadline) return handle(record);
      let done = false;
      const work = handle(record).finally(() => {
        done = true;
      });
      const cutOff = deadline.then((): RecordResult | Promise<RecordResult> => {
        if (done) return work;
        overran = true;
        deps.logger.warn("crawl message not finished before the invocation's deadline; SQS redelivers it", {
          messageId: record.messageId,
        });
        return { messageId: record.messageId, ok: false };
      });
      return Promise.race([work, cutOff]);
    };

    let results: RecordResult[];
    try {
      results = await Promise.all(Records.map(settle));
    } finally {
      clearTimeout(timer);
      if (overran) {
        // Past the deadline nothing may keep running after the handler returns: the cut-off
        // checks record nothing (their messages come back) and their requests end now.
        abandoned.abort();
        for (const f of fetchers.values()) f.abort();
      } else {
        await Promise.all([...fetchers.values()].map((f) => f.close().catch(() => undefined)));
      }
    }
    publishMetrics(deps.metrics, results);
    const batchItemFailures = results.filter((r) => !r.ok).map((r) => ({ itemIdentifier: r.messageId }));
    return { batchItemFailures };
  };
}

function publishMetrics(metrics: Metrics, results: RecordResult[]): void {
  let pages = 0;
  let alertsNew = 0;
  let failures = 0;
  const outcomes = new Map<string, number>();
  const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  for (const r of results) {
    if (!r.ok) {
      failures++;
      continue;
    }
    if (r.result.kind === "discovered") {
      pages += r.result.pages;
      for (const o of r.result.outcomes) count(o);
    } else {
      pages++;
      alertsNew += r.result.alertsNew;
      count(r.result.outcome);
    }
  }
  metrics.addMetric("pages", MetricUnit.Count, pages);
  metrics.addMetric("alertsNew", MetricUnit.Count, alertsNew);
  metrics.addMetric("failedMessages", MetricUnit.Count, failures);
  metrics.publishStoredMetrics();
  // One EMF line per outcome kind: the outcome is a dimension, so dashboards can split by it.
  for (const [outcome, n] of outcomes) {
    metrics.singleMetric().addDimension("outcome", outcome).addMetric("outcomes", MetricUnit.Count, n);
  }
}

/** `2026-01-01T00:00:00.000Z#1a2b3c4d`, the same shape the local runner uses. */
export function newRunId(now: Date): string {
  return `${now.toISOString()}#${randomUUID().slice(0, 8)}`;
}
