import { randomUUID } from "node:crypto";
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse } from "aws-lambda";
import * as z from "zod";
import { listingIdOf } from "../core/alert-identity.js";
import { canonicalUrl } from "../core/canonical-url.js";
import type { TenantConfig } from "../core/config.js";
import { type CoverageCounters, coverageContribution } from "../core/coverage.js";
import { PricewardenError } from "../core/errors.js";
import type { Fetcher } from "../crawl/fetcher.js";
import type { EvidenceRecorder } from "../evidence/evidence-recorder.js";
import { SessionPacedOutError } from "../sessions/shared-pacer.js";
import {
  processTarget,
  type RenderPage,
  type SessionFeedback,
  type TargetDeps,
  type TargetResult,
} from "../stages/cycle.js";
import { CycleListings } from "../stages/cycle-listings.js";
import type { CoverageRecord } from "../store/run-coverage-repository.js";
import { type CrawlMessage, parseCrawlMessage } from "./crawl-message.js";
import { coverageRecordOf, failedTargetResult, publishChannelMetrics } from "./run-coverage.js";
import type { AwsStore, ConfigVersionCache } from "./store-clients.js";
import { sendCrawlMessages, type TargetQueues } from "./target-sender.js";

/** Only the fields the worker reads; the rest of the SQS record passes through untouched. */
export const SqsEventSchema = z.object({
  Records: z.array(
    z
      .object({
        messageId: z.string().min(1),
        body: z.string(),
        attributes: z.object({ ApproximateReceiveCount: z.string().optional() }).loose().optional(),
      })
      .loose(),
  ),
});

/** The record a render path is asked for, and when the invocation stops waiting for it. */
export interface RenderJob {
  message: CrawlMessage;
  /** Epoch ms of the invocation's cut-off (records not done by then are redelivered); null: none. */
  deadline: number | null;
}

/** How a render worker reads `render: true` pages, and hears what a page seen with a session came to. */
export interface RenderPath {
  render: RenderPage;
  sessionFeedback?: SessionFeedback;
}

export interface CrawlWorkerDeps {
  store: AwsStore;
  configs: ConfigVersionCache;
  sqs: SQSClient;
  queues: TargetQueues;
  createFetcher: (config: TenantConfig) => Fetcher;
  /**
   * Present in the render function only: Chromium for `render: true` channels, with customer
   * sessions for channels that have them.
   */
  renderFor?: (config: TenantConfig, job: RenderJob) => RenderPath;
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
  /**
   * The queues' maxReceiveCount (lib/constructs/monitored-queue.ts): a message that fails on this
   * receive goes to the DLQ, and its target counts in the run's coverage as an error page.
   */
  maxReceiveCount?: number;
}

/** The part of the Lambda context the worker reads. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

const DEFAULT_DEADLINE_MARGIN_MS = 15_000;
/** The work queues' maxReceiveCount (MonitoredQueue's default, asserted in test/cdk). */
export const QUEUE_MAX_RECEIVE_COUNT = 5;
/**
 * Hand-backs of one message for want of a session slot before it fails like any other (and, after
 * the queue's maxReceiveCount, lands in the DLQ): a session that cannot keep up for hours needs a
 * person (more sessions, or fewer pages).
 */
export const MAX_PACED_OUT = 24;

/**
 * `result` null: the message was handed back to its queue, delayed (its session was paced out).
 * `coverage`: what the target adds to its run's coverage, written for the whole batch at its end.
 */
type RecordResult =
  | { messageId: string; ok: true; result: TargetResult | null; coverage?: CoverageRecord }
  | { messageId: string; ok: false; coverage?: CoverageRecord };

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

    // One batched view of each tenant's listings for the invocation: the states of the batch's
    // product pages are read in one request up front, and its writes are committed in groups.
    const views = new Map<string, CycleListings>();
    const listingsOf = (tenant: string): CycleListings => {
      let view = views.get(tenant);
      if (!view) {
        view = new CycleListings(deps.store.listings, tenant);
        views.set(tenant, view);
      }
      return view;
    };
    const productPages = new Map<string, string[]>();
    for (const record of Records) {
      const parsed = parseCrawlMessage(record.body);
      if (!parsed.ok || parsed.message.target.kind !== "product") continue;
      const ids = productPages.get(parsed.message.tenant) ?? [];
      ids.push(listingIdOf(canonicalUrl(parsed.message.target.url)));
      productPages.set(parsed.message.tenant, ids);
    }
    for (const [tenant, ids] of productPages) listingsOf(tenant).prefetch(ids);

    const remaining = context?.getRemainingTimeInMillis();
    // Never less than half the time left, should a function be deployed with a short timeout.
    const cutOffMs =
      remaining === undefined
        ? null
        : Math.max(remaining / 2, remaining - (deps.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS));
    const cutOffAt = cutOffMs === null ? null : Date.now() + cutOffMs;

    type SqsRecord = z.infer<typeof SqsEventSchema>["Records"][number];
    const handle = async (record: SqsRecord): Promise<RecordResult> => {
      const failed = (reason: string, error?: unknown): RecordResult => {
        deps.logger.error("crawl message failed", { messageId: record.messageId, reason, error });
        return { messageId: record.messageId, ok: false };
      };
      const parsed = parseCrawlMessage(record.body);
      if (!parsed.ok) return failed(`poison message: ${parsed.reason}`);
      const message = parsed.message;
      /**
       * On its last receive the message goes to the DLQ: its target counts in the run's coverage
       * as the local runner counts a target whose processing threw, an error page.
       */
      const failedForGood = (reason: string, error?: unknown): RecordResult => {
        const receives = Number(record.attributes?.ApproximateReceiveCount ?? "1");
        const last = receives >= (deps.maxReceiveCount ?? QUEUE_MAX_RECEIVE_COUNT);
        return {
          ...failed(reason, error),
          ...(last
            ? {
                coverage: coverageRecordOf(
                  message,
                  record.messageId,
                  failedTargetResult(message.target, reason),
                ),
              }
            : {}),
        };
      };
      let config: TenantConfig | undefined;
      try {
        const stored = await deps.configs.get(message.tenant, message.configVersion);
        if (!stored) return failedForGood(`no config ${message.tenant}@${message.configVersion}`);
        config = stored.config;
        const renderPath = deps.renderFor?.(stored.config, { message, deadline: cutOffAt });
        const targetDeps: TargetDeps = {
          config: stored.config,
          fetcher: fetcherFor(message, stored.config),
          signal: abandoned.signal,
          ...(renderPath ? { render: renderPath.render } : {}),
          ...(renderPath?.sessionFeedback ? { sessionFeedback: renderPath.sessionFeedback } : {}),
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
          listings: listingsOf(message.tenant),
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
        return {
          messageId: record.messageId,
          ok: true,
          result,
          coverage: coverageRecordOf(message, record.messageId, result),
        };
      } catch (error) {
        if (error instanceof SessionPacedOutError && config && !abandoned.signal.aborted)
          return handBack(record.messageId, message, config, error);
        // Given up at the deadline: already reported for redelivery and logged there.
        if (error instanceof PricewardenError && error.code === "ABANDONED")
          return { messageId: record.messageId, ok: false };
        return failedForGood((error as Error).message, error);
      }
    };

    /**
     * A check whose session had no page load free in time: nothing of it was recorded, and the
     * message goes back to its queue, delayed until the session's next slot. It is not a failure
     * (the receive count stays), up to MAX_PACED_OUT times; a hand-back that cannot be sent fails
     * the record, so SQS redelivers it instead.
     */
    const handBack = async (
      messageId: string,
      message: CrawlMessage,
      config: TenantConfig,
      paced: SessionPacedOutError,
    ): Promise<RecordResult> => {
      const pacedOut = (message.pacedOut ?? 0) + 1;
      const where = { messageId, channel: paced.channel, sessionId: paced.sessionId, pacedOut };
      if (pacedOut > MAX_PACED_OUT) {
        deps.logger.warn(
          `paced out ${MAX_PACED_OUT} times: the channel's sessions cannot keep up with its pages (add sessions, or watch fewer pages); the message now fails like any other`,
          where,
        );
        return { messageId, ok: false };
      }
      const delaySeconds = Math.min(900, Math.max(1, Math.ceil(paced.retryAfterMs / 1000)));
      try {
        await sendCrawlMessages(deps.sqs, config, deps.queues, [{ ...message, pacedOut }], { delaySeconds });
      } catch (error) {
        deps.logger.error("paced out, and the message could not be handed back; SQS redelivers it", {
          ...where,
          error,
        });
        return { messageId, ok: false };
      }
      deps.logger.info("paced out: the session has no page load free in time; message handed back", {
        ...where,
        delaySeconds,
      });
      return { messageId, ok: true, result: null };
    };

    let timer: NodeJS.Timeout | undefined;
    let overran = false;
    const deadline =
      cutOffMs === null
        ? null
        : new Promise<void>((resolve) => {
            timer = setTimeout(resolve, cutOffMs);
          });
    const settle = (record: SqsRecord): Promise<RecordResult> => {
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
    results = await countCoverage(deps, results);
    publishMetrics(deps.metrics, results);
    const batchItemFailures = results.filter((r) => !r.ok).map((r) => ({ itemIdentifier: r.messageId }));
    return { batchItemFailures };
  };
}

/**
 * Last, once everything else of the batch stands: each target's share of its run's coverage,
 * counted once per run however often its message comes (RunCoverageRepository), with one write
 * per run and channel for the whole batch. A finished check whose share could not be written is
 * reported as failed: SQS redelivers it and the (idempotent) check runs again.
 */
async function countCoverage(deps: CrawlWorkerDeps, results: RecordResult[]): Promise<RecordResult[]> {
  const pending = results.flatMap((r, i) => (r.coverage ? [{ i, record: r.coverage }] : []));
  if (pending.length === 0) return results;
  const outcomes = await deps.store.runCoverage
    .addAll(
      pending.map((p) => p.record),
      deps.now?.() ?? new Date(),
    )
    .catch((error: unknown) => pending.map(() => ({ error })));
  const out = [...results];
  outcomes.forEach((outcome, j) => {
    if (typeof outcome !== "object") return;
    const { i, record } = pending[j]!;
    deps.logger.error("could not add the target to its run's coverage", {
      messageId: record.messageId,
      runId: record.runId,
      error: outcome.error,
    });
    if (out[i]!.ok) out[i] = { messageId: record.messageId, ok: false };
  });
  return out;
}

function publishMetrics(metrics: Metrics, results: RecordResult[]): void {
  let pages = 0;
  let alertsNew = 0;
  let failures = 0;
  let pacedOut = 0;
  const outcomes = new Map<string, number>();
  const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  const byChannel = new Map<string, CoverageCounters>();
  for (const r of results) {
    if (!r.ok) {
      failures++;
      continue;
    }
    if (r.result === null) {
      pacedOut++;
      continue;
    }
    const { channel, counters } = coverageContribution(r.result);
    const sum = byChannel.get(channel);
    if (!sum) byChannel.set(channel, { ...counters });
    else for (const k of Object.keys(counters) as (keyof CoverageCounters)[]) sum[k] += counters[k];
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
  if (pacedOut > 0) metrics.addMetric("pacedOut", MetricUnit.Count, pacedOut);
  metrics.publishStoredMetrics();
  // One EMF line per outcome kind: the outcome is a dimension, so dashboards can split by it.
  for (const [outcome, n] of outcomes) {
    metrics.singleMetric().addDimension("outcome", outcome).addMetric("outcomes", MetricUnit.Count, n);
  }
  publishChannelMetrics(metrics, byChannel);
}

/** `2026-01-01T00:00:00.000Z#1a2b3c4d`, the same shape the local runner uses. */
export function newRunId(now: Date): string {
  return `${now.toISOString()}#${randomUUID().slice(0, 8)}`;
}
