import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { canonicalUrl } from "../core/canonical-url.js";
import type { TenantConfig } from "../core/config.js";
import {
  type CoverageContribution,
  type CoverageCounters,
  coverageContribution,
  reasonTallies,
  runCoverageFromCounters,
} from "../core/coverage.js";
import type { ListingResult, TargetResult } from "../stages/cycle.js";
import type { CrawlTarget } from "../stages/plan.js";
import { recordCoverageAlerts } from "../stages/record-coverage.js";
import type { AlertRepository } from "../store/alert-repository.js";
import type { ConfigRepository } from "../store/config-repository.js";
import type { CoverageRecord, OpenRun, RunCoverageRepository } from "../store/run-coverage-repository.js";
import type { RunRepository, RunSummary } from "../store/run-repository.js";

/**
 * A run's coverage on AWS. Workers each add what one target came to (`coverageRecordOf`, into
 * RunCoverageRepository); the plan function, when it starts a tenant's next run, closes the
 * previous one (`closeOpenRuns`): coverage per channel, the run summary and the `coverage_drop`
 * alerts, exactly as the local runner's cycle does at its end.
 *
 * Why at the next run: nothing on AWS knows when a run's last message is done. Discovery pages
 * send more targets while the run goes on, failed messages come back after their visibility
 * timeout (up to five times), paced-out ones after a delay of up to 15 minutes. The next
 * scheduled run is the first moment at which the previous one can be taken as finished, so a
 * run's coverage is judged one schedule interval after it started.
 */

/** Outcomes the run summary counts as errors (as the local cycle does). */
const ERROR_OUTCOMES: ReadonlySet<string> = new Set(["error", "refused", "rate_limited"]);

/** A target's identity in its run: the key the local runner de-duplicates targets by. */
export function targetKeyOf(target: CrawlTarget): string {
  return target.kind === "product" ? `p:${canonicalUrl(target.url)}` : `d:${target.start}`;
}

/**
 * The result the local runner records for a target whose processing threw (cycle.ts `runCycle`):
 * on AWS, for a message that failed for the last time before the DLQ.
 */
export function failedTargetResult(target: CrawlTarget, reason: string): ListingResult {
  return {
    kind: "listing",
    url: target.kind === "product" ? target.url : target.start,
    channel: target.channel,
    outcome: "error",
    reason,
    listing: null,
    findings: [],
    alertsNew: 0,
  };
}

/** What one processed target adds to its run: its coverage (`coverageContribution`) and summary counters. */
export function coverageRecordOf(
  message: { tenant: string; runId: string; target: CrawlTarget },
  messageId: string,
  result: TargetResult,
  contribution: CoverageContribution = coverageContribution(result),
): CoverageRecord {
  let pages = 0;
  let alertsNew = 0;
  let errors = 0;
  const outcomes: Record<string, number> = {};
  if (result.kind === "discovered") {
    pages = result.pages;
    errors = result.outcomes.filter((o) => ERROR_OUTCOMES.has(o)).length;
  } else {
    pages = 1;
    alertsNew = result.alertsNew;
    outcomes[result.outcome] = 1;
    if (ERROR_OUTCOMES.has(result.outcome)) errors = 1;
  }
  return {
    tenant: message.tenant,
    runId: message.runId,
    channel: contribution.channel,
    targetKey: targetKeyOf(message.target),
    messageId,
    counters: contribution.counters,
    reasons: reasonTallies(contribution.pages),
    discoveryPagesRead: contribution.discoveryPagesRead,
    pages,
    alertsNew,
    errors,
    outcomes,
  };
}

/** EMF metric per channel of a batch: the pages it checked, by what they came to. */
export function publishChannelMetrics(
  metrics: Metrics,
  byChannel: ReadonlyMap<string, CoverageCounters>,
): void {
  for (const [channel, c] of byChannel) {
    metrics.addDimension("channel", channel);
    metrics.addMetric("pagesChecked", MetricUnit.Count, c.targets);
    metrics.addMetric("pagesPriced", MetricUnit.Count, c.priced);
    metrics.addMetric("pagesBlocked", MetricUnit.Count, c.blocked);
    metrics.addMetric("pagesLoginRequired", MetricUnit.Count, c.login_required);
    metrics.addMetric("pagesRateLimited", MetricUnit.Count, c.rate_limited);
    // One EMF line per channel (the dimension is cleared with it).
    metrics.publishStoredMetrics();
  }
}

export interface RunCloserDeps {
  configs: ConfigRepository;
  runCoverage: RunCoverageRepository;
  runs: RunRepository;
  alerts: AlertRepository;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
}

/**
 * Closes the tenant's runs still open that started before `runId` (normally just the previous
 * one), oldest first. Each close is idempotent (the summary's key is the run's start, alerts are
 * recorded once per run id), so a close that failed half-way is simply done again next time.
 */
export async function closeOpenRuns(
  deps: RunCloserDeps,
  tenant: string,
  runId: string,
): Promise<RunSummary[]> {
  const open = (await deps.runCoverage.openRuns(tenant)).filter((r) => r.runId < runId);
  const closed: RunSummary[] = [];
  for (const run of open) closed.push(await closeRun(deps, run));
  return closed;
}

/** One run's coverage, alerts and summary, from what its workers accumulated. */
export async function closeRun(deps: RunCloserDeps, run: OpenRun): Promise<RunSummary> {
  const config = await configOf(deps, run);
  const totals = await deps.runCoverage.totals(run.tenant, run.runId);
  const coverage = runCoverageFromCounters(totals.channels, totals.discoveryPagesRead, config);
  const closedAt = deps.now();
  const coverageAlerts = await recordCoverageAlerts(
    { config, alerts: deps.alerts },
    { coverage, runId: run.runId, now: closedAt },
  );
  const openAlerts = await deps.alerts.list(run.tenant, { statuses: ["open"] });

  // Approximate, where the local summary measures: `finishedAt` is when a worker last added to
  // the run (not when its last page finished), so `seconds` includes time targets waited in the
  // queues; `sites` is empty (per-host fetch counters live in each worker's fetcher and are not
  // collected); a target whose message failed for good counts as one error page only if it
  // failed on its last receive (a record cut off at an invocation's deadline on its last receive
  // is not counted at all).
  const finishedAt = totals.lastAddedAt ?? run.startedAt;
  const seconds = Math.max(0, (Date.parse(finishedAt) - Date.parse(run.startedAt)) / 1000);
  const summary: RunSummary = {
    runId: run.runId,
    tenant: run.tenant,
    startedAt: run.startedAt,
    finishedAt,
    pages: totals.pages,
    listings: Object.values(coverage.channels).reduce((n, c) => n + c.listings, 0),
    // Created by this run: just now, or by an earlier close of the same run (unchanged since).
    alertsNew:
      totals.alertsNew +
      coverageAlerts.raised.filter(
        (r) => r.kind === "created" || (r.kind === "unchanged" && r.alert.occurrences === 1),
      ).length,
    alertsOpen: openAlerts.length,
    errors: totals.errors,
    seconds,
    pagesPerSecond: seconds > 0 ? Math.round((totals.pages / seconds) * 100) / 100 : totals.pages,
    outcomes: totals.outcomes,
    sites: [],
    channels: coverage.channels,
    coverage: coverage.coverage,
    blind: coverage.blind,
  };
  await deps.runs.save(summary);
  await deps.runCoverage.markClosed(run, closedAt);

  for (const [channel, c] of Object.entries(coverage.channels)) {
    if (c.coverage === null) continue;
    deps.metrics.addDimension("channel", channel);
    deps.metrics.addMetric("coverage", MetricUnit.Percent, Math.round(c.coverage * 10_000) / 100);
    deps.metrics.publishStoredMetrics();
  }
  deps.metrics.addMetric("blindChannels", MetricUnit.Count, coverage.blindChannels.length);
  deps.metrics.publishStoredMetrics();
  deps.logger.info("run closed", {
    tenant: run.tenant,
    runId: run.runId,
    pages: summary.pages,
    coverage: summary.coverage,
    blindChannels: coverage.blindChannels,
    coverageAlertsRaised: coverageAlerts.raised.length,
    coverageAlertsResolved: coverageAlerts.resolved.length,
    ...(Object.keys(totals.unnamedReasons).length > 0 ? { unnamedReasons: totals.unnamedReasons } : {}),
  });
  return summary;
}

/** The config the run was planned with (versions are immutable), else the latest. */
async function configOf(deps: RunCloserDeps, run: OpenRun): Promise<TenantConfig> {
  const pinned = await deps.configs.get(run.tenant, run.configVersion);
  if (pinned) return pinned.config;
  const latest = await deps.configs.latest(run.tenant);
  if (latest) return latest.config;
  throw new Error(`no config for tenant ${run.tenant} to close run ${run.runId}`);
}
