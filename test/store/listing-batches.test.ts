import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { keys, SK } from "../../functions/store/keys.js";
import {
  ListingRepository,
  type ListingState,
  type ListingWrite,
} from "../../functions/store/listing-repository.js";
import { listingObservation, listingState } from "../support/listing-items.js";

/** getStates / writeBatch against the embedded store, every request seen by a middleware. */

interface SentRequest {
  command: string;
  input: Record<string, unknown>;
}

let db: EmbeddedDynamo;
let doc: ReturnType<typeof createDocumentClient>;
let repo: ListingRepository;
let sent: SentRequest[] = [];
let inFlight = 0;
let maxInFlight = 0;
/** Per command: answers to rewrite, as DynamoDB does when it throttles part of a batch. */
let rewrite: Partial<Record<string, (input: Record<string, unknown>) => Record<string, unknown> | null>> = {};

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  doc = createDocumentClient({ endpoint: db.endpoint });
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? "?";
      const input = (args as { input: Record<string, unknown> }).input;
      const replaced = rewrite[command]?.(input);
      sent.push({ command, input: structuredClone(replaced ?? input) });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await next(replaced ? { ...args, input: replaced } : args);
      } finally {
        inFlight--;
      }
    },
    { step: "initialize", name: "countRequests" },
  );
  repo = new ListingRepository(doc, db.tableName);
});
afterAll(async () => {
  doc?.destroy();
  await db?.close();
});
beforeEach(() => {
  sent = [];
  maxInFlight = 0;
  rewrite = {};
});

const requests = (command: string) => sent.filter((r) => r.command === command);

/** An unknown shop's listing (the official one is the shared default). */
const state = (listingId: string, patch: Partial<ListingState> = {}) =>
  listingState(listingId, { seller: "某大药房旗舰店", sellerKind: "unknown", ...patch });

const observation = (listingId: string, at: string, listedPrice: number) =>
  listingObservation(listingId, listedPrice, { at, seller: "某大药房旗舰店" });

/** The (pk, sk) of every put, in the order the BatchWriteItem requests carried them. */
function writtenKeys(): string[] {
  return requests("BatchWriteItemCommand").flatMap((r) => {
    const items = (
      r.input.RequestItems as Record<string, Array<{ PutRequest: { Item: Record<string, string> } }>>
    )[db.tableName]!;
    return items.map((w) => `${w.PutRequest.Item.pk} ${w.PutRequest.Item.sk}`);
  });
}

describe("ListingRepository.getStates", () => {
  it("reads 250 ids in three BatchGetItem requests and answers exactly the stored ones", async () => {
    const tenant = "batch-get";
    const stored = Array.from({ length: 200 }, (_, i) => state(`L${i}`, { listedPrice: 10_000 + i }));
    await repo.writeBatch(
      tenant,
      stored.map((s) => ({ kind: "state", state: s })),
    );
    // Another tenant's listing of the same id is not this tenant's.
    await repo.putState("someone-else", state("L250", { listedPrice: 1 }));
    sent = [];

    const ids = Array.from({ length: 250 }, (_, i) => `L${i + 50}`);
    const states = await repo.getStates(tenant, [...ids, "L60", "L61"]);

    expect(requests("BatchGetItemCommand")).toHaveLength(3);
    expect(requests("GetItemCommand")).toHaveLength(0);
    expect([...states.keys()].sort()).toEqual(
      stored
        .slice(50)
        .map((s) => s.listingId)
        .sort(),
    );
    for (const s of stored.slice(50)) expect(states.get(s.listingId)).toEqual(s);
    // Strongly consistent, like getState: a state read right after it was written.
    const keysAsked = requests("BatchGetItemCommand").map(
      (r) =>
        (r.input.RequestItems as Record<string, { Keys: unknown[]; ConsistentRead: boolean }>)[db.tableName]!,
    );
    expect(keysAsked.map((k) => k.Keys.length)).toEqual([100, 100, 50]);
    expect(keysAsked.every((k) => k.ConsistentRead)).toBe(true);
  });

  it("asks again for the keys DynamoDB left unprocessed", async () => {
    const tenant = "batch-get-throttled";
    await repo.writeBatch(
      tenant,
      ["a", "b", "c", "d"].map((id) => ({ kind: "state", state: state(id) })),
    );
    sent = [];
    let throttled = false;
    let halfLeft: unknown[] = [];
    // The first request carries only half the keys; the store answers the rest as unprocessed,
    // as DynamoDB does for a throttled batch.
    rewrite.BatchGetItemCommand = (input) => {
      if (throttled) return null;
      throttled = true;
      const table = (input.RequestItems as Record<string, { Keys: unknown[] }>)[db.tableName]!;
      halfLeft = table.Keys.slice(2);
      return { ...input, RequestItems: { [db.tableName]: { ...table, Keys: table.Keys.slice(0, 2) } } };
    };
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        const output = out.output as { UnprocessedKeys?: Record<string, unknown> };
        if (context.commandName === "BatchGetItemCommand" && halfLeft.length > 0) {
          output.UnprocessedKeys = { [db.tableName]: { Keys: halfLeft, ConsistentRead: true } };
          halfLeft = [];
        }
        return out;
      },
      { step: "initialize", name: "unprocessedKeys", priority: "high" },
    );
    try {
      const states = await repo.getStates(tenant, ["a", "b", "c", "d"]);
      expect([...states.keys()].sort()).toEqual(["a", "b", "c", "d"]);
      expect(requests("BatchGetItemCommand")).toHaveLength(2);
    } finally {
      doc.middlewareStack.remove("unprocessedKeys");
    }
  });

  it("answers an empty map for no ids without a request", async () => {
    expect((await repo.getStates("nobody", [])).size).toBe(0);
    expect(sent).toHaveLength(0);
  });

  it("refuses a malformed stored state with ITEM_INVALID", async () => {
    const tenant = "batch-get-invalid";
    await repo.putState(tenant, state("good"));
    await doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { pk: keys.listing(tenant, "bad"), sk: SK.state, listingId: "bad", listedPrice: "一百" },
      }),
    );
    await expect(repo.getStates(tenant, ["good", "bad"])).rejects.toMatchObject({ code: "ITEM_INVALID" });
  });
});

describe("ListingRepository.writeBatch", () => {
  it("stores 60 mixed writes in three requests, one after another, in the order given", async () => {
    const tenant = "batch-write";
    const writes: ListingWrite[] = [];
    for (let i = 0; i < 30; i++) {
      writes.push({
        kind: "observation",
        observation: observation(`W${i}`, "2026-03-01T08:00:00.000Z", 9000 + i),
      });
      writes.push({
        kind: "state",
        state: state(`W${i}`, { listedPrice: 9000 + i, lastObservationAt: "2026-03-01T08:00:00.000Z" }),
      });
    }
    await repo.writeBatch(tenant, writes);

    const batches = requests("BatchWriteItemCommand");
    expect(batches).toHaveLength(3);
    expect(maxInFlight).toBe(1);
    expect(writtenKeys()).toEqual(
      writes.map((w) =>
        w.kind === "state"
          ? `${keys.listing(tenant, w.state.listingId)} ${SK.state}`
          : `${keys.listing(tenant, w.observation.listingId)} ${SK.observation(w.observation.at)}`,
      ),
    );
    const states = await repo.getStates(
      tenant,
      Array.from({ length: 30 }, (_, i) => `W${i}`),
    );
    expect(states.size).toBe(30);
    for (let i = 0; i < 30; i++) {
      expect(states.get(`W${i}`)?.listedPrice).toBe(9000 + i);
      expect((await repo.observations(tenant, `W${i}`)).map((o) => o.listedPrice)).toEqual([9000 + i]);
    }
    // A state written in a batch is found by SKU like one written alone (its index keys are set).
    expect((await repo.listBySku(tenant, "GLU-50")).length).toBe(30);
  });

  it("stores the last of two puts of one item, in one request DynamoDB would accept", async () => {
    const tenant = "batch-write-duplicates";
    await repo.writeBatch(tenant, [
      { kind: "state", state: state("D", { listedPrice: 100 }) },
      { kind: "observation", observation: observation("D", "2026-03-01T08:00:00.000Z", 100) },
      { kind: "state", state: state("D", { listedPrice: 200 }) },
      { kind: "observation", observation: observation("D", "2026-03-01T08:00:00.000Z", 200) },
    ]);
    expect(requests("BatchWriteItemCommand")).toHaveLength(1);
    const stored = await doc.send(
      new GetCommand({ TableName: db.tableName, Key: { pk: keys.listing(tenant, "D"), sk: SK.state } }),
    );
    expect(stored.Item?.listedPrice).toBe(200);
    expect((await repo.observations(tenant, "D")).map((o) => o.listedPrice)).toEqual([200]);
    // Each item once, where its last put stood in the order given.
    expect(writtenKeys()).toEqual([
      `${keys.listing(tenant, "D")} ${SK.state}`,
      `${keys.listing(tenant, "D")} ${SK.observation("2026-03-01T08:00:00.000Z")}`,
    ]);
  });

  it("sends again what DynamoDB left unprocessed", async () => {
    const tenant = "batch-write-throttled";
    let leftOver: unknown[] = [];
    rewrite.BatchWriteItemCommand = (input) => {
      if (leftOver.length > 0 || sent.some((r) => r.command === "BatchWriteItemCommand")) return null;
      const items = (input.RequestItems as Record<string, unknown[]>)[db.tableName]!;
      leftOver = items.slice(1);
      return { ...input, RequestItems: { [db.tableName]: items.slice(0, 1) } };
    };
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        const output = out.output as { UnprocessedItems?: Record<string, unknown> };
        if (context.commandName === "BatchWriteItemCommand" && leftOver.length > 0) {
          output.UnprocessedItems = { [db.tableName]: leftOver };
          leftOver = [];
        }
        return out;
      },
      { step: "initialize", name: "unprocessedItems", priority: "high" },
    );
    try {
      await repo.writeBatch(
        tenant,
        ["x", "y", "z"].map((id) => ({ kind: "state", state: state(id) })),
      );
      expect(requests("BatchWriteItemCommand")).toHaveLength(2);
      expect([...(await repo.getStates(tenant, ["x", "y", "z"])).keys()].sort()).toEqual(["x", "y", "z"]);
    } finally {
      doc.middlewareStack.remove("unprocessedItems");
    }
  });
});
