const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Crawled text made safe to show: control and bidi-override characters (which can disguise a
 * seller name) become spaces, and the length is capped. Escaping is still the renderer's job.
 */
export function boundedText(text: string | null | undefined, max: number): string {
  if (text === null || text === undefined) return "";
  const clean = text.replace(UNSAFE, " ");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
