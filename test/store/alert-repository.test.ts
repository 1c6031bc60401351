import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../functions/core/alert.js";
import { alertIdOf } from "../../functions/core/alert-identity.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";

let db: EmbeddedDynamo;
let repo: AlertRepository;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  repo = new AlertRepository(createDocumentClient({ endpoint: db.endpoint }), db.tableName);
});
afterAll(async () => {
  await db.close();
});

function finding(price: number, distributorId: string | null = null): Finding {
  return {
    type: "below_min_price",
    severity: "high",
    sku: "GLU-50",
    listingId: "L1",
    url: "https://item.example/1",
    channel: "jd",
    seller: "某店",
    sellerId: null,
    distributorId,
    price,
    listedPrice: price,
    threshold: 15900,
    currency: "CNY",
    explanation: "x",
    inputs: {},
    monitoringOnly: false,
  };
}

describe("AlertRepository", () => {
  it("creates once, then counts occurrences; a retried run changes nothing", async () => {
    const id = alertIdOf("t1", "below_min_price", "L1", "GLU-50");
    const ctx = { tenant: "t1", alertId: id, now: "2026-01-01T00:00:00.000Z", targets: ["hook"] };
    const first = await repo.record(finding(9900), { ...ctx, runId: "r1" });
    expect(first.kind).toBe("created");
    expect(first.alert.deliveries.hook?.state).toBe("pending");
    const retry = await repo.record(finding(9900), { ...ctx, runId: "r1" });
    expect(retry.kind).toBe("unchanged");
    const second = await repo.record(finding(9900), { ...ctx, runId: "r2", now: "2026-01-02T00:00:00.000Z" });
    expect(second.kind).toBe("updated");
    expect(second.alert.occurrences).toBe(2);
    expect(second.alert.firstSeen).toBe(ctx.now);
    const open = await repo.list("t1", { statuses: ["open"] });
    expect(open.map((a) => a.id)).toEqual([id]);
    const due = await repo.listDue("t1", "2026-01-03T00:00:00.000Z");
    expect(due.map((a) => a.id)).toEqual([id]);
  });

  it("a likely-new alert is created without a read; one that exists after all is read and updated", async () => {
    const doc = createDocumentClient({ endpoint: db.endpoint });
    const sent: string[] = [];
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName ?? "?");
        return next(args);
      },
      { step: "initialize", name: "countCommands" },
    );
    const counted = new AlertRepository(doc, db.tableName);
    const id = alertIdOf("t9", "below_min_price", "L1", "GLU-50");
    const ctx = { tenant: "t9", alertId: id, now: "2026-01-01T00:00:00.000Z", targets: [] };
    const created = await counted.record(finding(9900), { ...ctx, runId: "r1" }, { likelyNew: true });
    expect(created.kind).toBe("created");
    expect(sent).toEqual(["PutItemCommand"]);
    sent.length = 0;
    const again = await counted.record(
      finding(9800),
      { ...ctx, runId: "r2", now: "2026-01-02T00:00:00.000Z" },
      { likelyNew: true },
    );
    expect(again.kind).toBe("updated");
    expect(again.alert.occurrences).toBe(2);
    expect(again.alert.price).toBe(9800);
    expect(again.alert.firstSeen).toBe(ctx.now);
    expect(sent).toEqual(["PutItemCommand", "GetItemCommand", "PutItemCommand"]);
    expect((await counted.get("t9", id))?.version).toBe(1);
    doc.destroy();
  });

  it("auto-resolves after clean runs and reopens with a new delivery when the condition returns", async () => {
    const id = alertIdOf("t2", "below_min_price", "L1", "GLU-50");
    const ctx = { tenant: "t2", alertId: id, targets: ["hook"] };
    await repo.record(finding(9900), { ...ctx, runId: "r1", now: "2026-01-01T00:00:00.000Z" });
    await repo.markClean("t2", id, { runId: "r2", now: "2026-01-02T00:00:00.000Z", resolveAfter: 2 });
    const resolved = await repo.markClean("t2", id, {
      runId: "r3",
      now: "2026-01-03T00:00:00.000Z",
      resolveAfter: 2,
    });
    expect(resolved?.status).toBe("resolved");
    const back = await repo.record(finding(9800), { ...ctx, runId: "r4", now: "2026-01-04T00:00:00.000Z" });
    expect(back.kind).toBe("reopened");
    expect(back.alert.status).toBe("open");
    expect(back.alert.deliveries.hook?.event).toBe("reopened");
  });

  it("keeps a dismissed alert dismissed at the same price and reopens it at another", async () => {
    const id = alertIdOf("t3", "below_min_price", "L1", "GLU-50");
    const ctx = { tenant: "t3", alertId: id, targets: [] };
    await repo.record(finding(9900), { ...ctx, runId: "r1", now: "2026-01-01T00:00:00.000Z" });
    await repo.setStatus("t3", id, {
      status: "dismissed",
      by: "li",
      note: "bundle",
      now: "2026-01-01T01:00:00.000Z",
    });
    const same = await repo.record(finding(9900), { ...ctx, runId: "r2", now: "2026-01-02T00:00:00.000Z" });
    expect(same.alert.status).toBe("dismissed");
    const other = await repo.record(finding(8900), { ...ctx, runId: "r3", now: "2026-01-03T00:00:00.000Z" });
    expect(other.alert.status).toBe("open");
  });

  it("scopes distributor reads by key", async () => {
    const id = alertIdOf("t4", "below_min_price", "L1", "GLU-50");
    await repo.record(finding(9900, "dist-sh"), {
      tenant: "t4",
      alertId: id,
      runId: "r1",
      now: "2026-01-01T00:00:00.000Z",
      targets: [],
    });
    expect((await repo.listForDistributor("t4", "dist-sh")).map((a) => a.id)).toEqual([id]);
    expect(await repo.listForDistributor("t4", "dist-bj")).toEqual([]);
  });

  it("acts through the lifecycle: one write per change, none for a repeat, a refusal for an invalid verb", async () => {
    const id = alertIdOf("t5", "below_min_price", "L1", "GLU-50");
    await repo.record(finding(9900), {
      tenant: "t5",
      alertId: id,
      runId: "r1",
      now: "2026-01-01T00:00:00.000Z",
      targets: [],
    });
    const acked = await repo.act("t5", id, {
      verb: "acknowledge",
      by: "li",
      note: "calling",
      now: "2026-01-01T01:00:00.000Z",
    });
    expect(acked.kind).toBe("changed");
    const version = (await repo.get("t5", id))!.version;
    const again = await repo.act("t5", id, {
      verb: "acknowledge",
      by: "li",
      now: "2026-01-01T02:00:00.000Z",
    });
    expect(again.kind).toBe("unchanged");
    const stored = (await repo.get("t5", id))!;
    expect(stored.version).toBe(version);
    expect(stored.history.map((h) => h.status)).toEqual(["open", "acknowledged"]);
    expect(
      (await repo.act("t5", id, { verb: "reopen", by: "li", now: "2026-01-01T03:00:00.000Z" })).kind,
    ).toBe("invalid");
    expect(
      await repo.act("t5", "0".repeat(24), { verb: "resolve", by: "li", now: "2026-01-01T03:00:00.000Z" }),
    ).toEqual({
      kind: "not_found",
    });
    await expect(
      repo.setStatus("t5", id, { status: "acknowledged", by: "li", now: "2026-01-01T04:00:00.000Z" }),
    ).resolves.toMatchObject({ status: "acknowledged" });
    await repo.setStatus("t5", id, { status: "dismissed", by: "li", now: "2026-01-01T05:00:00.000Z" });
    await expect(
      repo.setStatus("t5", id, { status: "acknowledged", by: "li", now: "2026-01-01T06:00:00.000Z" }),
    ).rejects.toMatchObject({ code: "BAD_INPUT" });
  });

  it("counts alerts per status, a snooze whose day has passed as open", async () => {
    const tenant = "t6";
    const ids = ["L1", "L2", "L3"].map((listing) => alertIdOf(tenant, "below_min_price", listing, "GLU-50"));
    for (const [i, alertId] of ids.entries())
      await repo.record(
        { ...finding(9900), listingId: `L${i + 1}` },
        { tenant, alertId, runId: "r1", now: "2026-01-01T00:00:00.000Z", targets: [] },
      );
    const snooze = (alertId: string, until: string) =>
      repo.act(tenant, alertId, { verb: "snooze", by: "li", until, now: "2026-01-01T01:00:00.000Z" });
    await snooze(ids[0]!, "2026-01-05T00:00:00.000Z");
    await snooze(ids[1]!, "2026-01-03T00:00:00.000Z");
    const on4th = await repo.countByStatus(tenant, "2026-01-04T00:00:00.000Z");
    expect(on4th).toEqual({ open: 2, acknowledged: 0, resolved: 0, dismissed: 0, snoozed: 1 });
    expect(await repo.countByStatus(tenant, "2026-01-02T00:00:00.000Z")).toMatchObject({
      open: 1,
      snoozed: 2,
    });
  });
});
