import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { CycleListings } from "../../functions/stages/cycle-listings.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import {
  ListingRepository,
  type ListingState,
  type Observation,
} from "../../functions/store/listing-repository.js";
import { listingObservation, listingState } from "../support/listing-items.js";

/**
 * One cycle's view of the listings, against the embedded store; a middleware on the document
 * client counts requests by command and can hold a request or its answer until the test lets it go
 * (so "a write lands after a read" is arranged by events, not by timing).
 */

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

let db: EmbeddedDynamo;
let doc: ReturnType<typeof createDocumentClient>;
let repo: ListingRepository;
let count: Record<string, number> = {};
/** Items per BatchWriteItem request, in the order they were sent. */
let batchSizes: number[] = [];
/** Per command: held before it is sent, held after the store answered, failed once, told when answered. */
let holdRequest: Record<string, Promise<void>> = {};
let holdAnswer: Record<string, Promise<void>> = {};
let failOnce = new Set<string>();
let answered: Record<string, Deferred> = {};

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  doc = createDocumentClient({ endpoint: db.endpoint });
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? "?";
      count[command] = (count[command] ?? 0) + 1;
      if (command === "BatchWriteItemCommand") {
        const items = (args as { input: { RequestItems: Record<string, unknown[]> } }).input.RequestItems;
        batchSizes.push(Object.values(items)[0]!.length);
      }
      if (failOnce.delete(command))
        throw Object.assign(new Error("injected"), { name: "InternalServerError" });
      await holdRequest[command];
      const out = await next(args);
      answered[command]?.resolve();
      await holdAnswer[command];
      return out;
    },
    { step: "initialize", name: "observeRequests" },
  );
  repo = new ListingRepository(doc, db.tableName);
});
afterAll(async () => {
  doc?.destroy();
  await db?.close();
});
beforeEach(() => {
  count = {};
  batchSizes = [];
  holdRequest = {};
  holdAnswer = {};
  failOnce = new Set();
  answered = {};
});

let tenantSeq = 0;
/** Each test its own tenant, so nothing one test stored is seen by another. */
const freshTenant = () => `cl-${++tenantSeq}`;

const state = listingState;

const observation = (listingId: string, listedPrice: number) => listingObservation(listingId, listedPrice);

const ids = (states: ListingState[]) => states.map((s) => s.listingId).sort();

describe("CycleListings: states read ahead", () => {
  it("hands a read-ahead state out once, from one BatchGetItem; the next read goes to the store", async () => {
    const tenant = freshTenant();
    await repo.putState(tenant, state("a", { listedPrice: 1 }));
    await repo.putState(tenant, state("b", { listedPrice: 2 }));
    count = {};
    const view = new CycleListings(repo, tenant);
    view.prefetch(["a", "b", "missing"]);
    expect(view.readAhead).toBe(3);

    expect((await view.getState(tenant, "a"))?.listedPrice).toBe(1);
    expect(await view.getState(tenant, "missing")).toBeNull();
    expect(count).toEqual({ BatchGetItemCommand: 1 });
    expect(view.readAhead).toBe(1);

    // Handed out once: the same listing asked again is read afresh.
    await repo.putState(tenant, state("a", { listedPrice: 11 }));
    expect((await view.getState(tenant, "a"))?.listedPrice).toBe(11);
    expect(count.GetItemCommand).toBe(1);
    expect(count.BatchGetItemCommand).toBe(1);
  });

  it("reads ahead only what it does not hold, at most a hundred at a time", async () => {
    const tenant = freshTenant();
    const view = new CycleListings(repo, tenant);
    view.prefetch(Array.from({ length: 150 }, (_, i) => `p${i}`));
    expect(view.readAhead).toBe(100);
    view.prefetch(["p0", "p1"]);
    expect(view.readAhead).toBe(100);
    expect(await view.getState(tenant, "p0")).toBeNull();
    expect(count).toEqual({ BatchGetItemCommand: 1 });
  });

  it("drops the read-ahead copy of a state written through it", async () => {
    const tenant = freshTenant();
    await repo.putState(tenant, state("a", { listedPrice: 1 }));
    const view = new CycleListings(repo, tenant);
    view.prefetch(["a"]);
    await view.putState(tenant, state("a", { listedPrice: 2 }));
    expect(view.readAhead).toBe(0);
    expect((await view.getState(tenant, "a"))?.listedPrice).toBe(2);
  });

  it("reads a state directly when its read-ahead failed", async () => {
    const tenant = freshTenant();
    await repo.putState(tenant, state("a", { listedPrice: 7 }));
    count = {};
    failOnce.add("BatchGetItemCommand");
    const view = new CycleListings(repo, tenant);
    view.prefetch(["a"]);
    expect((await view.getState(tenant, "a"))?.listedPrice).toBe(7);
    expect(count).toEqual({ BatchGetItemCommand: 1, GetItemCommand: 1 });
  });

  it("leaves another tenant's reads and writes to the store as they are", async () => {
    const tenant = freshTenant();
    const other = freshTenant();
    const view = new CycleListings(repo, tenant);
    view.prefetch(["a"]);
    await view.putState(other, state("a", { listedPrice: 5 }));
    expect(count.PutItemCommand).toBe(1);
    expect((await view.getState(other, "a"))?.listedPrice).toBe(5);
    expect(count.GetItemCommand).toBe(1);
    expect(await view.getState(tenant, "a")).toBeNull();
  });
});

describe("CycleListings: a SKU's listings read once a cycle", () => {
  it("queries a SKU once and keeps the list current with the states written through it", async () => {
    const tenant = freshTenant();
    await repo.putState(tenant, state("a"));
    await repo.putState(tenant, state("b"));
    await repo.putState(tenant, state("c", { sku: "GLU-100" }));
    count = {};
    const view = new CycleListings(repo, tenant);

    expect(ids(await view.listBySku(tenant, "GLU-50"))).toEqual(["a", "b"]);
    expect(ids(await view.listBySku(tenant, "GLU-50"))).toEqual(["a", "b"]);
    expect(count.QueryCommand).toBe(1);

    // A new listing of the SKU, and a price change of one already listed.
    await view.putState(tenant, state("d"));
    await view.putState(tenant, state("a", { perPackPrice: 9900 }));
    const after = await view.listBySku(tenant, "GLU-50");
    expect(ids(after)).toEqual(["a", "b", "d"]);
    expect(after.find((s) => s.listingId === "a")?.perPackPrice).toBe(9900);
    expect(count.QueryCommand).toBe(1);

    // Re-matched to another SKU: out of the first list, into the other's.
    expect(ids(await view.listBySku(tenant, "GLU-100"))).toEqual(["c"]);
    await view.putState(tenant, state("b", { sku: "GLU-100" }));
    // Unmatched: out of every list.
    await view.putState(tenant, state("d", { sku: null, outcome: "unmatched" }));
    expect(ids(await view.listBySku(tenant, "GLU-50"))).toEqual(["a"]);
    expect(ids(await view.listBySku(tenant, "GLU-100"))).toEqual(["b", "c"]);
    expect(count.QueryCommand).toBe(2);

    // What the store holds agrees with the view.
    expect(ids(await repo.listBySku(tenant, "GLU-50"))).toEqual(["a"]);
    expect(ids(await repo.listBySku(tenant, "GLU-100"))).toEqual(["b", "c"]);
  });

  it("shares one query between checks asking at the same time; a channel's list is read from the store", async () => {
    const tenant = freshTenant();
    await repo.putState(tenant, state("a"));
    await repo.putState(tenant, state("t", { channel: "tmall" }));
    count = {};
    const view = new CycleListings(repo, tenant);
    const [one, two] = await Promise.all([
      view.listBySku(tenant, "GLU-50"),
      view.listBySku(tenant, "GLU-50"),
    ]);
    expect(ids(one)).toEqual(["a", "t"]);
    expect(ids(two)).toEqual(["a", "t"]);
    expect(count.QueryCommand).toBe(1);
    expect(ids(await view.listBySku(tenant, "GLU-50", "tmall"))).toEqual(["t"]);
    expect(count.QueryCommand).toBe(2);
  });

  it("keeps a state written before the list was read even when it was stored after the read", async () => {
    const tenant = freshTenant();
    await repo.putState(tenant, state("a"));
    const view = new CycleListings(repo, tenant);
    const queried = deferred();
    holdRequest.BatchWriteItemCommand = queried.promise;

    const put = view.putState(tenant, state("b"));
    // The list is read while b's put waits to be sent: the store cannot show b yet, the view does.
    expect(ids(await view.listBySku(tenant, "GLU-50"))).toEqual(["a", "b"]);
    expect(ids(await repo.listBySku(tenant, "GLU-50"))).toEqual(["a"]);
    queried.resolve();
    await put;

    // b is stored now; a fresh read sees it, and so does the list the view keeps.
    expect(ids(await repo.listBySku(tenant, "GLU-50"))).toEqual(["a", "b"]);
    expect(ids(await view.listBySku(tenant, "GLU-50"))).toEqual(["a", "b"]);
    // One read by the view, two by the test.
    expect(count.QueryCommand).toBe(3);
  });

  it("drops a listing re-matched while its old SKU's list was being read", async () => {
    const tenant = freshTenant();
    await repo.putState(tenant, state("a"));
    await repo.putState(tenant, state("b"));
    const view = new CycleListings(repo, tenant);
    const release = deferred();
    answered.QueryCommand = deferred();
    holdAnswer.QueryCommand = release.promise;

    const loading = view.listBySku(tenant, "GLU-50");
    // The store has answered (with b still under GLU-50) when b moves to GLU-100.
    await answered.QueryCommand.promise;
    await view.putState(tenant, state("b", { sku: "GLU-100" }));
    release.resolve();
    await loading;

    expect(ids(await repo.listBySku(tenant, "GLU-50"))).toEqual(["a"]);
    expect(ids(await view.listBySku(tenant, "GLU-50"))).toEqual(["a"]);
  });

  it("includes a state put while the list was being read, without reading it again", async () => {
    const tenant = freshTenant();
    await repo.putState(tenant, state("a"));
    count = {};
    const view = new CycleListings(repo, tenant);
    const release = deferred();
    answered.QueryCommand = deferred();
    holdAnswer.QueryCommand = release.promise;

    const loading = view.listBySku(tenant, "GLU-50");
    await answered.QueryCommand.promise;
    const put = view.putState(tenant, state("c", { perPackPrice: 8800 }));
    release.resolve();
    expect(ids(await loading)).toEqual(["a", "c"]);
    await put;
    const again = await view.listBySku(tenant, "GLU-50");
    expect(again.find((s) => s.listingId === "c")?.perPackPrice).toBe(8800);
    expect(count.QueryCommand).toBe(1);
  });

  it("reads a SKU's list again after a failed read", async () => {
    const tenant = freshTenant();
    await repo.putState(tenant, state("a"));
    const view = new CycleListings(repo, tenant);
    failOnce.add("QueryCommand");
    await expect(view.listBySku(tenant, "GLU-50")).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect(ids(await view.listBySku(tenant, "GLU-50"))).toEqual(["a"]);
  });
});

describe("CycleListings: memory", () => {
  it("does not keep alive the pages a kept state's title and seller were cut from", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const heapAfterGc = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const tenant = freshTenant();
    const view = new CycleListings(repo, tenant);
    const pageBytes = 1_000_000;
    /** A state read from a decoded page of its own: title and seller are slices of it. */
    const fromPage = (id: string) => {
      const page = Buffer.alloc(pageBytes, `安可血糖试纸50片 安可官方旗舰店 ${id} `).toString("utf8");
      return state(id, { title: page.slice(0, 40), seller: page.slice(40, 60) });
    };
    const baseline = heapAfterGc();
    // Put before the SKU's list is read (kept through the read), and after (kept as written).
    const early = Array.from({ length: 10 }, (_, i) => view.putState(tenant, fromPage(`early${i}`)));
    await view.listBySku(tenant, "GLU-50");
    await Promise.all(early);
    await Promise.all(Array.from({ length: 10 }, (_, i) => view.putState(tenant, fromPage(`late${i}`))));
    const kept = await view.listBySku(tenant, "GLU-50");

    expect(kept).toHaveLength(20);
    expect(heapAfterGc() - baseline).toBeLessThan(20 * pageBytes * 0.1);
  });
});

describe("CycleListings: puts committed in groups", () => {
  it("stores ten puts made together in one request, each resolved once it can be read back", async () => {
    const tenant = freshTenant();
    const view = new CycleListings(repo, tenant);
    const puts = Array.from({ length: 5 }, (_, i) => [
      view
        .addObservation(tenant, observation(`g${i}`, 100 + i))
        .then(() => repo.observations(tenant, `g${i}`)),
      view
        .putState(tenant, state(`g${i}`, { listedPrice: 100 + i }))
        .then(() => repo.getState(tenant, `g${i}`)),
    ]).flat();
    const readBack = await Promise.all(puts);

    expect(count.BatchWriteItemCommand).toBe(1);
    expect(count.PutItemCommand).toBeUndefined();
    expect(batchSizes).toEqual([10]);
    for (let i = 0; i < 5; i++) {
      expect((readBack[2 * i] as Observation[]).map((o) => o.listedPrice)).toEqual([100 + i]);
      expect((readBack[2 * i + 1] as ListingState | null)?.listedPrice).toBe(100 + i);
    }
  });

  it("sends 30 puts as a full request of 25 and one of 5", async () => {
    const tenant = freshTenant();
    const view = new CycleListings(repo, tenant);
    await Promise.all(Array.from({ length: 30 }, (_, i) => view.putState(tenant, state(`n${i}`))));
    expect(batchSizes).toEqual([25, 5]);
    expect(
      (
        await repo.getStates(
          tenant,
          Array.from({ length: 30 }, (_, i) => `n${i}`),
        )
      ).size,
    ).toBe(30);
  });

  it("rejects every put of a group the store refused", async () => {
    const tenant = freshTenant();
    const view = new CycleListings(new ListingRepository(doc, "no-such-table"), tenant);
    const puts = Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0
        ? view.putState(tenant, state(`f${i}`))
        : view.addObservation(tenant, observation(`f${i}`, i)),
    );
    const settled = await Promise.allSettled(puts);
    expect(count.BatchWriteItemCommand).toBe(1);
    for (const s of settled) {
      expect(s.status).toBe("rejected");
      expect(s.status === "rejected" && s.reason).toMatchObject({ code: "STORE_UNAVAILABLE" });
    }
  });
});
