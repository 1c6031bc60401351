import { alertIdOf } from "../core/alert-identity.js";
import type { TenantConfig } from "../core/config.js";
import { channelAlertKey, coverageFinding, percent, type RunCoverage } from "../core/coverage.js";
import { deliveryTargetsFor } from "../notify/notify-targets.js";
import type { AlertRepository, RecordResult } from "../store/alert-repository.js";

export interface CoverageAlertsOutcome {
  /** One per blind channel: created, reopened, updated (still blind) or unchanged (same run). */
  raised: RecordResult[];
  /** Ids of `coverage_drop` alerts this run resolved (their channel could see again). */
  resolved: string[];
}

/** The deterministic id of a channel's `coverage_drop` alert. */
export function coverageAlertId(tenant: string, channelId: string): string {
  return alertIdOf(tenant, "coverage_drop", channelAlertKey(channelId), null);
}

/**
 * The record stage for the run as a whole: one `coverage_drop` alert per blind channel, written
 * like a listing's alerts (one conditional write with its pending deliveries, so the notify
 * targets hear of it), and resolved at the first run in which the channel could see again. A
 * channel without targets this run is not judged and its alert is left alone.
 */
export async function recordCoverageAlerts(
  deps: { config: TenantConfig; alerts: AlertRepository },
  args: { coverage: RunCoverage; runId: string; now: Date },
): Promise<CoverageAlertsOutcome> {
  const { config } = deps;
  const now = args.now.toISOString();
  const outcome: CoverageAlertsOutcome = { raised: [], resolved: [] };
  for (const [channelId, c] of Object.entries(args.coverage.channels)) {
    if (c.coverage === null) continue;
    const alertId = coverageAlertId(config.tenant, channelId);
    if (c.blind) {
      const finding = coverageFinding(config, channelId, c, args.coverage.threshold);
      outcome.raised.push(
        await deps.alerts.record(finding, {
          tenant: config.tenant,
          alertId,
          runId: args.runId,
          now,
          targets: deliveryTargetsFor(config, finding.severity),
        }),
      );
      continue;
    }
    const cleaned = await deps.alerts.markClean(config.tenant, alertId, {
      runId: args.runId,
      now,
      resolveAfter: 1,
      note: `coverage back to ${percent(c.coverage)} (${c.priced} of ${c.targets - c.gone} pages priced)`,
    });
    if (cleaned?.status === "resolved" && cleaned.lastRunId === args.runId) outcome.resolved.push(alertId);
  }
  return outcome;
}
