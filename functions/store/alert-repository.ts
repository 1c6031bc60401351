import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  AlertSchema,
  type AlertStatus,
  AlertStatusSchema,
  type DeliveryState,
  type Finding,
  type StatusChangeSchema,
} from "../core/alert.js";
import { deliveryIdOf } from "../core/alert-identity.js";
import { PricewardenError } from "../core/errors.js";
import { keys, SK } from "./keys.js";
import { queryAll } from "./query-all.js";
import { isConditionalCheckFailed, storeError } from "./store-errors.js";

const StoredAlertSchema = AlertSchema.extend({
  version: z.number().int().nonnegative(),
  /** The price that was dismissed; the same listing at another price reopens the alert. */
  dismissedPrice: z.number().int().nullable().optional(),
});
export type StoredAlert = z.infer<typeof StoredAlertSchema>;

export interface RecordContext {
  tenant: string;
  alertId: string;
  runId: string;
  now: string;
  /** Ids of the notify targets that want this finding. */
  targets: readonly string[];
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

  /** Upserts the alert for a finding: new → open with deliveries queued; seen again → lastSeen/occurrences. */
  async record(finding: Finding, ctx: RecordContext): Promise<RecordResult> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await this.get(ctx.tenant, ctx.alertId);
      if (existing && existing.lastRunId === ctx.runId) return { kind: "unchanged", alert: existing };
      const next = existing ? this.advance(existing, finding, ctx) : this.create(finding, ctx);
      if (await this.put(next.alert, existing?.version ?? null)) return next;
    }
    throw new PricewardenError("STORE_CONFLICT", `alert ${ctx.alertId} kept changing under us`);
  }

  /**
   * The condition no longer holds on this listing (or channel): count a clean run, resolve after
   * `resolveAfter`; `note` says why in the history entry.
   */
  async markClean(
    tenant: string,
    alertId: string,
    opts: { runId: string; now: string; resolveAfter: number; note?: string },
  ): Promise<StoredAlert | null> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await this.get(tenant, alertId);
      if (!existing) return null;
      if (existing.lastRunId === opts.runId) return existing;
      if (existing.status !== "open" && existing.status !== "acknowledged") return existing;
      const cleanRuns = existing.cleanRuns + 1;
      const resolve = cleanRuns >= opts.resolveAfter;
      const next: StoredAlert = {
        ...existing,
        cleanRuns,
        lastRunId: opts.runId,
        status: resolve ? "resolved" : existing.status,
        history: resolve
          ? [
              ...existing.history,
              {
                at: opts.now,
                status: "resolved",
                by: "pricewarden",
                note: opts.note ?? `condition cleared on ${cleanRuns} consecutive checks`,
              },
            ]
          : existing.history,
      };
      if (await this.put(next, existing.version)) return next;
    }
    throw new PricewardenError("STORE_CONFLICT", `alert ${alertId} kept changing under us`);
  }

  async setStatus(
    tenant: string,
    alertId: string,
    change: { status: Exclude<AlertStatus, "open">; by: string; note?: string; now: string },
  ): Promise<StoredAlert> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await this.get(tenant, alertId);
      if (!existing) throw new PricewardenError("NOT_FOUND", `no alert ${alertId}`);
      const entry: z.infer<typeof StatusChangeSchema> = {
        at: change.now,
        status: change.status,
        by: change.by,
      };
      if (change.note) entry.note = change.note;
      const next: StoredAlert = {
        ...existing,
        status: change.status,
        history: [...existing.history, entry],
        dismissedPrice: change.status === "dismissed" ? existing.price : (existing.dismissedPrice ?? null),
      };
      if (await this.put(next, existing.version)) return next;
    }
    throw new PricewardenError("STORE_CONFLICT", `alert ${alertId} kept changing under us`);
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

  private create(finding: Finding, ctx: RecordContext): RecordResult {
    const alert: StoredAlert = {
      ...finding,
      id: ctx.alertId,
      tenant: ctx.tenant,
      status: "open",
      firstSeen: ctx.now,
      lastSeen: ctx.now,
      occurrences: 1,
      cleanRuns: 0,
      evidence: [],
      history: [{ at: ctx.now, status: "open", by: "pricewarden" }],
      deliveries: queueDeliveries({}, ctx, "opened", 1),
      lastRunId: ctx.runId,
      version: 0,
      dismissedPrice: null,
    };
    return { kind: "created", alert };
  }

  private advance(existing: StoredAlert, finding: Finding, ctx: RecordContext): RecordResult {
    const occurrences = existing.occurrences + 1;
    const base: StoredAlert = {
      ...existing,
      ...finding,
      lastSeen: ctx.now,
      occurrences,
      cleanRuns: 0,
      lastRunId: ctx.runId,
    };
    const reopen =
      existing.status === "resolved" ||
      (existing.status === "dismissed" && (existing.dismissedPrice ?? null) !== finding.price);
    if (!reopen) return { kind: "updated", alert: base };
    const note =
      existing.status === "resolved" ? "condition returned" : "price changed since the alert was dismissed";
    return {
      kind: "reopened",
      alert: {
        ...base,
        status: "open",
        history: [...existing.history, { at: ctx.now, status: "open", by: "pricewarden", note }],
        deliveries: queueDeliveries(existing.deliveries, ctx, "reopened", occurrences),
        dismissedPrice: null,
      },
    };
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

function queueDeliveries(
  current: Record<string, DeliveryState>,
  ctx: RecordContext,
  event: DeliveryState["event"],
  occurrence: number,
): Record<string, DeliveryState> {
  const next = { ...current };
  for (const target of ctx.targets) {
    next[target] = {
      state: "pending",
      deliveryId: deliveryIdOf(ctx.alertId, target, occurrence),
      event,
      attempts: 0,
      nextAttemptAt: ctx.now,
    };
  }
  return next;
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
