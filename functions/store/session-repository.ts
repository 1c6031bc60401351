import { randomBytes } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { BrowserSessionInfo, SessionHealth, StorageState } from "../core/browser-session.js";
import { PricewardenError } from "../core/errors.js";
import { type SessionCipher, sessionCipherContext } from "../sessions/session-cipher.js";
import { checkStorageState, StorageStateSchema, storageStateExpiry } from "../sessions/storage-state.js";
import { keys, SK } from "./keys.js";
import { queryAll } from "./query-all.js";
import { isConditionalCheckFailed, storeError } from "./store-errors.js";

/** How the sealed bytes are laid out before encryption: gzip of the storage state's JSON. */
const STATE_FORMAT = "gzip-json/1";
/**
 * A DynamoDB item holds at most 400 KB; the sealed state is base64 (4/3 of the compressed size)
 * beside a few hundred bytes of info. A signed-in marketplace state compresses to a few KB.
 */
const MAX_COMPRESSED_STATE_BYTES = 256 * 1024;
const MAX_STATE_JSON_BYTES = 64 * 1024 * 1024;
const MAX_LABEL_CHARS = 120;
const MAX_AREA_CHARS = 120;

const CHANNEL_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const SESSION_ID_PATTERN = /^[a-z0-9]{1,64}$/;

/**
 * The item's shown fields. `expiresAt` is stored as `cookiesExpireAt`: `expiresAt` is the
 * table's TTL attribute (DynamoDB on AWS deletes an item once a number there has passed), and a
 * session is not to vanish because one of its cookies lapsed.
 */
const INFO_ATTRIBUTES = [
  "tenant",
  "channel",
  "id",
  "label",
  "health",
  "reason",
  "createdAt",
  "lastUsedAt",
  "lastCheckedAt",
  "cookiesExpireAt",
  "area",
] as const;

const StoredInfoSchema = z.object({
  tenant: z.string(),
  channel: z.string(),
  id: z.string(),
  label: z.string(),
  health: z.enum(["healthy", "unhealthy", "unchecked"]),
  reason: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  cookiesExpireAt: z.string().nullable(),
  area: z.string().nullable(),
});

const SealedStateSchema = z.object({
  format: z.literal(STATE_FORMAT),
  ciphertext: z.string(),
  keyId: z.string(),
});

export interface SessionMark {
  health: Exclude<SessionHealth, "unchecked">;
  /** Why (for unhealthy): "login stub", "risk page (京东验证)". */
  reason: string | null;
  /** When the page that showed it was checked (ISO); an older check never overwrites a newer one. */
  at: string;
}

/**
 * Customer-owned browser sessions on the single table: `pk = T#{tenant}`,
 * `sk = SESSION#{channel}#{id}`. The storage state is sealed by a `SessionCipher` (context
 * `tenant/channel/id`) and stored beside the shown fields; `list` and `get` never read it
 * (projection), only `load` does.
 */
export class SessionRepository {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: SessionCipher,
    opts: { now?: () => Date; newId?: () => string } = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.newId = opts.newId ?? (() => randomBytes(8).toString("hex"));
  }

  /** Validates, seals and stores a storage state as a new session (health `unchecked`). */
  async put(
    tenant: string,
    channel: string,
    state: StorageState,
    opts: { label?: string; area?: string } = {},
  ): Promise<BrowserSessionInfo> {
    checkChannel(channel);
    const checked = checkStorageState(state);
    if (!checked.ok)
      throw new PricewardenError(
        "BAD_INPUT",
        `not a Playwright storage state: ${checked.problems.join("; ")}`,
      );
    const label = opts.label?.trim();
    const area = opts.area?.trim();
    if (label !== undefined && (label.length === 0 || label.length > MAX_LABEL_CHARS))
      throw new PricewardenError("BAD_INPUT", `a session label is 1 to ${MAX_LABEL_CHARS} characters`);
    if (area !== undefined && (area.length === 0 || area.length > MAX_AREA_CHARS))
      throw new PricewardenError("BAD_INPUT", `a session area is 1 to ${MAX_AREA_CHARS} characters`);

    const now = this.now();
    const id = this.newId();
    if (!SESSION_ID_PATTERN.test(id)) throw new PricewardenError("INTERNAL", "bad generated session id");
    const createdAt = now.toISOString();
    const info: BrowserSessionInfo = {
      tenant,
      channel,
      id,
      label: label ?? `${channel} ${createdAt.slice(0, 10)}`,
      health: "unchecked",
      reason: null,
      createdAt,
      lastUsedAt: null,
      lastCheckedAt: null,
      expiresAt: storageStateExpiry(checked.state, now),
      area: area ?? null,
    };
    const compressed = gzipSync(Buffer.from(JSON.stringify(checked.state), "utf8"));
    if (compressed.length > MAX_COMPRESSED_STATE_BYTES)
      throw new PricewardenError(
        "BAD_INPUT",
        `the storage state is too large to store (${Math.ceil(compressed.length / 1024)} KiB compressed, at most ${MAX_COMPRESSED_STATE_BYTES / 1024} KiB)`,
      );
    const sealed = await this.cipher.encrypt(compressed, sessionCipherContext(tenant, channel, id));
    const { expiresAt, ...shown } = info;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...shown,
            cookiesExpireAt: expiresAt,
            pk: keys.tenant(tenant),
            sk: SK.session(channel, id),
            sealedState: { format: STATE_FORMAT, ciphertext: sealed.ciphertext, keyId: sealed.keyId },
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error))
        throw new PricewardenError("STORE_CONFLICT", `session id ${id} is taken (try again)`);
      throw storeError("PutItem", error);
    }
    return info;
  }

  /** The tenant's sessions (one channel's when given), by channel then age; never their state. */
  async list(tenant: string, channel?: string): Promise<BrowserSessionInfo[]> {
    if (channel !== undefined) checkChannel(channel);
    const { projection, names } = infoProjection();
    const sessions = await queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": keys.tenant(tenant), ":prefix": SK.sessions(channel) },
        ExpressionAttributeNames: names,
        ProjectionExpression: projection,
        ConsistentRead: true,
      },
      parseInfo,
    );
    return sessions.sort(
      (a, b) =>
        a.channel.localeCompare(b.channel) ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    );
  }

  /** One session's shown fields, or null; never its state. */
  async get(tenant: string, channel: string, id: string): Promise<BrowserSessionInfo | null> {
    if (!validKey(channel, id)) return null;
    const { projection, names } = infoProjection();
    const item = await this.getItem(tenant, channel, id, { ProjectionExpression: projection, names });
    return item ? parseInfo(item) : null;
  }

  /** The session's storage state, opened; null when there is no such session. */
  async load(tenant: string, channel: string, id: string): Promise<StorageState | null> {
    if (!validKey(channel, id)) return null;
    const item = await this.getItem(tenant, channel, id, {
      ProjectionExpression: "#sealedState",
      names: { "#sealedState": "sealedState" },
    });
    if (!item) return null;
    const sealed = SealedStateSchema.safeParse(item.sealedState);
    if (!sealed.success)
      throw new PricewardenError(
        "ITEM_INVALID",
        `stored session ${channel}/${id} has no readable sealed state`,
      );
    const compressed = await this.cipher.decrypt(
      { ciphertext: sealed.data.ciphertext, keyId: sealed.data.keyId },
      sessionCipherContext(tenant, channel, id),
    );
    let state: unknown;
    try {
      state = JSON.parse(gunzipSync(compressed, { maxOutputLength: MAX_STATE_JSON_BYTES }).toString("utf8"));
    } catch (error) {
      throw new PricewardenError("ITEM_INVALID", `stored session ${channel}/${id} did not decompress`, {
        cause: error,
      });
    }
    const parsed = StorageStateSchema.safeParse(state);
    if (!parsed.success)
      throw new PricewardenError("ITEM_INVALID", `stored session ${channel}/${id} is not a storage state`);
    return parsed.data;
  }

  /**
   * Records what a check found. True only when the health changed (the one caller that saw the
   * change raises the alert; concurrent or repeated marks get false). A check older than the last
   * recorded one, or a session that no longer exists, changes nothing and returns false.
   */
  async mark(tenant: string, channel: string, id: string, mark: SessionMark): Promise<boolean> {
    if (!validKey(channel, id)) return false;
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.tenant(tenant), sk: SK.session(channel, id) },
          UpdateExpression: "SET #health = :health, #reason = :reason, #checked = :at",
          ConditionExpression:
            "attribute_exists(pk) AND (attribute_not_exists(#checked) OR attribute_type(#checked, :null) OR #checked <= :at)",
          ExpressionAttributeNames: { "#health": "health", "#reason": "reason", "#checked": "lastCheckedAt" },
          ExpressionAttributeValues: {
            ":health": mark.health,
            ":reason": mark.health === "healthy" ? null : mark.reason,
            ":at": mark.at,
            ":null": "NULL",
          },
          ReturnValues: "ALL_OLD",
        }),
      );
      return out.Attributes?.health !== mark.health;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw storeError("UpdateItem", error);
    }
  }

  /** Records that a render used the session at `at` (never moves `lastUsedAt` back). */
  async touch(tenant: string, channel: string, id: string, at: string): Promise<void> {
    if (!validKey(channel, id)) return;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.tenant(tenant), sk: SK.session(channel, id) },
          UpdateExpression: "SET #used = :at",
          ConditionExpression:
            "attribute_exists(pk) AND (attribute_not_exists(#used) OR attribute_type(#used, :null) OR #used < :at)",
          ExpressionAttributeNames: { "#used": "lastUsedAt" },
          ExpressionAttributeValues: { ":at": at, ":null": "NULL" },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return;
      throw storeError("UpdateItem", error);
    }
  }

  /** Deletes the session and its state; false when there was none. */
  async remove(tenant: string, channel: string, id: string): Promise<boolean> {
    if (!validKey(channel, id)) return false;
    try {
      const out = await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: keys.tenant(tenant), sk: SK.session(channel, id) },
          ReturnValues: "ALL_OLD",
        }),
      );
      return out.Attributes !== undefined;
    } catch (error) {
      throw storeError("DeleteItem", error);
    }
  }

  private async getItem(
    tenant: string,
    channel: string,
    id: string,
    projection: { ProjectionExpression: string; names: Record<string, string> },
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: keys.tenant(tenant), sk: SK.session(channel, id) },
          ProjectionExpression: projection.ProjectionExpression,
          ExpressionAttributeNames: projection.names,
          ConsistentRead: true,
        }),
      );
      return out.Item;
    } catch (error) {
      throw storeError("GetItem", error);
    }
  }
}

function checkChannel(channel: string): void {
  if (!CHANNEL_PATTERN.test(channel))
    throw new PricewardenError("BAD_INPUT", "a channel id is lowercase letters, digits and dashes");
}

function validKey(channel: string, id: string): boolean {
  return CHANNEL_PATTERN.test(channel) && SESSION_ID_PATTERN.test(id);
}

function infoProjection(): { projection: string; names: Record<string, string> } {
  const names: Record<string, string> = {};
  for (const attribute of INFO_ATTRIBUTES) names[`#${attribute}`] = attribute;
  return { projection: Object.keys(names).join(", "), names };
}

function parseInfo(item: Record<string, unknown>): BrowserSessionInfo {
  const parsed = StoredInfoSchema.safeParse(item);
  if (!parsed.success)
    throw new PricewardenError("ITEM_INVALID", `stored session is invalid: ${parsed.error.message}`);
  const { cookiesExpireAt, ...rest } = parsed.data;
  return { ...rest, expiresAt: cookiesExpireAt };
}
