const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text → HTML text or attribute value. Crawled strings are written by strangers; bidi
 * overrides and other control characters are dropped so that a seller name cannot reorder the
 * text around it in the summary.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
