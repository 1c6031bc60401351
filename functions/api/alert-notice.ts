import { draftNotice, type NoticeDraft, type NoticeEvidence } from "../core/notice.js";
import type { EvidenceRepository } from "../store/evidence-repository.js";
import type { ApiDeps } from "./api-deps.js";
import type { Caller } from "./caller.js";
import type { ScopedReader } from "./scoped-reader.js";

export type AlertNotice =
  | { kind: "notice"; draft: NoticeDraft }
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
      draft: { kind: "not_drafted", reason: "no config is published for this tenant" },
    };
  const evidence = deps.evidence ? await latestNoticeEvidence(deps.evidence, caller.tenant, alert.id) : null;
  return { kind: "notice", draft: draftNotice(alert, config, evidence, deps.now?.() ?? new Date()) };
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
