import type { BrowserSessionInfo } from "../core/browser-session.js";

/**
 * The session of `channel` to use next, round-robin over the usable ones (healthy, or not yet
 * checked) in a stable order (by id), skipping unhealthy ones; null when none is usable.
 * `previousId` is the session used last; without it, the most recently used session of the
 * channel (`lastUsedAt`, kept by `touch`) stands in, so stateless workers rotate too.
 */
export function nextSession(
  sessions: readonly BrowserSessionInfo[],
  channel: string,
  previousId?: string | null,
): BrowserSessionInfo | null {
  const ofChannel = sessions.filter((s) => s.channel === channel).sort((a, b) => compare(a.id, b.id));
  const usable = ofChannel.filter((s) => s.health !== "unhealthy");
  if (usable.length === 0) return null;
  const previous = previousId === undefined ? mostRecentlyUsed(ofChannel) : previousId;
  if (previous === null) return usable[0]!;
  // The first usable id after the previous one, wrapping around: works when the previous
  // session has since turned unhealthy or been removed.
  return usable.find((s) => compare(s.id, previous) > 0) ?? usable[0]!;
}

function mostRecentlyUsed(sessions: readonly BrowserSessionInfo[]): string | null {
  let best: BrowserSessionInfo | null = null;
  for (const s of sessions)
    if (s.lastUsedAt !== null && (best === null || s.lastUsedAt > best.lastUsedAt!)) best = s;
  return best?.id ?? null;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
