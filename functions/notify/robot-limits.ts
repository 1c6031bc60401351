import type { DeliveryTargetType } from "./notify-sender.js";

/** At most `max` messages in any `ms`-long span. */
export interface RateWindow {
  ms: number;
  max: number;
}

/**
 * Each robot's documented limit. WeCom group robot: 20 messages a minute. DingTalk custom robot:
 * 20 a minute (more, and it is muted for 10 minutes). Feishu/Lark custom bot: 100 a minute and
 * 5 a second per bot. Slack absorbs short bursts and answers 429 with Retry-After; e-mail and
 * webhooks have no documented limit.
 */
export const ROBOT_LIMITS: Record<DeliveryTargetType, readonly RateWindow[]> = {
  wecom: [{ ms: 60_000, max: 20 }],
  dingtalk: [{ ms: 60_000, max: 20 }],
  feishu: [
    { ms: 60_000, max: 100 },
    { ms: 1_000, max: 5 },
  ],
  slack: [],
  email: [],
  webhook: [],
};

/**
 * How long until one more message fits every window (0: now), given when the earlier ones were
 * sent (epoch ms). A send at `t` counts until `t + ms`, so any span of `ms` holds at most `max`.
 */
export function waitForRoom(
  sentAt: readonly number[],
  windows: readonly RateWindow[],
  nowMs: number,
): number {
  let wait = 0;
  for (const window of windows) {
    const recent = sentAt.filter((t) => t > nowMs - window.ms).sort((a, b) => a - b);
    if (recent.length < window.max) continue;
    const mustLeave = recent[recent.length - window.max] ?? nowMs;
    wait = Math.max(wait, mustLeave + window.ms - nowMs);
  }
  return wait;
}

/** The send times still inside the longest window: all a later `waitForRoom` needs. */
export function recentSends(
  sentAt: readonly number[],
  windows: readonly RateWindow[],
  nowMs: number,
): number[] {
  const longest = Math.max(0, ...windows.map((w) => w.ms));
  return sentAt.filter((t) => t > nowMs - longest).sort((a, b) => a - b);
}
