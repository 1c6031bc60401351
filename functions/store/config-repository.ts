import { createHash } from "node:crypto";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { type TenantConfig, validateConfig } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import { keys, SK } from "./keys.js";
import { isConditionalCheckFailed, storeError } from "./store-errors.js";

/** Versions are zero-padded so `CONFIG#…` items sort in publish order. */
const VERSION_WIDTH = 6;
const LATEST = "latest";
const MAX_PUBLISH_ATTEMPTS = 5;

const VersionItemSchema = z.object({
  tenant: z.string(),
  version: z.string(),
  /** The validated config as JSON text: a map attribute would drop empty lists and reorder keys. */
  configJson: z.string(),
  sha256: z.string(),
  publishedAt: z.string(),
});

const PointerItemSchema = z.object({ version: z.string(), sha256: z.string() });

export interface ConfigVersion {
  tenant: string;
  version: string;
  config: TenantConfig;
  sha256: string;
  publishedAt: string;
}

export type PublishResult = { kind: "published" | "unchanged"; version: string };

export function formatConfigVersion(n: number): string {
  return String(n).padStart(VERSION_WIDTH, "0");
}

/**
 * Tenant configs, versioned: immutable `T#{tenant}` / `CONFIG#{version}` items plus a
 * `CONFIG#latest` pointer. Crawl messages name the version they were planned with, so a worker
 * never judges a listing against a config published after the run started.
 */
export class ConfigRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Stores a new version and moves the pointer; publishing the same config again is a no-op.
   * No transaction: the version item is written first, so the pointer never names a missing item.
   */
  async publish(config: TenantConfig, now: Date): Promise<PublishResult> {
    const configJson = JSON.stringify(config);
    const sha256 = createHash("sha256").update(configJson).digest("hex");
    for (let attempt = 0; attempt < MAX_PUBLISH_ATTEMPTS; attempt++) {
      const pointer = await this.pointer(config.tenant);
      if (pointer?.sha256 === sha256) return { kind: "unchanged", version: pointer.version };
      let next = pointer ? Number(pointer.version) + 1 : 1;
      // A publisher that died between its two writes leaves an orphan version: skip past it.
      while (!(await this.putVersion(config.tenant, formatConfigVersion(next), configJson, sha256, now)))
        next++;
      const version = formatConfigVersion(next);
      if (await this.movePointer(config.tenant, version, sha256, pointer?.version ?? null)) {
        return { kind: "published", version };
      }
    }
    throw new PricewardenError("STORE_CONFLICT", `config of ${config.tenant} kept changing under us`);
  }

  async latest(tenant: string): Promise<ConfigVersion | null> {
    const pointer = await this.pointer(tenant);
    return pointer ? this.get(tenant, pointer.version) : null;
  }

  async get(tenant: string, version: string): Promise<ConfigVersion | null> {
    const item = await this.read(tenant, SK.config(version));
    if (!item) return null;
    const stored = VersionItemSchema.safeParse(item);
    if (!stored.success) {
      throw new PricewardenError("ITEM_INVALID", `config ${tenant}@${version} is malformed`, {
        cause: stored.error,
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(stored.data.configJson);
    } catch (error) {
      throw new PricewardenError("ITEM_INVALID", `config ${tenant}@${version} is not JSON`, { cause: error });
    }
    const result = validateConfig(value);
    if (!result.ok) {
      const problems = result.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
      throw new PricewardenError("ITEM_INVALID", `config ${tenant}@${version} is invalid: ${problems}`);
    }
    if (result.config.tenant !== tenant) {
      throw new PricewardenError(
        "ITEM_INVALID",
        `config ${tenant}@${version} names tenant ${result.config.tenant}`,
      );
    }
    return {
      tenant,
      version,
      config: result.config,
      sha256: stored.data.sha256,
      publishedAt: stored.data.publishedAt,
    };
  }

  private async pointer(tenant: string): Promise<z.infer<typeof PointerItemSchema> | null> {
    const item = await this.read(tenant, SK.config(LATEST));
    if (!item) return null;
    const parsed = PointerItemSchema.safeParse(item);
    if (!parsed.success) {
      throw new PricewardenError("ITEM_INVALID", `config pointer of ${tenant} is malformed`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  private async read(tenant: string, sk: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: keys.tenant(tenant), sk },
          ConsistentRead: true,
        }),
      );
      return out.Item;
    } catch (error) {
      throw storeError("GetItem", error);
    }
  }

  private async putVersion(
    tenant: string,
    version: string,
    configJson: string,
    sha256: string,
    now: Date,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: keys.tenant(tenant),
            sk: SK.config(version),
            tenant,
            version,
            configJson,
            sha256,
            publishedAt: now.toISOString(),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw storeError("PutItem", error);
    }
  }

  private async movePointer(
    tenant: string,
    version: string,
    sha256: string,
    expected: string | null,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keys.tenant(tenant), sk: SK.config(LATEST), version, sha256 },
          ...(expected === null
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": expected } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw storeError("PutItem", error);
    }
  }
}
