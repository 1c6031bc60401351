import type { AlertSeverity, AlertStatus, AlertType } from "../core/alert.js";
import { alertIdOf } from "../core/alert-identity.js";
import type { TenantConfig } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import type { Fetcher } from "../crawl/fetcher.js";
import { type CapturedListingLine, type CaptureOutcomeLine, importHar } from "../stages/capture-import.js";
import type { ApiDeps } from "./api-deps.js";
import { boundedText } from "./bounded-text.js";

/** A HAR of a few dozen pages is a few MB; a long session with images inlined can be tens. */
export const HAR_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;

export const harUploadLimit = (deps: ApiDeps): number => deps.imports?.maxBytes ?? HAR_UPLOAD_MAX_BYTES;

/** An upload limit as people read it: "50 MB", "64 KB". */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Most rows of each kind the answer carries; the counts are always whole. */
const MAX_ROWS = 2000;
const MAX_URL = 2048;
const MAX_TEXT = 300;
const MAX_REASON = 500;

/** An alert the HAR raised (or saw again), for a link to it. */
export interface ImportedAlert {
  id: string;
  type: AlertType;
  severity: AlertSeverity;
  status: AlertStatus;
  /** Created by this import (not seen before). */
  new: boolean;
  monitoringOnly: boolean;
  sku: string | null;
  seller: string | null;
  url: string;
}

/** `POST /api/imports`'s answer; the dashboard's result page shows the same. */
export interface HarImportSummary {
  /** SHA-256 of the HAR's text: what the evidence of its alerts names. */
  har: string;
  pages: number;
  /** Listings recorded (on pages a channel of the config matches). */
  listings: number;
  alertsNew: number;
  outcomes: CaptureOutcomeLine[];
  /** Pages no channel of the config matches: read, not recorded. */
  notRecorded: string[];
  /** What the profiles read, as `pricewarden extract --har` prints it. */
  extracted: CapturedListingLine[];
  alerts: ImportedAlert[];
  /** HAR entries left out, and why. */
  skipped: { index: number; reason: string }[];
  /** Whether signed evidence bundles were captured for the alerts. */
  evidence: boolean;
  /** `sent` when delivered here, `queued` when left to the notifier. */
  notifications: "sent" | "queued";
  deliveries: { delivered: number; retrying: number; failed: number } | null;
  /** True when a list above was cut at its first rows. */
  truncated: boolean;
}

export type HarUpload =
  | { kind: "imported"; summary: HarImportSummary }
  | { kind: "bad_input"; reason: string };

/** Importing a HAR reads what the person's browser recorded; nothing is fetched. */
const NO_FETCHER: Fetcher = {
  fetch: async () => {
    throw new PricewardenError("INTERNAL", "an imported HAR is never fetched");
  },
  stats: () => [],
  close: async () => {},
  abort: () => {},
};

const bound = (text: string | null, max: number) => (text === null ? null : boundedText(text, max));

function boundedListing(l: CapturedListingLine): CapturedListingLine {
  return {
    ...l,
    url: boundedText(l.url, MAX_URL),
    title: bound(l.title, MAX_TEXT),
    price: bound(l.price, 40),
    listPrice: bound(l.listPrice, 40),
    finalPrice: bound(l.finalPrice, 40),
    currency: bound(l.currency, 10),
    seller: bound(l.seller, 200),
    sellerId: bound(l.sellerId, 100),
    availability: bound(l.availability, 60),
    source: boundedText(l.source, MAX_TEXT),
    ...(l.itemId ? { itemId: boundedText(l.itemId, 100) } : {}),
    ...(l.drugClass ? { drugClass: boundedText(l.drugClass, 60) } : {}),
  };
}

/**
 * The HAR a brand user uploaded, imported for their tenant exactly as `pricewarden import` does:
 * the same reading, matching, rules and alerts. A file that is not a HAR is `bad_input` with the
 * parser's reason, before anything is recorded.
 */
export async function importUploadedHar(
  deps: ApiDeps,
  config: TenantConfig,
  text: string,
): Promise<HarUpload> {
  const at = deps.now?.() ?? new Date();
  const evidence = deps.imports?.evidence
    ? await deps.imports.evidence({ ...config, evidence: { ...config.evidence, screenshot: false } })
    : undefined;
  const send = deps.imports?.send;
  let result: Awaited<ReturnType<typeof importHar>>;
  try {
    result = await importHar(
      {
        config,
        fetcher: NO_FETCHER,
        alerts: deps.alerts,
        listings: deps.listings,
        now: () => at,
        ...(evidence ? { evidence } : {}),
        ...(send ? { send, resolveSecret: deps.imports?.resolveSecret ?? (() => undefined) } : {}),
      },
      text,
    );
  } catch (error) {
    if (error instanceof PricewardenError && error.code === "BAD_INPUT")
      return { kind: "bad_input", reason: boundedText(error.message, 1000) };
    throw error;
  }
  const { report } = result;

  const alertIds = new Set<string>();
  for (const r of result.results)
    for (const f of r.findings) alertIds.add(alertIdOf(config.tenant, f.type, f.listingId, f.sku));
  const alerts: ImportedAlert[] = [];
  for (const id of [...alertIds].slice(0, MAX_ROWS)) {
    const alert = await deps.alerts.get(config.tenant, id);
    if (!alert) continue;
    alerts.push({
      id: alert.id,
      type: alert.type,
      severity: alert.severity,
      status: alert.status,
      new: alert.firstSeen === at.toISOString() && alert.occurrences === 1,
      monitoringOnly: alert.monitoringOnly,
      sku: alert.sku,
      seller: bound(alert.seller, 200),
      url: boundedText(alert.url, MAX_URL),
    });
  }

  const truncated =
    report.outcomes.length > MAX_ROWS ||
    report.listings.length > MAX_ROWS ||
    result.unmatchedPages.length > MAX_ROWS ||
    report.skipped.length > MAX_ROWS ||
    alertIds.size > MAX_ROWS;
  return {
    kind: "imported",
    summary: {
      har: report.sha256,
      pages: report.readings.length,
      listings: result.results.filter((r) => r.listing).length,
      alertsNew: result.alertsNew,
      outcomes: report.outcomes.slice(0, MAX_ROWS).map((o) => ({
        url: boundedText(o.url, MAX_URL),
        outcome: boundedText(o.outcome, 40),
        reason: bound(o.reason, MAX_REASON),
      })),
      notRecorded: result.unmatchedPages.slice(0, MAX_ROWS).map((u) => boundedText(u, MAX_URL)),
      extracted: report.listings.slice(0, MAX_ROWS).map(boundedListing),
      alerts,
      skipped: report.skipped
        .slice(0, MAX_ROWS)
        .map((s) => ({ index: s.index, reason: boundedText(s.reason, MAX_REASON) })),
      evidence: evidence !== undefined,
      notifications: result.deliveries ? "sent" : "queued",
      deliveries: result.deliveries,
      truncated,
    },
  };
}
