import { randomBytes } from "node:crypto";
import type { TenantConfig } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import type { FetchOutcome } from "../core/fetch-outcome.js";
import type { ExtractedListing } from "../core/listing.js";
import type { RecordResult, StoredAlert } from "../store/alert-repository.js";
import { type BlobStore, blobKey } from "../store/blob-store.js";
import type { EvidenceRecord, EvidenceRepository } from "../store/evidence-repository.js";
import { canonicalJsonBytes } from "./canonical-json.js";
import type { FindingFile } from "./evidence-files.js";
import {
  CAPTURED_FILES,
  MANIFEST_FORMAT,
  type Manifest,
  type ManifestFile,
  type ScreenshotRecord,
  STORED,
} from "./evidence-manifest.js";
import type { EvidenceSigner } from "./evidence-signer.js";
import type { PageScreenshot, ScreenshotResult } from "./page-screenshot.js";
import { screenshotOffReason, wantsScreenshot } from "./screenshot-policy.js";
import { sha256Hex } from "./sha256.js";
import { toolVersion } from "./tool-version.js";

export type FetchedPage = Extract<FetchOutcome, { kind: "ok" }>;

/** One check that read a page and recorded alerts: what the recorder needs to capture it. */
export interface RecordedCheck {
  config: TenantConfig;
  page: FetchedPage;
  listing: ExtractedListing;
  results: readonly RecordResult[];
  /** When the check started (before the fetch). */
  checkedAt: Date;
}

export interface EvidenceRecorder {
  /**
   * Captures one bundle per alert occurrence: for each open or acknowledged alert of the check
   * whose current occurrence (since it was created or last reopened) has no capture yet. That is
   * every created or reopened alert, plus any whose capture was lost to a crash or an error.
   */
  afterRecord(check: RecordedCheck): Promise<EvidenceRecord[]>;
}

export interface EvidenceRecorderDeps {
  evidence: EvidenceRepository;
  blobs: BlobStore;
  signer: EvidenceSigner;
  /** Needed when a tenant's `evidence.screenshot` asks for one; without it the bundle says so. */
  screenshot?: PageScreenshot;
  /**
   * Where this runtime has no Chromium but the tenant wants screenshots: hands the check to a
   * runtime that has one (on AWS, the render function re-checks the target and captures there),
   * and nothing is captured here. Without it the bundle records the screenshot as not taken.
   */
  handOff?: (check: RecordedCheck) => Promise<void>;
  toolVersion?: string;
  now?: () => Date;
  newCaptureId?: () => string;
}

interface PendingFile {
  meta: ManifestFile;
  body: Uint8Array;
}

export function createEvidenceRecorder(deps: EvidenceRecorderDeps): EvidenceRecorder {
  const now = deps.now ?? (() => new Date());
  const newCaptureId = deps.newCaptureId ?? (() => randomBytes(8).toString("hex"));
  const version = deps.toolVersion ?? toolVersion();

  async function needsCapture(tenant: string, result: RecordResult): Promise<boolean> {
    const { alert } = result;
    if (alert.status !== "open" && alert.status !== "acknowledged") return false;
    if (result.kind === "created" || result.kind === "reopened") return true;
    const latest = await deps.evidence.latest(tenant, alert.id);
    return latest === null || latest.capturedAt < openedAt(alert);
  }

  async function capture(
    check: RecordedCheck,
    alert: StoredAlert,
    shot: ScreenshotResult | null,
    shotAt: string,
    html: Buffer,
  ): Promise<EvidenceRecord> {
    const { config, page, listing } = check;
    const captureId = newCaptureId();
    const capturedAt = now().toISOString();
    const opened = openedAt(alert);
    const files: PendingFile[] = [
      file(CAPTURED_FILES.html, "text/html; charset=utf-8", html),
      file(CAPTURED_FILES.listing, "application/json", canonicalJsonBytes(listing)),
      file(CAPTURED_FILES.finding, "application/json", canonicalJsonBytes(findingFile(alert, opened))),
    ];
    if (page.responses?.length || page.capture)
      files.push(
        file(
          CAPTURED_FILES.responses,
          "application/json",
          canonicalJsonBytes({ capture: page.capture ?? null, responses: page.responses ?? [] }),
        ),
      );
    let screenshot: ScreenshotRecord;
    // One screenshot serves every alert of the page, so an alert the setting leaves out still
    // carries it when another alert of the same check asked for it.
    if (shot === null && !wantsScreenshot(config.evidence.screenshot, alert.type))
      screenshot = { status: "disabled", reason: screenshotOffReason(config.evidence.screenshot) };
    else if (shot === null)
      screenshot = {
        status: "failed",
        url: page.finalUrl,
        at: shotAt,
        reason: "no Chromium renderer is configured in this runtime",
      };
    else if (!shot.ok) screenshot = { status: "failed", url: shot.url, at: shotAt, reason: shot.reason };
    else {
      files.push(file(CAPTURED_FILES.screenshot, "image/png", shot.png));
      screenshot = {
        status: "captured",
        file: CAPTURED_FILES.screenshot,
        url: shot.url,
        takenAt: shotAt,
        renderOutcome: shot.renderOutcome,
      };
    }
    files.sort((a, b) => (a.meta.name < b.meta.name ? -1 : 1));

    const built: Manifest = {
      format: MANIFEST_FORMAT,
      captureId,
      tenant: config.tenant,
      alertId: alert.id,
      capturedAt,
      alert: { type: alert.type, severity: alert.severity, occurrence: alert.occurrences, openedAt: opened },
      page: {
        url: alert.url,
        requestedUrl: page.url,
        finalUrl: page.finalUrl,
        httpStatus: page.status,
        contentType: page.contentType,
        originalCharset: page.charset,
        originalBytes: page.bytes,
        rendered: page.rendered,
        checkedAt: check.checkedAt.toISOString(),
      },
      screenshot,
      files: files.map((f) => f.meta),
      tool: { name: "pricewarden", version },
      signing: {
        algorithm: deps.signer.algorithm,
        publicKey: deps.signer.publicKeyPem,
        fingerprint: deps.signer.fingerprint,
      },
    };
    const { manifest, fullValues } = boundManifest(built, deps.signer.maxMessageBytes);
    if (fullValues) {
      files.push(fullValues);
      files.sort((a, b) => (a.meta.name < b.meta.name ? -1 : 1));
    }
    const manifestBytes = canonicalJsonBytes(manifest);
    const signature = await deps.signer.sign(manifestBytes);

    // Files first, the manifest last, the table item after that: a capture interrupted part-way
    // leaves unreferenced blobs under a capture id nobody points at, never a bundle missing a file.
    const prefix = blobKey(config.tenant, alert.id, captureId);
    for (const f of files)
      await deps.blobs.put(`${prefix}/${f.meta.name}`, f.body, {
        contentType: f.meta.mediaType,
        sha256: f.meta.sha256,
      });
    const publicKey = Buffer.from(deps.signer.publicKeyPem, "utf8");
    await deps.blobs.put(`${prefix}/${STORED.publicKey}`, publicKey, {
      contentType: "application/x-pem-file",
      sha256: sha256Hex(publicKey),
    });
    await deps.blobs.put(`${prefix}/${STORED.signature}`, signature, {
      contentType: "application/octet-stream",
      sha256: sha256Hex(signature),
    });
    const manifestSha256 = sha256Hex(manifestBytes);
    await deps.blobs.put(`${prefix}/${STORED.manifest}`, manifestBytes, {
      contentType: "application/json",
      sha256: manifestSha256,
    });
    const record: EvidenceRecord = {
      tenant: config.tenant,
      alertId: alert.id,
      captureId,
      capturedAt,
      openedAt: opened,
      occurrence: alert.occurrences,
      blobPrefix: prefix,
      manifestSha256,
      keyFingerprint: deps.signer.fingerprint,
      files: files.map((f) => ({ name: f.meta.name, size: f.meta.size, sha256: f.meta.sha256 })),
      screenshot: screenshot.status,
    };
    await deps.evidence.put(record);
    return record;
  }

  return {
    async afterRecord(check) {
      const due: StoredAlert[] = [];
      for (const result of check.results)
        if (await needsCapture(check.config.tenant, result)) due.push(result.alert);
      if (due.length === 0) return [];
      const wanted = due.some((alert) => wantsScreenshot(check.config.evidence.screenshot, alert.type));
      if (wanted && !deps.screenshot && deps.handOff) {
        await deps.handOff(check);
        return [];
      }
      // One screenshot serves every alert raised on this page in this check.
      let shot: ScreenshotResult | null = null;
      const shotAt = now().toISOString();
      if (wanted && deps.screenshot) shot = await deps.screenshot(check.page.finalUrl);
      // The page is decoded again from the bytes as sent (fetcher.ts): once for all its alerts.
      const html = Buffer.from(check.page.fullBody(), "utf8");
      const records: EvidenceRecord[] = [];
      for (const alert of due) records.push(await capture(check, alert, shot, shotAt, html));
      return records;
    },
  };
}

/** When the alert's current occurrence began: its last transition to open. */
export function openedAt(alert: StoredAlert): string {
  for (let i = alert.history.length - 1; i >= 0; i--) {
    const entry = alert.history[i];
    if (entry?.status === "open") return entry.at;
  }
  return alert.firstSeen;
}

function findingFile(alert: StoredAlert, opened: string): FindingFile {
  return {
    type: alert.type,
    severity: alert.severity,
    sku: alert.sku,
    listingId: alert.listingId,
    url: alert.url,
    channel: alert.channel,
    seller: alert.seller,
    sellerId: alert.sellerId,
    distributorId: alert.distributorId,
    price: alert.price,
    listedPrice: alert.listedPrice,
    threshold: alert.threshold,
    currency: alert.currency,
    explanation: alert.explanation,
    ...(alert.facts ? { facts: alert.facts } : {}),
    inputs: alert.inputs,
    monitoringOnly: alert.monitoringOnly,
    alertId: alert.id,
    occurrence: alert.occurrences,
    openedAt: opened,
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
  };
}

/** Values a stranger controls the length of: URLs and headers from the shop, and error reasons. */
const LONG_VALUE_CHARS = 256;

/**
 * Keeps the manifest within what the signer accepts (KMS signs at most 4 KB raw). A link pasted
 * with its tracking parameters or a redirect target can be longer than that on its own; such
 * values are shortened in the manifest and stored in full in `full-values.json`, which the
 * manifest lists with its hash like every file, so nothing goes unsigned.
 */
export function boundManifest(
  manifest: Manifest,
  maxBytes: number | undefined,
): { manifest: Manifest; fullValues: PendingFile | null } {
  const size = (m: Manifest) => canonicalJsonBytes(m).length;
  if (maxBytes === undefined || size(manifest) <= maxBytes) return { manifest, fullValues: null };
  const full: Record<string, string> = {};
  const shorten = (field: string, value: string): string => {
    if (value.length <= LONG_VALUE_CHARS) return value;
    full[field] = value;
    return `${value.slice(0, LONG_VALUE_CHARS - 60)}… (shortened; in full in ${CAPTURED_FILES.fullValues})`;
  };
  const { page, screenshot } = manifest;
  const bounded: Manifest = {
    ...manifest,
    page: {
      ...page,
      url: shorten("page.url", page.url),
      requestedUrl: shorten("page.requestedUrl", page.requestedUrl),
      finalUrl: shorten("page.finalUrl", page.finalUrl),
      contentType: page.contentType === null ? null : shorten("page.contentType", page.contentType),
    },
    screenshot:
      screenshot.status === "captured"
        ? { ...screenshot, url: shorten("screenshot.url", screenshot.url) }
        : screenshot.status === "failed"
          ? {
              ...screenshot,
              url: shorten("screenshot.url", screenshot.url),
              reason: shorten("screenshot.reason", screenshot.reason),
            }
          : screenshot,
  };
  const fullValues = file(CAPTURED_FILES.fullValues, "application/json", canonicalJsonBytes(full));
  const files = [...bounded.files, fullValues.meta].sort((a, b) => (a.name < b.name ? -1 : 1));
  const result: Manifest = { ...bounded, files };
  if (size(result) > maxBytes)
    throw new PricewardenError(
      "INTERNAL",
      `evidence manifest is ${size(result)} bytes after shortening; the signer takes at most ${maxBytes}`,
    );
  return { manifest: result, fullValues };
}

function file(name: string, mediaType: string, body: Uint8Array): PendingFile {
  return { meta: { name, size: body.length, sha256: sha256Hex(body), mediaType }, body };
}
