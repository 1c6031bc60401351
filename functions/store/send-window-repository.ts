import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "./keys.js";
import { isConditionalCheckFailed, storeError } from "./store-errors.js";

/** When a notify target was last sent to: what keeps a robot within its rate limit across drains. */
export interface SendWindow {
  tenant: string;
  targetId: string;
  /** Epoch milliseconds of the recent sends, oldest first. */
  sentAt: number[];
  /** Null before the first write; guards concurrent writers. */
  version: number | null;
}

const sortKey = (targetId: string) => `NOTIFY#${targetId}`;

/**
 * One small item per (tenant, notify target) beside the tenant's other state. Written before each
 * send (so a crash never forgets a message that may have gone out) with a version check.
 */
export class SendWindowRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenant: string, targetId: string): Promise<SendWindow> {
    try {
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: keys.tenant(tenant), sk: sortKey(targetId) },
          ConsistentRead: true,
        }),
      );
      const item = out.Item;
      const sentAt = Array.isArray(item?.sentAt)
        ? (item.sentAt as unknown[]).filter((t): t is number => typeof t === "number")
        : [];
      return { tenant, targetId, sentAt, version: typeof item?.version === "number" ? item.version : null };
    } catch (error) {
      throw storeError("GetItem", error);
    }
  }

  /** Writes the window if nobody else did meanwhile; null when someone did (the caller stops). */
  async put(window: SendWindow): Promise<SendWindow | null> {
    const version = window.version === null ? 0 : window.version + 1;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: keys.tenant(window.tenant),
            sk: sortKey(window.targetId),
            sentAt: window.sentAt,
            version,
          },
          ...(window.version === null
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": window.version } }),
        }),
      );
      return { ...window, version };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return null;
      throw storeError("PutItem", error);
    }
  }
}
