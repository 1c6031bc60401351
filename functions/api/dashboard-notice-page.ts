import { html } from "hono/html";
import type { NoticeDraft } from "../core/notice.js";
import type { Html } from "./dashboard-layout.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";

/** A notice draft to copy into an e-mail or a marketplace's complaint form; escaped like all text. */
export function noticeBody(draft: NoticeDraft, text: DashboardText = DASHBOARD_TEXT.en): Html {
  const t = text.notice;
  if (draft.kind === "not_drafted")
    return html`<div class="problems"><p>${t.none}: ${draft.reason}.</p></div>`;
  return html`<p class="muted">${draft.recipient === "platform" ? t.toPlatform : t.toSeller}</p>
<h2>${draft.subject}</h2>
<pre class="notice">${draft.text}</pre>`;
}
