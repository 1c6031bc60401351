import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { PricewardenError } from "../core/errors.js";
import type { TenantRecord } from "../core/tenant-registration.js";
import { keys, SK } from "./keys.js";
import { queryAll } from "./query-all.js";
import { isConditionalCheckFailed, storeError } from "./store-errors.js";

const TenantItemSchema = z.object({
  tenant: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  state: z.enum(["active", "paused"]),
  configVersion: z.string().min(1),
  schedule: z.string().min(1),
  timezone: z.string().min(1),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
});

/**
 * The registry of tenants: one `TenantRecord` per tenant under the fixed `TENANTS` partition, so
 * the local scheduler's poll and `tenant list` are one Query. Writes are conditional on the
 * `updatedAt` the writer read (optimistic concurrency): two admins changing one tenant at once
 * never overwrite each other silently.
 */
export class TenantRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenant: string): Promise<TenantRecord | null> {
    let item: Record<string, unknown> | undefined;
    try {
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: keys.tenantRegistry, sk: SK.registeredTenant(tenant) },
          ConsistentRead: true,
        }),
      );
      item = out.Item;
    } catch (error) {
      throw storeError("GetItem", error);
    }
    return item ? parseRecord(item) : null;
  }

  /**
   * Writes the record if the stored one still has `expectedUpdatedAt` (null: no record yet);
   * otherwise STORE_CONFLICT, and the caller reads again and decides again.
   */
  async put(record: TenantRecord, expectedUpdatedAt: string | null): Promise<void> {
    const item = TenantItemSchema.parse(record);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keys.tenantRegistry, sk: SK.registeredTenant(record.tenant), ...item },
          ...(expectedUpdatedAt === null
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : {
                ConditionExpression: "updatedAt = :expected",
                ExpressionAttributeValues: { ":expected": expectedUpdatedAt },
              }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new PricewardenError(
          "STORE_CONFLICT",
          `tenant ${record.tenant} changed since it was read (expected ${expectedUpdatedAt ?? "no record"})`,
          { cause: error },
        );
      }
      throw storeError("PutItem", error);
    }
  }

  /** Every registered tenant, in tenant-id order. */
  async list(): Promise<TenantRecord[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": keys.tenantRegistry, ":prefix": SK.registeredTenants },
        ConsistentRead: true,
      },
      parseRecord,
    );
  }
}

function parseRecord(item: Record<string, unknown>): TenantRecord {
  const parsed = TenantItemSchema.safeParse(item);
  if (!parsed.success) {
    const sk = typeof item["sk"] === "string" ? item["sk"] : "?";
    throw new PricewardenError("ITEM_INVALID", `tenant record ${sk} is malformed`, { cause: parsed.error });
  }
  return parsed.data;
}
