import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { PricewardenError } from "../core/errors.js";
import { unprocessedUntilDone } from "./batch-retry.js";
import { keys, SK } from "./keys.js";
import { type PageQuery, queryAll, queryPage, type StorePage } from "./query-all.js";
import { storeError } from "./store-errors.js";
import { TTL_ATTRIBUTE } from "./table-definition.js";

/** Latest known state of one listing. Prices in minor units. */
export const ListingStateSchema = z.object({
  listingId: z.string(),
  url: z.string(),
  channel: z.string(),
  sku: z.string().nullable(),
  title: z.string().nullable(),
  seller: z.string().nullable(),
  sellerId: z.string().nullable(),
  sellerKind: z.enum(["official", "distributor", "unknown"]).nullable(),
  distributorId: z.string().nullable(),
  shipFrom: z.string().nullable(),
  listedPrice: z.number().int().nullable(),
  effectivePrice: z.number().int().nullable(),
  perPackPrice: z.number().int().nullable(),
  currency: z.string().nullable(),
  availability: z.enum(["InStock", "OutOfStock"]).nullable(),
  /** Last fetch/extract outcome: ok, no_price, blocked, not_found, gone, rate_limited, refused, error, unmatched. */
  outcome: z.string(),
  outcomeReason: z.string().nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  lastCheckedAt: z.string(),
  lastObservationAt: z.string().nullable(),
  /** Alerts raised on this listing and not yet resolved, for auto-resolve. */
  activeAlertIds: z.array(z.string()),
  matchConfidence: z.number().nullable(),
  mentionsBrand: z.boolean(),
  /** Delivery area the page was seen from (a session's `area`): prices depend on it. */
  area: z.string().nullable().optional(),
});
export type ListingState = z.infer<typeof ListingStateSchema>;

export const ObservationSchema = z.object({
  at: z.string(),
  listingId: z.string(),
  channel: z.string(),
  sku: z.string().nullable(),
  seller: z.string().nullable(),
  listedPrice: z.number().int().nullable(),
  effectivePrice: z.number().int().nullable(),
  perPackPrice: z.number().int().nullable(),
  currency: z.string().nullable(),
  availability: z.enum(["InStock", "OutOfStock"]).nullable(),
  /** "change" or "heartbeat". */
  reason: z.enum(["change", "heartbeat"]),
  /** Delivery area the price was seen from, when the check browsed with a session that has one. */
  area: z.string().nullable().optional(),
});
export type Observation = z.infer<typeof ObservationSchema>;

const OBSERVATION_TTL_DAYS = 400;
/** DynamoDB's limits on one BatchGetItem and one BatchWriteItem request. */
const BATCH_GET_MAX = 100;
const BATCH_WRITE_MAX = 25;

/** One item of a `writeBatch`: a listing's state or one of its observations. */
export type ListingWrite =
  | { kind: "state"; state: ListingState }
  | { kind: "observation"; observation: Observation };

export class ListingRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getState(tenant: string, listingId: string): Promise<ListingState | null> {
    try {
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: keys.listing(tenant, listingId), sk: SK.state },
          ConsistentRead: true,
        }),
      );
      return out.Item ? parse(ListingStateSchema, out.Item) : null;
    } catch (error) {
      throw storeError("GetItem", error);
    }
  }

  /**
   * The states of many listings (missing ones absent from the map): BatchGetItem, 100 keys a
   * request, strongly consistent like `getState`.
   */
  async getStates(tenant: string, listingIds: readonly string[]): Promise<Map<string, ListingState>> {
    const states = new Map<string, ListingState>();
    const unique = [...new Set(listingIds)];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let pending: Record<string, unknown>[] = unique
        .slice(i, i + BATCH_GET_MAX)
        .map((id) => ({ pk: keys.listing(tenant, id), sk: SK.state }));
      await unprocessedUntilDone("BatchGetItem", async () => {
        const out = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const state = parse(ListingStateSchema, item);
          states.set(state.listingId, state);
        }
        pending = out.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        return pending.length;
      });
    }
    return states;
  }

  /**
   * Observations and states in BatchWriteItem requests of up to 25 items, in the order given:
   * a request starts only after the one before it was written in full, so a state put after its
   * observation is never stored without it.
   */
  async writeBatch(tenant: string, writes: readonly ListingWrite[]): Promise<void> {
    // One request may not name an item twice; of two puts of one item the later one stands.
    const byKey = new Map<string, Record<string, unknown>>();
    for (const w of writes) {
      const item =
        w.kind === "state" ? this.stateItem(tenant, w.state) : this.observationItem(tenant, w.observation);
      const key = `${String(item.pk)}\u0000${String(item.sk)}`;
      byKey.delete(key);
      byKey.set(key, item);
    }
    const items = [...byKey.values()];
    for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) {
      let requests = items.slice(i, i + BATCH_WRITE_MAX).map((Item) => ({ PutRequest: { Item } }));
      await unprocessedUntilDone("BatchWriteItem", async () => {
        const out = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
        return requests.length;
      });
    }
  }

  async putState(tenant: string, state: ListingState): Promise<void> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.stateItem(tenant, state) }));
    } catch (error) {
      throw storeError("PutItem", error);
    }
  }

  private stateItem(tenant: string, state: ListingState): Record<string, unknown> {
    const item: Record<string, unknown> = {
      ...state,
      pk: keys.listing(tenant, state.listingId),
      sk: SK.state,
    };
    if (state.sku) {
      item.gsi1pk = keys.listingsBySku(tenant, state.sku);
      item.gsi1sk = `${state.channel}#${state.seller ?? "-"}#${state.listingId}`;
    } else if (state.outcome === "unmatched" && state.mentionsBrand) {
      item.gsi1pk = keys.review(tenant);
      item.gsi1sk = `${state.channel}#${state.listingId}`;
    }
    if (state.distributorId) {
      item.gsi2pk = keys.distributor(tenant, state.distributorId);
      item.gsi2sk = `L#${state.listingId}`;
    }
    return item;
  }

  async addObservation(tenant: string, observation: Observation): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.tableName, Item: this.observationItem(tenant, observation) }),
      );
    } catch (error) {
      throw storeError("PutItem", error);
    }
  }

  private observationItem(tenant: string, observation: Observation): Record<string, unknown> {
    const expiresAt = Math.floor(Date.parse(observation.at) / 1000) + OBSERVATION_TTL_DAYS * 86_400;
    return {
      ...observation,
      pk: keys.listing(tenant, observation.listingId),
      sk: SK.observation(observation.at),
      [TTL_ATTRIBUTE]: expiresAt,
    };
  }

  /** Observations of one listing, oldest first, optionally since an ISO time. */
  observations(tenant: string, listingId: string, since?: string): Promise<Observation[]> {
    return queryAll(this.doc, this.observationRange(tenant, listingId, since), (item) =>
      parse(ObservationSchema, item),
    );
  }

  /** Listing states of one SKU (gsi1), optionally one channel. */
  listBySku(tenant: string, sku: string, channel?: string): Promise<ListingState[]> {
    const { condition, values } = skuCondition(tenant, sku, channel);
    return this.queryStates("gsi1", condition, values);
  }

  /** Unmatched listings that mention the brand (a possible counterfeit or a missing SKU), for review. */
  listForReview(tenant: string): Promise<ListingState[]> {
    return this.queryStates("gsi1", "gsi1pk = :pk", { ":pk": keys.review(tenant) });
  }

  /** Listing states of one distributor's shops (gsi2): a key condition, never a filter. */
  listForDistributor(tenant: string, distributorId: string): Promise<ListingState[]> {
    return this.queryStates("gsi2", DISTRIBUTOR_LISTINGS, distributorValues(tenant, distributorId));
  }

  /**
   * The newest `max` observations of one listing (optionally since an ISO time), oldest first;
   * `truncated` when older ones were left out.
   */
  async latestObservations(
    tenant: string,
    listingId: string,
    max: number,
    since?: string,
  ): Promise<{ observations: Observation[]; truncated: boolean }> {
    const page = await queryPage(
      this.doc,
      { ...this.observationRange(tenant, listingId, since), ScanIndexForward: false },
      (item) => parse(ObservationSchema, item),
      { limit: max, after: null, direction: "forward", maxReads: max },
    );
    return { observations: page.items.map((e) => e.item).reverse(), truncated: page.resumeAfter !== null };
  }

  /** One page of a SKU's listing states (gsi1: channel, seller, listing id order), optionally one channel. */
  pageBySku(
    tenant: string,
    sku: string,
    channel: string | undefined,
    page: PageQuery<ListingState>,
  ): Promise<StorePage<ListingState>> {
    const { condition, values } = skuCondition(tenant, sku, channel);
    return this.pageStates("gsi1", condition, values, page);
  }

  /** One page of the unmatched listings waiting for review. */
  pageForReview(tenant: string, page: PageQuery<ListingState>): Promise<StorePage<ListingState>> {
    return this.pageStates("gsi1", "gsi1pk = :pk", { ":pk": keys.review(tenant) }, page);
  }

  /** One page of a distributor's listing states (gsi2 key condition). */
  pageForDistributor(
    tenant: string,
    distributorId: string,
    page: PageQuery<ListingState>,
  ): Promise<StorePage<ListingState>> {
    return this.pageStates("gsi2", DISTRIBUTOR_LISTINGS, distributorValues(tenant, distributorId), page);
  }

  /** One listing's observations (optionally since an ISO time), as a key condition. */
  private observationRange(tenant: string, listingId: string, since: string | undefined) {
    return {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
      ExpressionAttributeValues: {
        ":pk": keys.listing(tenant, listingId),
        ":from": SK.observation(since ?? ""),
        ":to": SK.observation("~"),
      },
    };
  }

  private pageStates(
    index: string,
    condition: string,
    values: Record<string, string>,
    page: PageQuery<ListingState>,
  ): Promise<StorePage<ListingState>> {
    return queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
      },
      (item) => parse(ListingStateSchema, item),
      page,
    );
  }

  private queryStates(
    index: string,
    condition: string,
    values: Record<string, string>,
  ): Promise<ListingState[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
      },
      (item) => parse(ListingStateSchema, item),
    );
  }
}

/** A SKU's listings on gsi1, optionally one channel's (gsi1sk starts with the channel). */
function skuCondition(
  tenant: string,
  sku: string,
  channel: string | undefined,
): { condition: string; values: Record<string, string> } {
  return channel
    ? {
        condition: "gsi1pk = :pk AND begins_with(gsi1sk, :c)",
        values: { ":pk": keys.listingsBySku(tenant, sku), ":c": `${channel}#` },
      }
    : { condition: "gsi1pk = :pk", values: { ":pk": keys.listingsBySku(tenant, sku) } };
}

/** A distributor's listings on gsi2: a key condition, never a filter. */
const DISTRIBUTOR_LISTINGS = "gsi2pk = :pk AND begins_with(gsi2sk, :l)";
function distributorValues(tenant: string, distributorId: string) {
  return { ":pk": keys.distributor(tenant, distributorId), ":l": "L#" };
}

function parse<T>(schema: z.ZodType<T>, item: Record<string, unknown>): T {
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    throw new PricewardenError(
      "ITEM_INVALID",
      `stored item ${String(item.pk)}/${String(item.sk)} is invalid`,
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}
