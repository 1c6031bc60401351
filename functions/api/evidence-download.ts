import type { Context } from "hono";
import { type ExportDeps, type ExportResult, exportEvidence } from "../evidence/evidence-export.js";
import type { EvidenceSigner } from "../evidence/evidence-signer.js";
import type { ExportReading } from "../evidence/readme-text.js";
import type { SummaryPdfRenderer } from "../evidence/summary-pdf.js";
import { localDate } from "../text/clock.js";
import { EVIDENCE_DOWNLOAD_TEXT } from "../text/evidence-download-text.js";
import type { Locale } from "../text/locale.js";
import type { ApiDeps, ApiEnv } from "./api-deps.js";
import { AlertIdSchema } from "./api-query.js";
import { dashboardPage, problemsBody } from "./dashboard-layout.js";

/** The newest capture of one alert as the signed zip `pricewarden evidence export` writes. */
export type EvidenceExporter = (args: {
  tenant: string;
  alertId: string;
  /** The README's and PDF summary's language and zone (the reader's language, the tenant's zone). */
  reading?: ExportReading;
}) => Promise<ExportResult>;

/**
 * An exporter over a runtime's stored bundles. The signer is looked up per export (locally it is
 * a file that exists once something was captured); each export gets its own PDF renderer, closed
 * after, so no Chromium outlives a download.
 */
export function evidenceExporter(sources: {
  alerts: ExportDeps["alerts"];
  evidence: ExportDeps["evidence"];
  blobs: ExportDeps["blobs"];
  signer: () => Promise<EvidenceSigner | null>;
  pdf: () => SummaryPdfRenderer;
  now?: () => Date;
}): EvidenceExporter {
  return async (args) => {
    const signer = await sources.signer();
    if (!signer) return { kind: "no_evidence", alertId: args.alertId };
    const pdf = sources.pdf();
    try {
      return await exportEvidence(
        {
          alerts: sources.alerts,
          evidence: sources.evidence,
          blobs: sources.blobs,
          signer,
          pdf,
          ...(sources.now ? { now: sources.now } : {}),
        },
        args,
      );
    } finally {
      await pdf.close();
    }
  };
}

/**
 * `GET /alerts/:id/evidence`: brand users only (a distributor's 403 says so). An id outside the
 * caller's tenant is the same 404 as an unknown one, as everywhere: existence never leaks.
 */
export async function evidenceDownload(c: Context<ApiEnv>, deps: ApiDeps): Promise<Response> {
  const locale: Locale = c.var.text.htmlLang === "zh-CN" ? "zh-CN" : "en";
  const t = EVIDENCE_DOWNLOAD_TEXT[locale];
  const refuse = (title: string, message: string, status: 403 | 404 | 409) =>
    c.html(
      dashboardPage({
        title,
        caller: c.var.caller,
        active: "none",
        body: problemsBody(message, []),
        signOutPath: c.var.signOutPath,
        text: c.var.text,
      }),
      status,
    );
  if (c.var.caller.role !== "brand") return refuse(c.var.text.titles.notAllowed, t.brandOnly, 403);
  const id = AlertIdSchema.safeParse(c.req.param("id"));
  const alert = id.success ? await c.var.reader.alert(id.data) : null;
  if (!alert) return refuse(c.var.text.titles.notFound, c.var.text.problems.noAlert, 404);
  if (!deps.evidenceExport) return refuse(t.notExported, t.notHere, 404);
  const result = await deps.evidenceExport({
    tenant: c.var.caller.tenant,
    alertId: alert.id,
    reading: { locale, timeZone: c.var.config?.timezone ?? "Asia/Shanghai" },
  });
  switch (result.kind) {
    case "ok":
      return new Response(new Uint8Array(result.zip), {
        status: 200,
        headers: {
          "Content-Type": "application/zip",
          "Content-Length": String(result.zip.length),
          "Content-Disposition": contentDisposition(
            evidenceFileName({
              stem: t.fileStem,
              sku: alert.sku,
              alertId: alert.id,
              capturedAt: result.record.capturedAt,
              timeZone: c.var.config?.timezone ?? "Asia/Shanghai",
            }),
          ),
        },
      });
    case "corrupt":
    case "key_mismatch":
      return refuse(t.notExported, t.doesNotVerify, 409);
    default:
      return refuse(t.notExported, t.noEvidence, 404);
  }
}

/**
 * `取证包-GLU-50-555d9723-2026-12-07.zip`, and the ASCII name older clients use instead. Only the
 * tenant's own SKU and our ids go in, reduced to safe characters: never a crawled seller name.
 */
export function evidenceFileName(opts: {
  stem: string;
  sku: string | null;
  alertId: string;
  capturedAt: string;
  timeZone: string;
}): { ascii: string; utf8: string } {
  const sku = (opts.sku ?? "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 40);
  const day = localDate(opts.capturedAt, opts.timeZone);
  const parts = [sku, opts.alertId.slice(0, 8), day].filter((p) => p !== "");
  const stem = opts.stem.replace(/[^\p{L}\p{N}_-]+/gu, "");
  return {
    ascii: ["pricewarden-evidence", ...parts].join("-").concat(".zip"),
    utf8: [stem, ...parts].join("-").concat(".zip"),
  };
}

/** RFC 6266 with an RFC 5987 UTF-8 name; the plain `filename` is ASCII only. */
export function contentDisposition(name: { ascii: string; utf8: string }): string {
  const ascii = name.ascii.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(name.utf8).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
