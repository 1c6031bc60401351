import { formatInstant } from "../text/clock.js";
import { README_TEXT } from "../text/evidence-text.js";
import { alertTypeLabel } from "../text/labels-text.js";
import type { Locale } from "../text/locale.js";
import type { Manifest } from "./evidence-manifest.js";
import { displayFingerprint } from "./evidence-signer.js";

/** How an export is read: the reader's language and the tenant's zone (times carry their zone). */
export interface ExportReading {
  locale: Locale;
  timeZone: string;
}

/** README.txt of an exported archive: what is in it and how to check it without our software. */
export function readmeText(
  manifest: Manifest,
  reading: ExportReading = { locale: "en", timeZone: "UTC" },
): string {
  return README_TEXT[reading.locale]({
    alertId: manifest.alertId,
    alertType: alertTypeLabel(manifest.alert.type, reading.locale),
    tenant: manifest.tenant,
    captureId: manifest.captureId,
    capturedAt: formatInstant(manifest.capturedAt, reading),
    fingerprint: displayFingerprint(manifest.signing.fingerprint),
  });
}
