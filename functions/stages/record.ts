import { isDeepStrictEqual } from "node:util";
import type { Finding } from "../core/alert.js";
import { alertIdOf } from "../core/alert-identity.js";
import type { TenantConfig } from "../core/config.js";
import { deliveryTargetsFor } from "../notify/notify-targets.js";
import type { AlertRepository, RecordResult } from "../store/alert-repository.js";
import type { ListingState, Observation } from "../store/listing-repository.js";
import type { ListingStore } from "./cycle-listings.js";

export interface RecordDeps {
  config: TenantConfig;
  alerts: AlertRepository;
  listings: ListingStore;
}

export interface RecordOutcome {
  alertsNew: number;
  alertsReopened: number;
  results: RecordResult[];
}

/** Clean checks after which an alert whose condition cleared is resolved. */
export const RESOLVE_AFTER_CLEAN_RUNS = 2;
/** An unchanged listing still gets one observation a day, so history shows it was watched. */
const HEARTBEAT_MS = 24 * 60 * 60 * 1000;
/**
 * A listing state that differs from the stored one only in `lastCheckedAt` is re-written at most
 * this often. The state put (and its gsi1 copy) is most of a check's DynamoDB writes; at several
 * checks a day most of them change nothing. So `lastCheckedAt` means "last check that changed
 * something, or at most a day ago"; the run summaries count every check.
 */
export const STATE_HEARTBEAT_MS = 24 * 60 * 60 * 1000;

/**
 * The record stage for one checked listing: upsert an alert per finding (deterministic id),
 * count a clean run on its alerts that no longer hold, store an observation if something changed
 * (or a heartbeat is due), then save the listing state last — so a crash part-way leaves nothing
 * that a re-run would duplicate.
 */
export async function recordListing(
  deps: RecordDeps,
  args: {
    state: ListingState;
    previous: ListingState | null;
    findings: Finding[];
    /** False when the check could not judge the listing (blocked, no price): alerts are left alone. */
    judged: boolean;
    runId: string;
    now: Date;
  },
): Promise<RecordOutcome> {
  const { config } = deps;
  const nowIso = args.now.toISOString();
  const outcome: RecordOutcome = { alertsNew: 0, alertsReopened: 0, results: [] };
  const active = new Set<string>();
  for (const finding of args.findings) {
    const alertId = alertIdOf(config.tenant, finding.type, finding.listingId, finding.sku);
    const result = await deps.alerts.record(
      finding,
      {
        tenant: config.tenant,
        alertId,
        runId: args.runId,
        now: nowIso,
        targets: deliveryTargetsFor(config, finding.severity),
      },
      { likelyNew: !args.previous?.activeAlertIds.includes(alertId) },
    );
    outcome.results.push(result);
    if (result.kind === "created") outcome.alertsNew++;
    if (result.kind === "reopened") outcome.alertsReopened++;
    if (result.alert.status !== "resolved") active.add(alertId);
  }
  for (const alertId of args.previous?.activeAlertIds ?? []) {
    if (active.has(alertId)) continue;
    if (!args.judged) {
      active.add(alertId);
      continue;
    }
    const cleaned = await deps.alerts.markClean(config.tenant, alertId, {
      runId: args.runId,
      now: nowIso,
      resolveAfter: RESOLVE_AFTER_CLEAN_RUNS,
    });
    if (cleaned && (cleaned.status === "open" || cleaned.status === "acknowledged")) active.add(alertId);
  }

  const state: ListingState = { ...args.state, activeAlertIds: [...active].sort() };
  // Only a check that read a price is history; a blocked or unmatched page carries stale prices.
  const observation = args.judged ? observationIfDue(state, args.previous, nowIso) : null;
  if (observation) {
    await deps.listings.addObservation(config.tenant, observation);
    state.lastObservationAt = nowIso;
  }
  if (!sameStateRecently(state, args.previous, args.now)) await deps.listings.putState(config.tenant, state);
  return outcome;
}

/** Whether storing `state` would change nothing but `lastCheckedAt`, last written under a day ago. */
function sameStateRecently(state: ListingState, previous: ListingState | null, now: Date): boolean {
  if (!previous || now.getTime() - Date.parse(previous.lastCheckedAt) >= STATE_HEARTBEAT_MS) return false;
  const { lastCheckedAt: _checked, ...next } = state;
  const { lastCheckedAt: _stored, ...stored } = previous;
  return isDeepStrictEqual(next, stored);
}

function observationIfDue(
  state: ListingState,
  previous: ListingState | null,
  nowIso: string,
): Observation | null {
  if (state.listedPrice === null && state.availability === null) return null;
  const changed =
    !previous ||
    previous.listedPrice !== state.listedPrice ||
    previous.effectivePrice !== state.effectivePrice ||
    previous.perPackPrice !== state.perPackPrice ||
    previous.availability !== state.availability ||
    previous.seller !== state.seller;
  const last = previous?.lastObservationAt ? Date.parse(previous.lastObservationAt) : 0;
  const heartbeat = Date.parse(nowIso) - last >= HEARTBEAT_MS;
  if (!changed && !heartbeat) return null;
  return {
    at: nowIso,
    listingId: state.listingId,
    channel: state.channel,
    sku: state.sku,
    seller: state.seller,
    listedPrice: state.listedPrice,
    effectivePrice: state.effectivePrice,
    perPackPrice: state.perPackPrice,
    currency: state.currency,
    availability: state.availability,
    reason: changed ? "change" : "heartbeat",
    ...(state.area ? { area: state.area } : {}),
  };
}
