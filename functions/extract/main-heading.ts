import { type MarkupView, take } from "../html/markup-view.js";

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2 || /\p{Script=Han}/u.test(w));
}

/**
 * How well a heading matches the document title (`<title>`, og:title): the share of its words
 * the title contains. Pages carry several h1s (navigation, pop-overs); the product's own
 * heading is the one the document title repeats.
 */
export function headingScore(heading: string, documentTitle: string | null): number {
  if (!documentTitle) return 0;
  const title = documentTitle.toLowerCase();
  const ws = words(heading);
  if (ws.length === 0) return 0;
  return ws.filter((w) => title.includes(w)).length / ws.length;
}

/** The h1 (else h2) that best matches the document title; on ties the longer, as product names are. */
export function findMainHeading<E>(view: MarkupView<E>, documentTitle: string | null): E | null {
  let best: E | null = null;
  let bestScore = -1;
  let bestLength = 0;
  for (const tag of ["h1", "h2"]) {
    for (const el of take(view.select(tag), 30)) {
      const text = view.text(el, 300);
      if (text.length < 3) continue;
      const score = headingScore(text, documentTitle);
      if (score > bestScore || (score === bestScore && text.length > bestLength)) {
        best = el;
        bestScore = score;
        bestLength = text.length;
      }
    }
    if (best && (bestScore > 0 || tag === "h1")) return best;
  }
  return best;
}
