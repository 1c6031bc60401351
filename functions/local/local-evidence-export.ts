import { type EvidenceExporter, evidenceExporter } from "../api/evidence-download.js";
import { loadLocalSigner } from "../evidence/local-evidence-signer.js";
import { createChromiumPdfRenderer } from "../evidence/summary-pdf.js";
import { LocalBlobStore } from "../store/blob-store.js";
import { EvidenceRepository } from "../store/evidence-repository.js";
import { localEvidenceDir } from "./local-cycle.js";
import type { LocalStore } from "./local-store.js";

/**
 * The dashboard's evidence downloads on this machine: the same bundles, key and PDF summary as
 * `pricewarden evidence export --data-dir`, read from the store the dashboard already has open.
 */
export function localEvidenceExporter(
  store: Pick<LocalStore, "alerts" | "doc" | "tableName">,
  dataDir: string,
): EvidenceExporter {
  return evidenceExporter({
    alerts: store.alerts,
    evidence: new EvidenceRepository(store.doc, store.tableName),
    blobs: new LocalBlobStore(localEvidenceDir(dataDir)),
    signer: () => loadLocalSigner(dataDir),
    pdf: createChromiumPdfRenderer,
  });
}
