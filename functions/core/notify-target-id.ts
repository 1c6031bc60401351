import { createHash } from "node:crypto";

/** What a target id is derived from: its own id, or where it sends. */
export type IdentifiableTarget =
  | { type: "email"; id?: string | undefined; to: readonly string[] }
  | { type: string; id?: string | undefined; url: string };

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 10);
}

/**
 * A target's id keys its delivery state on the alert item; derived from what the target sends to
 * when the config names none, so reordering the config never re-sends anything. Two targets with
 * one id would share one delivery state, so the config schema rejects that.
 */
export function targetIdOf<T extends IdentifiableTarget>(target: T): string {
  if (target.id) return target.id;
  if ("to" in target) {
    const recipients = [...new Set(target.to.map((a) => a.trim().toLowerCase()))].sort();
    return `email-${shortHash(recipients.join(","))}`;
  }
  return `${target.type}-${shortHash(target.url)}`;
}
