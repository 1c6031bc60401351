import { html } from "hono/html";
import type { NoticeDraft } from "../core/notice.js";
import type { StoredAlert } from "../store/alert-repository.js";
import { type NoticeRefusal, workflowText } from "../text/workflow-text.js";
import type { Html } from "./dashboard-layout.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";

/**
 * A notice draft to copy into an e-mail or a marketplace's complaint form; escaped like all text.
 * Where none can be drafted, the page says why in the reader's words and links the alerts of the
 * same listing that can carry one.
 */
export function noticeBody(
  found: { draft: NoticeDraft; refusal?: NoticeRefusal | undefined; alternatives: readonly StoredAlert[] },
  text: DashboardText = DASHBOARD_TEXT.en,
): Html {
  const t = text.notice;
  const { draft } = found;
  if (draft.kind === "not_drafted") {
    const w = workflowText(text.locale).notice;
    const links = found.alternatives.map(
      (a) =>
        html`<li><a href="/alerts/${encodeURIComponent(a.id)}/notice">${w.draft}: ${text.types[a.type]}</a> · <a href="/alerts/${encodeURIComponent(a.id)}">${text.titles.alert}</a></li>`,
    );
    return html`<div class="info refusal"><p><strong>${w.refused}</strong></p><p>${w.refusals[found.refusal ?? "other"]}</p></div>
${links.length > 0 ? html`<p>${w.useInstead}</p><ul>${links}</ul>` : html`<p class="muted">${w.noneOnListing}</p>`}`;
  }
  return html`<p class="muted">${draft.recipient === "platform" ? t.toPlatform : t.toSeller}</p>
<h2>${draft.subject}</h2>
<pre class="notice">${draft.text}</pre>`;
}
