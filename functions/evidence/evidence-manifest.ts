import * as z from "zod";

export const MANIFEST_FORMAT = "pricewarden-evidence/1";
export const EXPORT_FORMAT = "pricewarden-evidence-export/1";

/** Captured files have fixed names chosen here; nothing crawled ever becomes a name. */
export const CAPTURED_FILES = {
  html: "page.html",
  listing: "listing.json",
  finding: "finding.json",
  screenshot: "screenshot.png",
  /** The responses the page's script received that the listing was read from (and the HAR they came from). */
  responses: "captured-responses.json",
  /** Only when the manifest had to shorten a long value (see `boundManifest`): the values in full. */
  fullValues: "full-values.json",
} as const;

/** Entries of an exported archive. Captured files sit under `files/`. */
export const ARCHIVE = {
  manifest: "manifest.json",
  manifestSignature: "manifest.sig",
  publicKey: "public-key.pem",
  exportManifest: "export.json",
  exportSignature: "export.sig",
  summary: "summary.pdf",
  readme: "README.txt",
  filesDir: "files/",
} as const;

/** Stored beside the captured files in the blob store. */
export const STORED = {
  manifest: "manifest.json",
  signature: "manifest.sig",
  publicKey: "public-key.pem",
} as const;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/);

export const ManifestFileSchema = z
  .object({ name: fileName, size: z.number().int().nonnegative(), sha256: hex64, mediaType: z.string() })
  .strict();
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

export const SigningSchema = z
  .object({
    algorithm: z.literal("Ed25519"),
    publicKey: z.string(),
    fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  })
  .strict();

const ToolSchema = z.object({ name: z.literal("pricewarden"), version: z.string() }).strict();

export const ScreenshotRecordSchema = z.discriminatedUnion("status", [
  z
    .object({
      status: z.literal("captured"),
      file: z.literal(CAPTURED_FILES.screenshot),
      url: z.string(),
      takenAt: z.string(),
      /** What the renderer made of the page: ok, or blocked (a captcha is evidence too). */
      renderOutcome: z.string(),
    })
    .strict(),
  z.object({ status: z.literal("failed"), url: z.string(), at: z.string(), reason: z.string() }).strict(),
  z.object({ status: z.literal("disabled"), reason: z.string() }).strict(),
]);
export type ScreenshotRecord = z.infer<typeof ScreenshotRecordSchema>;

/** The signed statement of one capture: what was fetched, when, and each file's size and hash. */
export const ManifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    captureId: z.string(),
    tenant: z.string(),
    alertId: z.string(),
    capturedAt: z.string(),
    alert: z
      .object({
        type: z.string(),
        severity: z.string(),
        occurrence: z.number().int().positive(),
        openedAt: z.string(),
      })
      .strict(),
    page: z
      .object({
        /** The listing's canonical URL (the alert's). */
        url: z.string(),
        requestedUrl: z.string(),
        finalUrl: z.string(),
        httpStatus: z.number().int(),
        contentType: z.string().nullable(),
        /** The charset the page was served in; page.html holds the decoded text as UTF-8. */
        originalCharset: z.string(),
        originalBytes: z.number().int().nonnegative(),
        rendered: z.boolean(),
        /** When the check that fetched the page started. */
        checkedAt: z.string(),
      })
      .strict(),
    screenshot: ScreenshotRecordSchema,
    files: z.array(ManifestFileSchema).min(1),
    tool: ToolSchema,
    signing: SigningSchema,
  })
  .strict();
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * Signed at export time by the same key: binds the PDF summary and README to the capture
 * manifest, so no entry of an exported archive is unverified.
 */
export const ExportManifestSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    exportedAt: z.string(),
    tenant: z.string(),
    alertId: z.string(),
    captureId: z.string(),
    manifestSha256: hex64,
    files: z.array(ManifestFileSchema).min(1),
    tool: ToolSchema,
    signing: SigningSchema,
  })
  .strict();
export type ExportManifest = z.infer<typeof ExportManifestSchema>;
