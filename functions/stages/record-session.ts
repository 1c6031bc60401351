import type { Finding } from "../core/alert.js";
import { alertIdOf } from "../core/alert-identity.js";
import type { TenantConfig } from "../core/config.js";
import { operationalFinding } from "../core/detect/operational-finding.js";
import type { SessionProblem } from "../crawl/render/session-render.js";
import { deliveryTargetsFor } from "../notify/notify-targets.js";
import type { AlertRepository, RecordResult } from "../store/alert-repository.js";

/**
 * One operational alert per customer session that stopped working, to the channel's managers:
 * `session_expired` (sign in again) or `blocked` (the platform pushed back on the account; a
 * person may solve its check in the same browser profile, Pricewarden never does). Raised once
 * when the session turns unhealthy; resolved when a check with it works again.
 */

function sessionKey(channel: string, sessionId: string): string {
  return `session:${channel}:${sessionId}`;
}

export function sessionAlertId(
  tenant: string,
  type: "session_expired" | "blocked",
  channel: string,
  sessionId: string,
): string {
  return alertIdOf(tenant, type, sessionKey(channel, sessionId), null);
}

export function sessionFinding(config: TenantConfig, problem: SessionProblem): Finding {
  const { session, channel, alert, reason } = problem;
  const todo =
    alert === "session_expired"
      ? `sign in again: \`pricewarden session login --channel ${channel.id}\` on a machine with a screen, or export the browser's storage state and \`pricewarden session import --channel ${channel.id} FILE\``
      : `the platform asked this account to prove it is a person; it rests for the rest of this cycle. Open ${channel.name} in the same browser profile, solve the check by hand (Pricewarden never solves captchas), then \`pricewarden session import --channel ${channel.id} FILE\` again; fewer pages a minute (session.requestsPerMinute) make it rarer`;
  return operationalFinding({
    type: alert,
    severity: "medium",
    listingId: sessionKey(channel.id, session.id),
    url: sessionKey(channel.id, session.id),
    channel: channel.id,
    currency: config.currency,
    explanation: `${alert === "session_expired" ? "Session expired" : "Session blocked"}: the browser session "${session.label}" of ${channel.name} (${channel.id}) ${alert === "session_expired" ? "no longer signs in" : "met a challenge"} (${reason}); its pages are not read until it works again. To do: ${todo}.`,
    inputs: { session: session.label, sessionId: session.id, reason },
  });
}

export async function recordSessionAlert(
  deps: { config: TenantConfig; alerts: AlertRepository },
  problem: SessionProblem,
  runId: string,
  now: Date,
): Promise<RecordResult> {
  const finding = sessionFinding(deps.config, problem);
  return deps.alerts.record(finding, {
    tenant: deps.config.tenant,
    alertId: sessionAlertId(deps.config.tenant, problem.alert, problem.channel.id, problem.session.id),
    runId,
    now: now.toISOString(),
    targets: deliveryTargetsFor(deps.config, finding.severity),
  });
}

/** A session that works again (a check read a page with it): its alerts resolve. */
export async function resolveSessionAlerts(
  deps: { config: TenantConfig; alerts: AlertRepository },
  channel: string,
  sessionId: string,
  runId: string,
  now: Date,
): Promise<void> {
  for (const type of ["session_expired", "blocked"] as const)
    await deps.alerts.markClean(
      deps.config.tenant,
      sessionAlertId(deps.config.tenant, type, channel, sessionId),
      {
        runId,
        now: now.toISOString(),
        resolveAfter: 1,
        note: "the session read a page again",
      },
    );
}
