import { createHash } from "node:crypto";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  type AccumulatedChannel,
  COVERAGE_COUNTERS,
  type CoverageCounters,
  type ReasonTally,
} from "../core/coverage.js";
import { keys } from "./keys.js";
import { queryAll } from "./query-all.js";
import { isConditionalCheckFailed, storeError } from "./store-errors.js";
import { TTL_ATTRIBUTE } from "./table-definition.js";

/**
 * A run's coverage accumulated by many workers, each adding what one target came to (the AWS
 * path, where no process sees the whole run). Under the tenant's partition:
 *
 * - `RUNCOV#{runId}#{channel}#{shard}`: the channel's counters (UpdateItem `ADD`), its reasons
 *   (at most MAX_REASONS_PER_ITEM distinct per item, each with a count and up to
 *   EXAMPLE_URLS_PER_REASON example URLs) and the run-summary counters (pages, outcomes, …).
 *   A worker's batch adds its targets of one channel in one update. A channel is spread over
 *   `shards` items (chosen by a target of the batch) so that a large run does not write one item
 *   hundreds of times a second (DynamoDB allows 1,000 WCU/s per item); the reader adds them up.
 * - `RUNCOVMSG#{runId}#{target hash}`: the target has been counted in this run. Written
 *   (conditionally) before the `ADD`, so a redelivered message, or the same target sent twice
 *   (found by two discovery pages, or re-checked on the render queue), counts once, as the
 *   local runner counts each canonical URL once.
 * - `RUNOPEN#{runId}`: a run the plan function started and has not summarized yet.
 *
 * Every item expires (TTL) after COVERAGE_TTL_DAYS.
 */

export const COVERAGE_TTL_DAYS = 14;
/** Distinct reasons kept per channel item; pages of further reasons are counted, not named. */
export const MAX_REASONS_PER_ITEM = 20;
/** Example URLs kept per reason (the first pages of that reason to land in each of 2 slots). */
export const EXAMPLE_URLS_PER_REASON = 2;
export const DEFAULT_COVERAGE_SHARDS = 4;
const MAX_EXAMPLE_URL_LENGTH = 1024;

const SK = {
  channelPrefix: (runId: string) => `RUNCOV#${runId}#`,
  channel: (runId: string, channel: string, shard: number) => `RUNCOV#${runId}#${channel}#${shard}`,
  counted: (runId: string, targetHash: string) => `RUNCOVMSG#${runId}#${targetHash}`,
  open: (runId: string) => `RUNOPEN#${runId}`,
  openPrefix: "RUNOPEN#",
} as const;

/** What one processed target adds to its run. */
export interface CoverageRecord {
  tenant: string;
  runId: string;
  channel: string;
  /**
   * The target's identity in the run: `p:{canonical URL}` or `d:{discovery start}`, the key the
   * local runner de-duplicates targets by. A target is counted once per run.
   */
  targetKey: string;
  /** The SQS message that carried it (kept on the marker, for tracing). */
  messageId: string;
  counters: CoverageCounters;
  /** The unpriced pages, by outcome and normalized reason (core/coverage.ts `reasonTallies`). */
  reasons: readonly ReasonTally[];
  discoveryPagesRead: number;
  /** Run-summary counters: pages read, alerts created, errors, outcome of each page. */
  pages: number;
  alertsNew: number;
  errors: number;
  outcomes: Readonly<Record<string, number>>;
}

/** A run's accumulated counters, all channels' shards added up. */
export interface RunTotals {
  channels: Record<string, AccumulatedChannel>;
  discoveryPagesRead: number;
  pages: number;
  alertsNew: number;
  errors: number;
  outcomes: Record<string, number>;
  /** Pages whose reason was not kept (past MAX_REASONS_PER_ITEM), by channel. */
  unnamedReasons: Record<string, number>;
  /** The latest time a worker added to the run (null when none did). */
  lastAddedAt: string | null;
}

export const OpenRunSchema = z.object({
  tenant: z.string(),
  runId: z.string(),
  configVersion: z.string(),
  startedAt: z.string(),
  targetsPlanned: z.number().int().nonnegative(),
  closedAt: z.string().optional(),
});
/** A run the plan function started: `RUNOPEN#{runId}`. */
export type OpenRun = z.infer<typeof OpenRunSchema>;

const count = z.number().int().nonnegative().catch(0);
const ReasonMetaSchema = z.object({ outcome: z.string(), base: z.string(), detail: z.string() });

/** Attribute names inside a channel item. */
const A = {
  reasonKeys: "reasonKeys",
  unnamed: "unnamedReasons",
  count: (h: string) => `reason#${h}#n`,
  meta: (h: string) => `reason#${h}#m`,
  url: (h: string, slot: number) => `reason#${h}#u${slot}`,
  outcome: (o: string) => `outcome#${o}`,
} as const;
const REASON_ATTRIBUTE = /^reason#([0-9a-f]+)#(n|m|u\d+)$/;

export class RunCoverageRepository {
  private readonly shards: number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    opts: { shards?: number } = {},
  ) {
    this.shards = Math.max(1, Math.floor(opts.shards ?? DEFAULT_COVERAGE_SHARDS));
  }

  /**
   * Adds one target's contribution, once per run: `counted` when it was added, `duplicate` when
   * the target had been counted already (a redelivered message). Throws when it could not be
   * added (nothing of it is then counted, and a later add of it counts).
   */
  async add(record: CoverageRecord, now: Date): Promise<"counted" | "duplicate"> {
    const [outcome] = await this.addAll([record], now);
    if (outcome === undefined || typeof outcome === "object") throw outcome?.error;
    return outcome;
  }

  /**
   * Adds the contributions of a worker's batch, each target once per run. Every target's marker
   * is written first (conditionally: a target already counted is a `duplicate`); then the
   * contributions of the newly counted targets are added with one `UpdateItem` per run and
   * channel. When that update fails, its targets' markers are released (a redelivery counts
   * them) and each of them gets the error. Only a worker that dies between the two writes loses
   * its targets' contributions.
   */
  async addAll(records: readonly CoverageRecord[], now: Date): Promise<AddOutcome[]> {
    const outcomes: AddOutcome[] = await Promise.all(
      records.map(async (record): Promise<AddOutcome> => {
        try {
          return (await this.claim(record, now)) ? "counted" : "duplicate";
        } catch (error) {
          return { error };
        }
      }),
    );
    const groups = new Map<string, number[]>();
    records.forEach((r, i) => {
      if (outcomes[i] !== "counted") return;
      const key = JSON.stringify([r.tenant, r.runId, r.channel]);
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const group = indexes.map((i) => records[i]!);
        try {
          await this.accumulate(merge(group), now);
        } catch (error) {
          await Promise.all(group.map((r) => this.release(r, now)));
          for (const i of indexes) outcomes[i] = { error };
        }
      }),
    );
    return outcomes;
  }

  /** Every channel's counters and reasons of a run, shards added up. */
  async totals(tenant: string, runId: string): Promise<RunTotals> {
    const items = await queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": keys.tenant(tenant), ":prefix": SK.channelPrefix(runId) },
        ConsistentRead: true,
      },
      (item) => item,
    );
    const totals: RunTotals = {
      channels: {},
      discoveryPagesRead: 0,
      pages: 0,
      alertsNew: 0,
      errors: 0,
      outcomes: {},
      unnamedReasons: {},
      lastAddedAt: null,
    };
    const reasonsByChannel = new Map<string, Map<string, ReasonTally & { urls: string[] }>>();
    for (const item of items) {
      const channel = z.string().parse(item.channel);
      const acc = totals.channels[channel] ?? { counters: zero(), reasons: [] };
      totals.channels[channel] = acc;
      for (const name of COVERAGE_COUNTERS) acc.counters[name] += count.parse(item[name]);
      totals.discoveryPagesRead += count.parse(item.discoveryPagesRead);
      totals.pages += count.parse(item.pages);
      totals.alertsNew += count.parse(item.alertsNew);
      totals.errors += count.parse(item.runErrors);
      const unnamed = count.parse(item[A.unnamed]);
      if (unnamed > 0) totals.unnamedReasons[channel] = (totals.unnamedReasons[channel] ?? 0) + unnamed;
      const at = typeof item.lastAddedAt === "string" ? item.lastAddedAt : null;
      if (at && (totals.lastAddedAt === null || at > totals.lastAddedAt)) totals.lastAddedAt = at;

      const reasons = reasonsByChannel.get(channel) ?? new Map();
      reasonsByChannel.set(channel, reasons);
      const parts = new Map<
        string,
        { n?: number; meta?: z.infer<typeof ReasonMetaSchema>; urls: string[] }
      >();
      for (const [name, value] of Object.entries(item)) {
        if (name.startsWith("outcome#")) {
          const outcome = name.slice("outcome#".length);
          totals.outcomes[outcome] = (totals.outcomes[outcome] ?? 0) + count.parse(value);
          continue;
        }
        const m = REASON_ATTRIBUTE.exec(name);
        if (!m) continue;
        const [, h, part] = m as unknown as [string, string, string];
        const p = parts.get(h) ?? { urls: [] };
        parts.set(h, p);
        if (part === "n") p.n = count.parse(value);
        else if (part === "m") {
          const meta = ReasonMetaSchema.safeParse(value);
          if (meta.success) p.meta = meta.data;
        } else if (typeof value === "string") p.urls.push(value);
      }
      for (const [h, p] of parts) {
        if (!p.meta || !p.n) continue;
        const known = reasons.get(h);
        if (known) {
          known.count += p.n;
          known.urls.push(...p.urls);
        } else reasons.set(h, { ...p.meta, count: p.n, urls: [...p.urls] });
      }
    }
    for (const [channel, reasons] of reasonsByChannel) {
      const acc = totals.channels[channel];
      if (acc) acc.reasons = [...reasons.values()];
    }
    return totals;
  }

  /** Written by the plan function when it starts a run: the next plan closes it. */
  async open(run: Omit<OpenRun, "closedAt">): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...run,
            pk: keys.tenant(run.tenant),
            sk: SK.open(run.runId),
            [TTL_ATTRIBUTE]: ttl(new Date(run.startedAt)),
          },
        }),
      );
    } catch (error) {
      throw storeError("PutItem", error);
    }
  }

  /**
   * The tenant's runs not closed yet among its `window` latest, oldest first. A run left open
   * further back (closing kept failing) is given up on; its items expire.
   */
  async openRuns(tenant: string, window = 10): Promise<OpenRun[]> {
    try {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :open)",
          ExpressionAttributeValues: { ":pk": keys.tenant(tenant), ":open": SK.openPrefix },
          ScanIndexForward: false,
          Limit: window,
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? [])
        .flatMap((item) => {
          const parsed = OpenRunSchema.safeParse(item);
          return parsed.success && parsed.data.closedAt === undefined ? [parsed.data] : [];
        })
        .reverse();
    } catch (error) {
      throw storeError("Query", error);
    }
  }

  /** The run has been summarized: it is not closed again. */
  async markClosed(run: OpenRun, now: Date): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...run,
            closedAt: now.toISOString(),
            pk: keys.tenant(run.tenant),
            sk: SK.open(run.runId),
            [TTL_ATTRIBUTE]: ttl(now),
          },
        }),
      );
    } catch (error) {
      throw storeError("PutItem", error);
    }
  }

  /** The target's marker for its run: true when this call wrote it (the target counts now). */
  private async claim(record: CoverageRecord, now: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.marker(record, now), state: "counted" },
          ConditionExpression: "attribute_not_exists(pk) OR #state = :released",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":released": "released" },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw storeError("PutItem", error);
    }
  }

  /** Gives up this message's claim, so that its redelivery counts the target. Best effort. */
  private async release(record: CoverageRecord, now: Date): Promise<void> {
    await this.doc
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.marker(record, now), state: "released" },
          ConditionExpression: "messageId = :mine",
          ExpressionAttributeValues: { ":mine": record.messageId },
        }),
      )
      .catch(() => undefined);
  }

  private marker(record: CoverageRecord, now: Date): Record<string, unknown> {
    return {
      pk: keys.tenant(record.tenant),
      sk: SK.counted(record.runId, hash(record.targetKey, 32)),
      messageId: record.messageId,
      targetKey: record.targetKey,
      [TTL_ATTRIBUTE]: ttl(now),
    };
  }

  /**
   * One `UpdateItem` on a shard item of the channel: counters `ADD`ed, reasons named while the item
   * has fewer than MAX_REASONS_PER_ITEM (or already knows them). When it is full, the reasons it
   * does not know are counted under `unnamedReasons` instead (one read to tell which).
   */
  private async accumulate(record: CoverageRecord, now: Date): Promise<void> {
    const shard = parseInt(hash(record.targetKey, 8), 16) % this.shards;
    const key = { pk: keys.tenant(record.tenant), sk: SK.channel(record.runId, record.channel, shard) };
    const reasons = record.reasons.filter((r) => r.count > 0).map((r) => ({ ...r, h: reasonHash(r) }));
    if (reasons.length === 0) {
      await this.update(key, record, shard, now, [], 0, false);
      return;
    }
    try {
      await this.update(key, record, shard, now, reasons, 0, true);
      return;
    } catch (error) {
      if (!(error instanceof ItemFull)) throw error;
    }
    let known: Set<string>;
    try {
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: key,
          ProjectionExpression: "#keys",
          ExpressionAttributeNames: { "#keys": A.reasonKeys },
          ConsistentRead: true,
        }),
      );
      known = new Set((out.Item?.[A.reasonKeys] as Set<string> | undefined) ?? []);
    } catch (error) {
      throw storeError("GetItem", error);
    }
    // Reasons are never removed from an item, so those it knows now it knows at the update too.
    const named = reasons.filter((r) => known.has(r.h));
    const unnamed = reasons.filter((r) => !known.has(r.h)).reduce((n, r) => n + r.count, 0);
    await this.update(key, record, shard, now, named, unnamed, false);
  }

  private async update(
    key: { pk: string; sk: string },
    record: CoverageRecord,
    shard: number,
    now: Date,
    reasons: ReadonlyArray<ReasonTally & { h: string }>,
    unnamed: number,
    bounded: boolean,
  ): Promise<void> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    let n = 0;
    const name = (attribute: string) => {
      const placeholder = `#a${n++}`;
      names[placeholder] = attribute;
      return placeholder;
    };
    const value = (v: unknown) => {
      const placeholder = `:v${n++}`;
      values[placeholder] = v;
      return placeholder;
    };
    const adds: string[] = [];
    const sets: string[] = [
      `${name("tenant")} = ${value(record.tenant)}`,
      `${name("runId")} = ${value(record.runId)}`,
      `${name("channel")} = ${value(record.channel)}`,
      `${name("shard")} = ${value(shard)}`,
      `${name("lastAddedAt")} = ${value(now.toISOString())}`,
      `${name(TTL_ATTRIBUTE)} = ${value(ttl(now))}`,
    ];
    const add = (attribute: string, amount: number) => adds.push(`${name(attribute)} ${value(amount)}`);
    for (const counter of COVERAGE_COUNTERS) add(counter, record.counters[counter]);
    add("discoveryPagesRead", record.discoveryPagesRead);
    add("pages", record.pages);
    add("alertsNew", record.alertsNew);
    add("runErrors", record.errors);
    for (const [outcome, amount] of Object.entries(record.outcomes)) add(A.outcome(outcome), amount);
    if (unnamed > 0) add(A.unnamed, unnamed);
    for (const r of reasons) {
      add(A.count(r.h), r.count);
      const meta = name(A.meta(r.h));
      sets.push(
        `${meta} = if_not_exists(${meta}, ${value({ outcome: r.outcome, base: r.base, detail: r.detail })})`,
      );
      // Two slots per reason, each kept by the first URL whose hash falls in it: a bounded sample,
      // with no condition to fail on.
      const bySlot = new Map<number, string>();
      for (const url of r.urls) {
        // An example is a link for people; a URL this long would only bloat every later write.
        if (url === "" || url.length > MAX_EXAMPLE_URL_LENGTH) continue;
        const slot = parseInt(hash(url, 8), 16) % EXAMPLE_URLS_PER_REASON;
        if (!bySlot.has(slot)) bySlot.set(slot, url);
      }
      for (const [slot, url] of bySlot) {
        const attribute = name(A.url(r.h, slot));
        sets.push(`${attribute} = if_not_exists(${attribute}, ${value(url)})`);
      }
    }
    let condition: string | undefined;
    if (reasons.length > 0) {
      const keysName = name(A.reasonKeys);
      adds.push(`${keysName} ${value(new Set(reasons.map((r) => r.h)))}`);
      if (bounded) {
        const allKnown = reasons.map((r) => `contains(${keysName}, ${value(r.h)})`).join(" AND ");
        condition = `attribute_not_exists(${keysName}) OR size(${keysName}) < ${value(MAX_REASONS_PER_ITEM)} OR (${allKnown})`;
      }
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${sets.join(", ")} ADD ${adds.join(", ")}`,
          ...(condition ? { ConditionExpression: condition } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (condition && isConditionalCheckFailed(error)) throw new ItemFull();
      throw storeError("UpdateItem", error);
    }
  }
}

class ItemFull extends Error {}

/** What one target came to, or why it could not be added. */
export type AddOutcome = "counted" | "duplicate" | { error: unknown };

/** The records of one run and channel as one: counters and outcomes summed, reasons merged. */
function merge(records: readonly CoverageRecord[]): CoverageRecord {
  const [first, ...rest] = records as [CoverageRecord, ...CoverageRecord[]];
  if (rest.length === 0) return first;
  const counters = { ...first.counters };
  const outcomes: Record<string, number> = { ...first.outcomes };
  const reasons = new Map<string, ReasonTally & { urls: string[] }>();
  let { discoveryPagesRead, pages, alertsNew, errors } = first;
  for (const [i, r] of records.entries()) {
    if (i > 0) {
      for (const name of COVERAGE_COUNTERS) counters[name] += r.counters[name];
      for (const [o, n] of Object.entries(r.outcomes)) outcomes[o] = (outcomes[o] ?? 0) + n;
      discoveryPagesRead += r.discoveryPagesRead;
      pages += r.pages;
      alertsNew += r.alertsNew;
      errors += r.errors;
    }
    for (const t of r.reasons) {
      const h = reasonHash(t);
      const known = reasons.get(h);
      if (known) {
        known.count += t.count;
        known.urls.push(...t.urls);
      } else reasons.set(h, { ...t, urls: [...t.urls] });
    }
  }
  return {
    ...first,
    counters,
    outcomes,
    reasons: [...reasons.values()],
    discoveryPagesRead,
    pages,
    alertsNew,
    errors,
  };
}

function zero(): CoverageCounters {
  return Object.fromEntries(COVERAGE_COUNTERS.map((c) => [c, 0])) as CoverageCounters;
}

function hash(text: string, hexChars: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, hexChars);
}

function reasonHash(r: Pick<ReasonTally, "outcome" | "base" | "detail">): string {
  return hash(`${r.outcome}\u0000${r.base}\u0000${r.detail}`, 16);
}

function ttl(from: Date): number {
  return Math.floor(from.getTime() / 1000) + COVERAGE_TTL_DAYS * 86_400;
}
