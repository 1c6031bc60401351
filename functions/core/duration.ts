/** "12h", "7d", "2w" → milliseconds (the config schema admits only these forms). */
export function durationMs(text: string): number {
  const m = /^(\d+)([hdw])$/.exec(text);
  if (!m) throw new Error(`bad duration ${text}`);
  const unit = m[2] === "h" ? 3_600_000 : m[2] === "d" ? 86_400_000 : 7 * 86_400_000;
  return Number(m[1]) * unit;
}
