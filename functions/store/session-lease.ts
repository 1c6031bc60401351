import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { PricewardenError } from "../core/errors.js";
import { nextAllowedAt } from "../core/session-pacing.js";
import { keys } from "./keys.js";
import { isConditionalCheckFailed, storeError } from "./store-errors.js";
import { TTL_ATTRIBUTE } from "./table-definition.js";

/**
 * Sort key of a session's pacing item, under the tenant's partition (`keys.tenant`). Not under
 * `SESSION#`: `SessionRepository.list` reads every item with that prefix as a session.
 */
export function paceSortKey(channel: string, sessionId: string): string {
  return `PACE#${channel}#${sessionId}`;
}

export interface LeaseRequest {
  /** Page loads per session in any 60 s window (the channel's `session.requestsPerMinute`). */
  requestsPerMinute: number;
  /** The channel's `session.jitter`, in [0, 1). */
  jitter: number;
  /** The caller's clock, integer epoch ms. */
  now: number;
}

export type LeaseResult = { ok: true } | { ok: false; retryAfterMs: number };

export interface SessionLeaseOptions {
  /** In [0, 1): the jitter draw of a session's next load, made when a load is granted. */
  random?: () => number;
  /** Read-and-write rounds when other workers keep winning the conditional write (default 4). */
  maxAttempts?: number;
}

/** A pacing item is needed for the last minute or two; it expires (TTL on AWS) a day after its last grant. */
const LEASE_TTL_SECONDS = 24 * 60 * 60;
/** What a caller waits after losing every round to other workers (they just took the slot). */
const CONTENDED_RETRY_MS = 100;
const CHANNEL_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const SESSION_ID_PATTERN = /^[a-z0-9]{1,64}$/;

const LeaseItemSchema = z.object({
  grants: z.array(z.number().finite()).default([]),
  draw: z.number().min(0).max(1).optional(),
  version: z.number().int().nonnegative(),
});

/**
 * Per-session pacing shared by every worker, on the single table: one item per session
 * (`pk = T#{tenant}`, `sk = PACE#{channel}#{id}`) holds the times of its last `rpm` granted page
 * loads, the jitter draw of its next one, and a version. `acquire` reads it (consistently), applies
 * the pure rule `nextAllowedAt` (at most rpm loads in any 60 s window, at least the jittered gap
 * after the last), and grants the load with an UpdateItem conditioned on the version it read
 * (or on the item's absence): of two workers that read the same version, one write fails and that
 * worker reads again, so every grant is judged against every earlier one and no two workers
 * together exceed the session's pace.
 *
 * Grant times are the callers' clocks. A grant is made only when `now` has reached the time the
 * rule allows after the stored grants, so they stay ascending even when workers' clocks differ;
 * a clock that runs ahead spaces the loads by less, by its skew (NTP-synchronized on Lambda).
 */
export class SessionLease {
  private readonly random: () => number;
  private readonly maxAttempts: number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    opts: SessionLeaseOptions = {},
  ) {
    this.random = opts.random ?? Math.random;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 4);
  }

  /** Grants (and counts) one page load of the session now, or says how long until one may go. */
  async acquire(
    tenant: string,
    channel: string,
    sessionId: string,
    request: LeaseRequest,
  ): Promise<LeaseResult> {
    if (!CHANNEL_PATTERN.test(channel) || !SESSION_ID_PATTERN.test(sessionId))
      throw new PricewardenError("BAD_INPUT", "not a session's channel and id");
    const { requestsPerMinute: rpm, jitter } = request;
    const now = Math.floor(request.now);
    if (!Number.isFinite(now)) throw new RangeError(`now must be a finite epoch ms, got ${request.now}`);
    const key = { pk: keys.tenant(tenant), sk: paceSortKey(channel, sessionId) };
    const keep = Math.max(1, Math.floor(rpm));

    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const stored = await this.read(key);
      const history = stored?.grants ?? [];
      const draw = stored?.draw ?? this.random();
      const at = nextAllowedAt(history, now, rpm, jitter, () => draw);
      if (at > now) return { ok: false, retryAfterMs: at - now };
      const grants = [...history, now].slice(-keep);
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: "SET #grants = :grants, #draw = :draw, #version = :next, #ttl = :ttl",
            ConditionExpression: stored ? "#version = :read" : "attribute_not_exists(pk)",
            ExpressionAttributeNames: {
              "#grants": "grants",
              "#draw": "draw",
              "#version": "version",
              "#ttl": TTL_ATTRIBUTE,
            },
            ExpressionAttributeValues: {
              ":grants": grants,
              ":draw": this.random(),
              ":next": (stored?.version ?? 0) + 1,
              ":ttl": Math.ceil(now / 1000) + LEASE_TTL_SECONDS,
              ...(stored ? { ":read": stored.version } : {}),
            },
          }),
        );
        return { ok: true };
      } catch (error) {
        // Another worker was granted a load since the read: judge again against it.
        if (isConditionalCheckFailed(error)) continue;
        throw storeError("UpdateItem", error);
      }
    }
    return { ok: false, retryAfterMs: CONTENDED_RETRY_MS };
  }

  /**
   * When the session's next page load may go, read only (nothing is counted): for choosing, among
   * a channel's sessions, one whose slot is free. `now` when the session has no pacing item yet.
   */
  async nextAt(tenant: string, channel: string, sessionId: string, request: LeaseRequest): Promise<number> {
    if (!CHANNEL_PATTERN.test(channel) || !SESSION_ID_PATTERN.test(sessionId))
      throw new PricewardenError("BAD_INPUT", "not a session's channel and id");
    const now = Math.floor(request.now);
    const stored = await this.read({ pk: keys.tenant(tenant), sk: paceSortKey(channel, sessionId) });
    if (!stored) return now;
    const draw = stored.draw ?? 0.5;
    return nextAllowedAt(stored.grants, now, request.requestsPerMinute, request.jitter, () => draw);
  }

  private async read(key: { pk: string; sk: string }): Promise<z.infer<typeof LeaseItemSchema> | null> {
    let item: Record<string, unknown> | undefined;
    try {
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: key,
          ProjectionExpression: "#grants, #draw, #version",
          ExpressionAttributeNames: { "#grants": "grants", "#draw": "draw", "#version": "version" },
          ConsistentRead: true,
        }),
      );
      item = out.Item;
    } catch (error) {
      throw storeError("GetItem", error);
    }
    if (!item) return null;
    const parsed = LeaseItemSchema.safeParse(item);
    if (!parsed.success)
      throw new PricewardenError("ITEM_INVALID", `pacing item ${key.sk} is invalid: ${parsed.error.message}`);
    // Ascending, as written; sorted again so a hand-edited item cannot loosen the rule.
    return { ...parsed.data, grants: [...parsed.data.grants].sort((a, b) => a - b) };
  }
}
