import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  AlertSchema,
  type AlertSeverity,
  type AlertStatus,
  AlertStatusSchema,
  type DeliveryState,
  type Finding,
} from "../core/alert.js";
import {
  type ActionOutcome,
  applyAction,
  type CleanCheck,
  effectiveStatus,
  type FindingContext,
  onCleanCheck,
  onFinding,
  openAlert,
  type PersonAction,
  verbForStatus,
} from "../core/alert-lifecycle.js";
import { PricewardenError } from "../core/errors.js";
import { keys, SK } from "./keys.js";
import { type PageQuery, queryAll, queryPage, type StorePage } from "./query-all.js";
import { SendWindowRepository } from "./send-window-repository.js";
import { isConditionalCheckFailed, storeError } from "./store-errors.js";

const StoredAlertSchema = AlertSchema.extend({
  version: z.number().int().nonnegative(),
  /** The price that was dismissed; the same listing at another price reopens the alert. */
  dismissedPrice: z.number().int().nullable().optional(),
});
export type StoredAlert = z.infer<typeof StoredAlertSchema>;

export type RecordContext = FindingContext;

/** What a person's action came to: the lifecycle's outcome, or no such alert. */
export type ActResult = ActionOutcome<StoredAlert> | { kind: "not_found" };

/** A status change by its resulting status (the CLI's `ack|resolve|dismiss`). */
export interface StatusChange {
  status: Exclude<AlertStatus, "open" | "snoozed">;
  by: string;
  note?: string | undefined;
  now: string;
}

export type RecordResult =
  | { kind: "created"; alert: StoredAlert }
  | { kind: "reopened"; alert: StoredAlert }
  | { kind: "updated"; alert: StoredAlert }
  | { kind: "unchanged"; alert: StoredAlert };

const MAX_WRITE_ATTEMPTS = 5;

/**
 * Alerts and their pending deliveries in one item, so creating an alert and queueing its
 * notifications is one conditional write: no transaction needed (dynalite has none).
 * Concurrent writers are serialized by an optimistic `version` check.
 */
export class AlertRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenant: string, alertId: string): Promise<StoredAlert | null> {
    let item: Record<string, unknown> | undefined;
    try {
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: keys.alert(tenant, alertId), sk: SK.alert },
          ConsistentRead: true,
        }),
      );
      item = out.Item;
    } catch (error) {
      throw storeError("GetItem", error);
    }
    return item ? parseStored(item) : null;
  }

  /**
   * Upserts the alert for a finding: new → open with deliveries queued; seen again → lastSeen/occurrences.
   * `likelyNew` (the listing's state names no such alert) tries the create first, sparing the read
   * that a new alert would find nothing with; an alert that exists after all falls back to read and update.
   */
  async record(
    finding: Finding,
    ctx: RecordContext,
    opts: { likelyNew?: boolean } = {},
  ): Promise<RecordResult> {
    if (opts.likelyNew) {
      const created: RecordResult = { kind: "created", alert: { ...openAlert(finding, ctx), version: 0 } };
      if (await this.put(created.alert, null)) return created;
    }
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await this.get(ctx.tenant, ctx.alertId);
      const next: RecordResult = existing
        ? onFinding(existing, finding, ctx)
        : { kind: "created", alert: { ...openAlert(finding, ctx), version: 0 } };
      if (next.kind === "unchanged") return next;
      if (await this.put(next.alert, existing?.version ?? null)) return next;
    }
    throw new PricewardenError("STORE_CONFLICT", `alert ${ctx.alertId} kept changing under us`);
  }

  /**
   * The condition no longer holds on this listing (or channel): count a clean run, resolve after
   * `resolveAfter`; `note` says why in the history entry.
   */
  async markClean(tenant: string, alertId: string, opts: CleanCheck): Promise<StoredAlert | null> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await this.get(tenant, alertId);
      if (!existing) return null;
      const next = onCleanCheck(existing, opts);
      if (next.kind === "unchanged") return existing;
      if (await this.put(next.alert, existing.version)) return next.alert;
    }
    throw new PricewardenError("STORE_CONFLICT", `alert ${alertId} kept changing under us`);
  }

  /**
   * A person's action, through the lifecycle (`applyAction`): written only when it changes
   * something, so a repeated action leaves no second history row.
   */
  async act(tenant: string, alertId: string, action: PersonAction): Promise<ActResult> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await this.get(tenant, alertId);
      if (!existing) return { kind: "not_found" };
      const outcome = applyAction(existing, action);
      if (outcome.kind !== "changed") return outcome;
      if (await this.put(outcome.alert, existing.version)) return outcome;
    }
    throw new PricewardenError("STORE_CONFLICT", `alert ${alertId} kept changing under us`);
  }

  /** `act` named by the resulting status; an action the alert's state does not allow is BAD_INPUT. */
  async setStatus(tenant: string, alertId: string, change: StatusChange): Promise<StoredAlert> {
    const verb = verbForStatus(change.status);
    if (!verb) throw new PricewardenError("BAD_INPUT", `no action leads to status ${change.status}`);
    const result = await this.act(tenant, alertId, {
      verb,
      by: change.by,
      note: change.note,
      now: change.now,
    });
    if (result.kind === "not_found") throw new PricewardenError("NOT_FOUND", `no alert ${alertId}`);
    if (result.kind === "invalid")
      throw new PricewardenError(
        "BAD_INPUT",
        `alert ${alertId} is ${result.alert.status}: it cannot be ${change.status} now`,
      );
    return result.alert;
  }

  /**
   * How many of the tenant's alerts are in each status at `now`: a snooze whose time has passed
   * counts as open. Counted by the store (no items read), except the snoozed list, read to tell.
   */
  async countByStatus(tenant: string, now: string): Promise<Record<AlertStatus, number>> {
    const counts = Object.fromEntries(AlertStatusSchema.options.map((s) => [s, 0])) as Record<
      AlertStatus,
      number
    >;
    for (const status of AlertStatusSchema.options) {
      if (status === "snoozed") continue;
      counts[status] = await this.countPartition(keys.alertsByStatus(tenant, status));
    }
    for (const alert of await this.list(tenant, { statuses: ["snoozed"] }))
      counts[effectiveStatus(alert, now)]++;
    return counts;
  }

  /** A distributor's alerts per status at `now` (its own partition, monitoring-only left out). */
  async countForDistributor(
    tenant: string,
    distributorId: string,
    now: string,
  ): Promise<Record<AlertStatus, number>> {
    const counts = Object.fromEntries(AlertStatusSchema.options.map((s) => [s, 0])) as Record<
      AlertStatus,
      number
    >;
    for (const alert of await this.listForDistributor(tenant, distributorId))
      if (!alert.monitoringOnly) counts[effectiveStatus(alert, now)]++;
    return counts;
  }

  /** Alerts by status (all statuses when none given), newest first within a status. */
  async list(tenant: string, opts: { statuses?: readonly AlertStatus[] } = {}): Promise<StoredAlert[]> {
    const statuses = opts.statuses ?? AlertStatusSchema.options;
    const out: StoredAlert[] = [];
    for (const status of statuses) {
      out.push(
        ...(await this.queryAll(
          "gsi1",
          "gsi1pk = :pk",
          { ":pk": keys.alertsByStatus(tenant, status) },
          false,
        )),
      );
    }
    return out;
  }

  /** Alerts scoped to one distributor: a key condition on gsi2, never a filter. */
  async listForDistributor(tenant: string, distributorId: string): Promise<StoredAlert[]> {
    return this.queryAll(
      "gsi2",
      "gsi2pk = :pk AND begins_with(gsi2sk, :a)",
      { ":pk": keys.distributor(tenant, distributorId), ":a": "A#" },
      false,
    );
  }

  /** One page of one status and severity (gsi1), newest first. */
  pageByStatus(
    tenant: string,
    status: AlertStatus,
    severity: AlertSeverity,
    page: PageQuery<StoredAlert>,
  ): Promise<StorePage<StoredAlert>> {
    return queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :severity)",
        ExpressionAttributeValues: {
          ":pk": keys.alertsByStatus(tenant, status),
          ":severity": `${severity}#`,
        },
        ScanIndexForward: false,
      },
      parseStored,
      page,
    );
  }

  /** One page of a distributor's alerts, newest first: a key condition on gsi2, never a filter. */
  pageForDistributor(
    tenant: string,
    distributorId: string,
    page: PageQuery<StoredAlert>,
  ): Promise<StorePage<StoredAlert>> {
    return queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk AND begins_with(gsi2sk, :a)",
        ExpressionAttributeValues: { ":pk": keys.distributor(tenant, distributorId), ":a": "A#" },
        ScanIndexForward: false,
      },
      parseStored,
      page,
    );
  }

  /** Alerts with a delivery due at or before `now` (sparse index). */
  async listDue(tenant: string, now: string): Promise<StoredAlert[]> {
    return this.queryAll(
      "gsi3",
      "gsi3pk = :pk AND gsi3sk <= :now",
      { ":pk": keys.deliveries(tenant), ":now": `${now}#~` },
      true,
    );
  }

  /** Records one delivery attempt's result. Null when the alert changed meanwhile (caller re-reads). */
  async updateDelivery(
    alert: StoredAlert,
    targetId: string,
    delivery: DeliveryState,
  ): Promise<StoredAlert | null> {
    const next: StoredAlert = { ...alert, deliveries: { ...alert.deliveries, [targetId]: delivery } };
    return (await this.put(next, alert.version)) ? next : null;
  }

  /** The notify targets' send windows (robot rate limits), in the same table. */
  sendWindows(): SendWindowRepository {
    return new SendWindowRepository(this.doc, this.tableName);
  }

  private async put(alert: StoredAlert, expectedVersion: number | null): Promise<boolean> {
    const item = toItem({ ...alert, version: expectedVersion === null ? 0 : expectedVersion + 1 });
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedVersion === null
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": expectedVersion } }),
        }),
      );
      alert.version = item.version as number;
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw storeError("PutItem", error);
    }
  }

  private async countPartition(partition: string): Promise<number> {
    let total = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      try {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk",
            ExpressionAttributeValues: { ":pk": partition },
            Select: "COUNT",
            ExclusiveStartKey: startKey,
          }),
        );
        total += out.Count ?? 0;
        startKey = out.LastEvaluatedKey;
      } catch (error) {
        throw storeError("Query", error);
      }
    } while (startKey);
    return total;
  }

  private queryAll(
    index: string,
    condition: string,
    values: Record<string, string>,
    ascending: boolean,
  ): Promise<StoredAlert[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        ScanIndexForward: ascending,
      },
      parseStored,
    );
  }
}

function toItem(alert: StoredAlert): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...alert,
    pk: keys.alert(alert.tenant, alert.id),
    sk: SK.alert,
    gsi1pk: keys.alertsByStatus(alert.tenant, alert.status),
    gsi1sk: `${alert.severity}#${alert.lastSeen}#${alert.id}`,
  };
  if (alert.distributorId) {
    item.gsi2pk = keys.distributor(alert.tenant, alert.distributorId);
    item.gsi2sk = `A#${alert.lastSeen}#${alert.id}`;
  }
  const due = Object.values(alert.deliveries)
    .filter((d) => d.state === "pending")
    .map((d) => d.nextAttemptAt)
    .sort()[0];
  if (due) {
    item.gsi3pk = keys.deliveries(alert.tenant);
    item.gsi3sk = `${due}#${alert.id}`;
  }
  return item;
}

function parseStored(item: Record<string, unknown>): StoredAlert {
  const parsed = StoredAlertSchema.safeParse(item);
  if (!parsed.success) {
    throw new PricewardenError(
      "ITEM_INVALID",
      `stored alert ${String(item.pk)} is invalid: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}
