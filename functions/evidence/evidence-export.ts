import { type Zippable, zipSync } from "fflate";
import * as z from "zod";
import { ExtractedListingSchema } from "../core/listing.js";
import type { AlertRepository } from "../store/alert-repository.js";
import type { BlobStore } from "../store/blob-store.js";
import type { EvidenceRecord, EvidenceRepository } from "../store/evidence-repository.js";
import { canonicalJsonBytes } from "./canonical-json.js";
import { FindingFileSchema } from "./evidence-files.js";
import {
  ARCHIVE,
  CAPTURED_FILES,
  EXPORT_FORMAT,
  type ExportManifest,
  type Manifest,
  type ManifestFile,
  ManifestSchema,
  STORED,
} from "./evidence-manifest.js";
import { type EvidenceSigner, parseEd25519PublicKey, verifyEd25519 } from "./evidence-signer.js";
import { type ExportReading, readmeText } from "./readme-text.js";
import { sha256Hex } from "./sha256.js";
import { summaryHtml } from "./summary-html.js";
import type { SummaryPdfRenderer } from "./summary-pdf.js";
import { toolVersion } from "./tool-version.js";

export interface ExportDeps {
  alerts: AlertRepository;
  evidence: EvidenceRepository;
  blobs: BlobStore;
  /** Signs export.json; must be the key that signed the capture. */
  signer: EvidenceSigner;
  pdf: SummaryPdfRenderer;
  toolVersion?: string;
  now?: () => Date;
}

export type ExportResult =
  | { kind: "ok"; zip: Uint8Array; record: EvidenceRecord; manifest: Manifest; fingerprint: string }
  | { kind: "no_alert"; alertId: string }
  | { kind: "no_evidence"; alertId: string }
  | { kind: "no_capture"; alertId: string; captureId: string; available: string[] }
  /** The stored capture does not verify: it was altered or is incomplete. Nothing is exported. */
  | { kind: "corrupt"; alertId: string; captureId: string; problems: string[] }
  | { kind: "key_mismatch"; captureFingerprint: string; signerFingerprint: string };

/**
 * Builds the archive for one capture of an alert (the newest unless `captureId` is given). The
 * stored files are checked against the signed manifest before anything is packed, so an export
 * never launders a blob that changed in storage.
 */
export async function exportEvidence(
  deps: ExportDeps,
  args: {
    tenant: string;
    alertId: string;
    captureId?: string;
    /** The README's and summary's language and time zone: the tenant's (English and UTC if not given). */
    reading?: ExportReading;
  },
): Promise<ExportResult> {
  const alert = await deps.alerts.get(args.tenant, args.alertId);
  if (!alert) return { kind: "no_alert", alertId: args.alertId };
  const records = await deps.evidence.list(args.tenant, args.alertId);
  if (records.length === 0) return { kind: "no_evidence", alertId: args.alertId };
  const record = args.captureId ? records.find((r) => r.captureId === args.captureId) : records.at(-1);
  if (!record)
    return {
      kind: "no_capture",
      alertId: args.alertId,
      captureId: args.captureId ?? "",
      available: records.map((r) => r.captureId),
    };

  const problems: string[] = [];
  const corrupt = (): ExportResult => ({
    kind: "corrupt",
    alertId: args.alertId,
    captureId: record.captureId,
    problems,
  });
  const get = async (name: string): Promise<Uint8Array | null> => {
    const data = await deps.blobs.get(`${record.blobPrefix}/${name}`);
    if (data === null) problems.push(`${name}: missing from the evidence store`);
    return data;
  };
  const manifestBytes = await get(STORED.manifest);
  const signature = await get(STORED.signature);
  const publicKeyPem = await get(STORED.publicKey);
  if (!manifestBytes || !signature || !publicKeyPem) return corrupt();

  const key = parseEd25519PublicKey(Buffer.from(publicKeyPem).toString("utf8"));
  if (!key.ok) {
    problems.push(`${STORED.publicKey}: ${key.reason}`);
    return corrupt();
  }
  if (!verifyEd25519(key.key, manifestBytes, signature)) problems.push("manifest.sig does not verify");
  if (sha256Hex(manifestBytes) !== record.manifestSha256)
    problems.push("manifest.json differs from the one recorded at capture");
  const parsed = ManifestSchema.safeParse(safeJson(manifestBytes));
  if (!parsed.success) {
    problems.push("manifest.json is not a valid manifest");
    return corrupt();
  }
  const manifest = parsed.data;
  if (manifest.signing.fingerprint !== key.fingerprint)
    problems.push("manifest.json names another key than public-key.pem");

  const files = new Map<string, Uint8Array>();
  for (const file of manifest.files) {
    const data = await get(file.name);
    if (!data) continue;
    if (data.length !== file.size || sha256Hex(data) !== file.sha256)
      problems.push(`${file.name}: does not match its size or SHA-256 in the manifest`);
    files.set(file.name, data);
  }
  if (problems.length > 0) return corrupt();
  if (key.fingerprint !== deps.signer.fingerprint)
    return {
      kind: "key_mismatch",
      captureFingerprint: key.fingerprint,
      signerFingerprint: deps.signer.fingerprint,
    };

  const finding = FindingFileSchema.safeParse(safeJson(files.get(CAPTURED_FILES.finding)));
  const listing = ExtractedListingSchema.safeParse(safeJson(files.get(CAPTURED_FILES.listing)));
  if (!finding.success || !listing.success) {
    problems.push("finding.json or listing.json does not parse");
    return corrupt();
  }

  const exportedAt = (deps.now?.() ?? new Date()).toISOString();
  const html = summaryHtml({
    manifest,
    manifestSha256: record.manifestSha256,
    finding: finding.data,
    listing: listing.data,
    screenshotPng: files.get(CAPTURED_FILES.screenshot) ?? null,
    exportedAt,
    ...(args.reading ? { reading: args.reading } : {}),
  });
  const pdf = await deps.pdf.render(html);
  const readme = Buffer.from(readmeText(manifest, args.reading), "utf8");
  const exportManifest: ExportManifest = {
    format: EXPORT_FORMAT,
    exportedAt,
    tenant: manifest.tenant,
    alertId: manifest.alertId,
    captureId: manifest.captureId,
    manifestSha256: record.manifestSha256,
    files: [
      describe(ARCHIVE.readme, "text/plain; charset=utf-8", readme),
      describe(ARCHIVE.summary, "application/pdf", pdf),
    ],
    tool: { name: "pricewarden", version: deps.toolVersion ?? toolVersion() },
    signing: {
      algorithm: deps.signer.algorithm,
      publicKey: deps.signer.publicKeyPem,
      fingerprint: deps.signer.fingerprint,
    },
  };
  const exportBytes = canonicalJsonBytes(exportManifest);
  const exportSignature = await deps.signer.sign(exportBytes);

  const mtime = new Date(exportedAt);
  const entry = (data: Uint8Array, level: 0 | 6 = 6): Zippable[string] => [data, { level, mtime }];
  const zippable: Zippable = {
    [ARCHIVE.readme]: entry(readme),
    [ARCHIVE.manifest]: entry(manifestBytes),
    [ARCHIVE.manifestSignature]: entry(signature, 0),
    [ARCHIVE.publicKey]: entry(publicKeyPem),
    [ARCHIVE.exportManifest]: entry(exportBytes),
    [ARCHIVE.exportSignature]: entry(exportSignature, 0),
    [ARCHIVE.summary]: entry(pdf),
  };
  for (const [name, data] of files)
    zippable[`${ARCHIVE.filesDir}${name}`] = entry(data, name.endsWith(".png") ? 0 : 6);
  return { kind: "ok", zip: zipSync(zippable), record, manifest, fingerprint: key.fingerprint };
}

function describe(name: string, mediaType: string, body: Uint8Array): ManifestFile {
  return { name, size: body.length, sha256: sha256Hex(body), mediaType };
}

function safeJson(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Export arguments as they arrive from the command line or an API request. */
export const ExportArgsSchema = z.object({
  tenant: z.string().regex(/^[a-z0-9-]+$/),
  alertId: z.string().regex(/^[0-9a-f]{8,64}$/),
  captureId: z
    .string()
    .regex(/^[0-9a-f]{16,32}$/)
    .optional(),
});
