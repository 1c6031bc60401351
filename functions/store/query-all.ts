import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import { storeError } from "./store-errors.js";
import { TABLE_INDEXES, TABLE_KEYS } from "./table-definition.js";

/** Every page of a query, each item parsed (zod, never cast) as it arrives. */
export async function queryAll<T>(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, "ExclusiveStartKey">,
  parse: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const out: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    let page: QueryCommandOutput;
    try {
      page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    } catch (error) {
      throw storeError("Query", error);
    }
    for (const item of page.Items ?? []) out.push(parse(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

/** A stored item's primary key plus, for an index query, its index key: where a page resumes. */
export type StoreKey = Record<string, string>;

/** The attributes of a resume key for the table (no index) or one of its indexes. */
export function keyAttributesOf(index?: string): string[] {
  const base = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey];
  const gsi = TABLE_INDEXES.find((i) => i.name === index);
  return gsi ? [...base, gsi.partitionKey, gsi.sortKey] : base;
}

export interface PageQuery<T> {
  /** Items kept at most. */
  limit: number;
  /** Resume after this item (exclusive); null from the start. */
  after: StoreKey | null;
  /** `backward` reads the list in reverse order, for a "previous page". */
  direction: "forward" | "backward";
  /** Items read at most, kept or not: a request's work stays bounded whatever the filter. */
  maxReads: number;
  /** Items that fail it are read (and counted) but not returned. */
  keep?: (item: T) => boolean;
}

export interface StorePage<T> {
  items: Array<{ item: T; key: StoreKey }>;
  /** Where the next read resumes; null when the query has nothing more. */
  resumeAfter: StoreKey | null;
  reads: number;
}

const READ_BATCH = 200;

/**
 * One bounded page of a query: up to `limit` kept items, reading at most `maxReads`. `forward`
 * follows `ScanIndexForward` as given in `input`; `backward` flips it.
 */
export async function queryPage<T>(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, "ExclusiveStartKey" | "Limit">,
  parse: (item: Record<string, unknown>) => T,
  page: PageQuery<T>,
): Promise<StorePage<T>> {
  const attributes = keyAttributesOf(input.IndexName);
  const keyOf = (item: Record<string, unknown>): StoreKey =>
    Object.fromEntries(attributes.map((name) => [name, String(item[name])]));
  const ascending = (input.ScanIndexForward ?? true) === (page.direction === "forward");
  const items: StorePage<T>["items"] = [];
  let startKey: Record<string, unknown> | undefined = page.after ?? undefined;
  let reads = 0;
  while (items.length < page.limit && reads < page.maxReads) {
    const want = page.keep ? READ_BATCH : page.limit - items.length;
    let out: QueryCommandOutput;
    try {
      out = await doc.send(
        new QueryCommand({
          ...input,
          ScanIndexForward: ascending,
          ExclusiveStartKey: startKey,
          Limit: Math.max(1, Math.min(want, page.maxReads - reads)),
        }),
      );
    } catch (error) {
      throw storeError("Query", error);
    }
    const found = out.Items ?? [];
    for (const [i, raw] of found.entries()) {
      reads++;
      const item = parse(raw);
      if (page.keep && !page.keep(item)) continue;
      items.push({ item, key: keyOf(raw) });
      if (items.length === page.limit) {
        const more = i < found.length - 1 || out.LastEvaluatedKey !== undefined;
        return { items, resumeAfter: more ? keyOf(raw) : null, reads };
      }
    }
    if (!out.LastEvaluatedKey) return { items, resumeAfter: null, reads };
    startKey = out.LastEvaluatedKey;
  }
  return { items, resumeAfter: startKey ? keyOf(startKey) : null, reads };
}
