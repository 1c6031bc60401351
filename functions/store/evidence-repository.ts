import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { PricewardenError } from "../core/errors.js";
import { keys } from "./keys.js";
import { queryAll } from "./query-all.js";
import { isConditionalCheckFailed, storeError } from "./store-errors.js";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** One capture of one alert occurrence: where its files are and what they hashed to. */
export const EvidenceRecordSchema = z.object({
  tenant: z.string(),
  alertId: z.string(),
  captureId: z.string().regex(/^[0-9a-f]{16,32}$/),
  capturedAt: z.string(),
  /** When the alert occurrence this capture belongs to was opened (created or reopened). */
  openedAt: z.string(),
  occurrence: z.number().int().positive(),
  /** Blob key prefix; the files are `{blobPrefix}/{name}`. */
  blobPrefix: z.string(),
  manifestSha256: hex64,
  keyFingerprint: z.string(),
  files: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), sha256: hex64 })),
  screenshot: z.enum(["captured", "failed", "disabled"]),
});
export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;

const skPrefix = "EVIDENCE#";

/**
 * Evidence metadata items live in the alert's partition (`T#{tenant}#A#{alertId}`), sorted by
 * capture time, so an alert's captures are one key-condition query and the alert item itself
 * never has to change when evidence is added.
 */
export class EvidenceRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a capture's record once; the capture id in the sort key keeps same-millisecond captures apart. */
  async put(record: EvidenceRecord): Promise<void> {
    const item = {
      ...EvidenceRecordSchema.parse(record),
      pk: keys.alert(record.tenant, record.alertId),
      sk: `${skPrefix}${record.capturedAt}#${record.captureId}`,
    };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error))
        throw new PricewardenError("STORE_CONFLICT", `evidence ${record.captureId} already recorded`);
      throw storeError("PutItem", error);
    }
  }

  /** The alert's captures, oldest first. */
  list(tenant: string, alertId: string): Promise<EvidenceRecord[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
        ExpressionAttributeValues: { ":pk": keys.alert(tenant, alertId), ":sk": skPrefix },
        ConsistentRead: true,
      },
      parseRecord,
    );
  }

  /** The newest capture, or null. */
  async latest(tenant: string, alertId: string): Promise<EvidenceRecord | null> {
    let item: Record<string, unknown> | undefined;
    try {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
          ExpressionAttributeValues: { ":pk": keys.alert(tenant, alertId), ":sk": skPrefix },
          ConsistentRead: true,
          ScanIndexForward: false,
          Limit: 1,
        }),
      );
      item = page.Items?.[0];
    } catch (error) {
      throw storeError("Query", error);
    }
    return item ? parseRecord(item) : null;
  }
}

function parseRecord(item: Record<string, unknown>): EvidenceRecord {
  const { pk: _pk, sk: _sk, ...rest } = item;
  const parsed = EvidenceRecordSchema.safeParse(rest);
  if (!parsed.success)
    throw new PricewardenError(
      "ITEM_INVALID",
      `stored evidence ${String(item.sk)} is invalid: ${parsed.error.message}`,
    );
  return parsed.data;
}
