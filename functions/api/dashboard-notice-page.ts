import { html } from "hono/html";
import type { NoticeDraft } from "../core/notice.js";
import type { Html } from "./dashboard-layout.js";

/** A notice draft to copy into an e-mail or a marketplace's complaint form; escaped like all text. */
export function noticeBody(draft: NoticeDraft): Html {
  if (draft.kind === "not_drafted")
    return html`<div class="problems"><p>No notice: ${draft.reason}.</p></div>`;
  return html`<p class="muted">To: ${draft.recipient === "platform" ? "the marketplace's rights-protection channel (or the shop)" : "the shop"}. Review before sending; nothing is sent from here.</p>
<h2>${draft.subject}</h2>
<pre class="notice">${draft.text}</pre>`;
}
