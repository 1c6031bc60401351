import { type Alert, AlertTypeSchema, isOperational } from "../core/alert.js";
import { alertIdOf } from "../core/alert-identity.js";
import type { TenantConfig } from "../core/config.js";
import { draftNotice, type NoticeDraft, type NoticeEvidence } from "../core/notice.js";
import type { StoredAlert } from "../store/alert-repository.js";
import type { EvidenceRepository } from "../store/evidence-repository.js";
import type { NoticeRefusal } from "../text/workflow-text.js";
import type { ApiDeps } from "./api-deps.js";
import type { Caller } from "./caller.js";
import type { ScopedReader } from "./scoped-reader.js";

export type AlertNotice =
  | {
      kind: "notice";
      draft: NoticeDraft;
      /** Why no notice, in words a reader is given (set when the draft is `not_drafted`). */
      refusal?: NoticeRefusal;
      /** Alerts on the same listing that can carry a notice (when this one cannot). */
      alternatives: StoredAlert[];
    }
  | { kind: "forbidden" }
  | { kind: "not_found" };

/**
 * The notice an alert supports, for brand users only: notices are the rights holder's letters,
 * and a distributor must not read the brand's drafts about other sellers (or about itself).
 */
export async function noticeForAlert(
  deps: Pick<ApiDeps, "evidence" | "now">,
  caller: Caller,
  reader: ScopedReader,
  config: Parameters<typeof draftNotice>[1] | null,
  alertId: string,
): Promise<AlertNotice> {
  if (caller.role !== "brand") return { kind: "forbidden" };
  const alert = await reader.alert(alertId);
  if (!alert) return { kind: "not_found" };
  if (!config)
    return {
      kind: "notice",
      draft: {
        kind: "not_drafted",
        reason: "no config is published for this tenant",
        code: "not_configured",
      },
      refusal: "not_configured",
      alternatives: [],
    };
  const evidence = deps.evidence ? await latestNoticeEvidence(deps.evidence, caller.tenant, alert.id) : null;
  const draft = draftNotice(alert, config, evidence, deps.now?.() ?? new Date());
  if (draft.kind === "draft") return { kind: "notice", draft, alternatives: [] };
  return {
    kind: "notice",
    draft,
    refusal: draft.code ?? "other",
    alternatives: await noticeAlternatives(reader, caller.tenant, alert, config),
  };
}

/** Whether a notice can be drafted for the alert: the same rules as drafting (core/notice.ts). */
export function noticePossible(alert: Alert, config: TenantConfig | null): boolean {
  return config !== null && draftNotice(alert, config, null, new Date(0)).kind === "draft";
}

/**
 * The alerts of the same listing (and SKU) that can carry a notice: alert ids derive from
 * (tenant, type, listing, SKU), so each is one direct read through the caller's scope.
 */
export async function noticeAlternatives(
  reader: Pick<ScopedReader, "alert">,
  tenant: string,
  alert: Alert,
  config: TenantConfig,
): Promise<StoredAlert[]> {
  const out: StoredAlert[] = [];
  for (const type of AlertTypeSchema.options) {
    if (type === alert.type || isOperational(type)) continue;
    const other = await reader.alert(alertIdOf(tenant, type, alert.listingId, alert.sku));
    if (other && noticePossible(other, config)) out.push(other);
  }
  return out;
}

/** The alert's newest signed capture, as a notice cites it. */
export async function latestNoticeEvidence(
  evidence: Pick<EvidenceRepository, "list">,
  tenant: string,
  alertId: string,
): Promise<NoticeEvidence | null> {
  const latest = (await evidence.list(tenant, alertId)).at(-1);
  return latest
    ? {
        captureId: latest.captureId,
        capturedAt: latest.capturedAt,
        manifestSha256: latest.manifestSha256,
        keyFingerprint: latest.keyFingerprint,
      }
    : null;
}
