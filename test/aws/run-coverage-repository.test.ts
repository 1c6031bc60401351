import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coverageRecordOf } from "../../functions/aws/run-coverage.js";
import {
  COVERAGE_COUNTERS,
  type CoverageCounters,
  type CoverageListingResult,
  computeCoverage,
  runCoverageFromCounters,
} from "../../functions/core/coverage.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import type { TargetResult } from "../../functions/stages/cycle.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import {
  type CoverageRecord,
  MAX_REASONS_PER_ITEM,
  RunCoverageRepository,
} from "../../functions/store/run-coverage-repository.js";

const NOW = new Date("2026-01-01T06:00:00.000Z");
let db: EmbeddedDynamo;
let doc: DynamoDBDocumentClient;
let repo: RunCoverageRepository;
let runs = 0;
const newRunId = () => `2026-01-01T00:00:00.000Z#${String(++runs).padStart(8, "0")}`;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  doc = createDocumentClient({ endpoint: db.endpoint });
  repo = new RunCoverageRepository(doc, db.tableName);
});
afterAll(async () => {
  await db.close();
});

const zero = (): CoverageCounters =>
  Object.fromEntries(COVERAGE_COUNTERS.map((c) => [c, 0])) as CoverageCounters;

function listing(
  url: string,
  outcome: string,
  reason: string | null,
  price: string | null = null,
  channel = "jd",
): TargetResult {
  const read = outcome === "ok" || outcome === "no_price" || outcome === "unmatched";
  return {
    kind: "listing",
    url,
    channel,
    outcome,
    reason,
    listing: read ? ({ price } as never) : null,
    findings: [],
    alertsNew: outcome === "ok" ? 1 : 0,
  };
}

function recordOf(
  tenant: string,
  runId: string,
  result: TargetResult,
  messageId: string = result.kind,
): CoverageRecord {
  const url = result.kind === "discovered" ? result.start : result.url;
  return coverageRecordOf(
    { tenant, runId, target: { kind: "product", url, channel: result.channel } },
    messageId,
    result,
  );
}

describe("RunCoverageRepository", () => {
  it("adds counters across workers and shards, per channel", async () => {
    const runId = newRunId();
    const results: TargetResult[] = [
      ...Array.from({ length: 7 }, (_, i) => listing(`http://jd.test/item/${i}.html`, "ok", null, "99.00")),
      ...Array.from({ length: 3 }, (_, i) =>
        listing(`http://jd.test/item/b${i}.html`, "blocked", 'verification page (title matched "京东验证")'),
      ),
      listing(
        "http://tm.test/item/1.html",
        "login_required",
        'login page (title matched "登录")',
        null,
        "tmall",
      ),
      listing("http://tm.test/item/2.html", "not_found", "HTTP 404", null, "tmall"),
    ];
    await Promise.all(results.map((r, i) => repo.add(recordOf("acme", runId, r, `m-${i}`), NOW)));
    const totals = await repo.totals("acme", runId);
    expect(totals.channels.jd?.counters).toEqual({
      ...zero(),
      targets: 10,
      fetched: 7,
      priced: 7,
      blocked: 3,
      listings: 7,
    });
    expect(totals.channels.tmall?.counters).toEqual({
      ...zero(),
      targets: 2,
      fetched: 1,
      gone: 1,
      login_required: 1,
    });
    expect(totals.channels.jd?.reasons).toEqual([
      {
        outcome: "blocked",
        base: "verification page",
        detail: 'title matched "京东验证"',
        count: 3,
        urls: expect.any(Array),
      },
    ]);
    expect(totals).toMatchObject({
      pages: 12,
      alertsNew: 7,
      errors: 0,
      outcomes: { ok: 7, blocked: 3, login_required: 1, not_found: 1 },
      lastAddedAt: NOW.toISOString(),
    });
    // Spread over shards: several items for the 10 pages of jd, none holding them all.
    const items = await doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
        ExpressionAttributeValues: { ":pk": "T#acme", ":p": `RUNCOV#${runId}#jd#` },
      }),
    );
    expect(items.Items?.length).toBeGreaterThan(1);
    for (const item of items.Items ?? []) expect(item.expiresAt).toBeGreaterThan(NOW.getTime() / 1000);
  });

  it("counts a target once however often its message comes, and once when two messages carry it", async () => {
    const runId = newRunId();
    const blocked = listing("http://jd.test/item/1.html", "blocked", "redirected to a verification page");
    const record = recordOf("acme", runId, blocked, "m-1");
    expect(await repo.add(record, NOW)).toBe("counted");
    expect(await repo.add(record, NOW)).toBe("duplicate");
    // The same page, found again by another discovery page (another message id, a tracking parameter).
    const again = recordOf(
      "acme",
      runId,
      { ...blocked, url: "http://jd.test/item/1.html?utm_source=list" } as TargetResult,
      "m-2",
    );
    expect(await repo.add(again, NOW)).toBe("duplicate");
    // Ten concurrent redeliveries: exactly one counts.
    const other = recordOf("acme", runId, listing("http://jd.test/item/2.html", "ok", null, "9.00"), "m-3");
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => repo.add(other, NOW)));
    expect(outcomes.filter((o) => o === "counted")).toHaveLength(1);
    const totals = await repo.totals("acme", runId);
    expect(totals.channels.jd?.counters).toMatchObject({ targets: 2, blocked: 1, priced: 1 });
    expect(totals.channels.jd?.reasons[0]).toMatchObject({ count: 1 });
    // Another run counts the same target again.
    expect(await repo.add({ ...record, runId: newRunId() }, NOW)).toBe("counted");
  });

  it("releases the target when the ADD fails, so the redelivered message counts it", async () => {
    const runId = newRunId();
    let failUpdates = 1;
    const flaky = {
      send: (command: unknown) => {
        if (command instanceof UpdateCommand && failUpdates-- > 0)
          return Promise.reject(Object.assign(new Error("throttled"), { name: "ThrottlingException" }));
        return doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const flakyRepo = new RunCoverageRepository(flaky, db.tableName);
    const record = recordOf("acme", runId, listing("http://jd.test/item/1.html", "ok", null, "9.00"), "m-1");
    await expect(flakyRepo.add(record, NOW)).rejects.toThrow(/UpdateItem failed: ThrottlingException/);
    expect((await repo.totals("acme", runId)).channels).toEqual({});
    expect(await flakyRepo.add(record, NOW)).toBe("counted");
    expect(await flakyRepo.add(record, NOW)).toBe("duplicate");
    expect((await repo.totals("acme", runId)).channels.jd?.counters).toMatchObject({ targets: 1, priced: 1 });
  });

  it("adds a batch with one update per run and channel, each target once", async () => {
    const runId = newRunId();
    const sent: string[] = [];
    const counting = {
      send: (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        return doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const batched = new RunCoverageRepository(counting, db.tableName);
    const blocked = (i: number) =>
      listing(`http://jd.test/item/${i}.html`, "blocked", `verification page (title matched "验证${i % 2}")`);
    const records = [
      ...Array.from({ length: 12 }, (_, i) => recordOf("acme", runId, blocked(i), `m-${i}`)),
      ...Array.from({ length: 6 }, (_, i) =>
        recordOf(
          "acme",
          runId,
          listing(`http://tm.test/item/${i}.html`, "ok", null, "9.00", "tmall"),
          `t-${i}`,
        ),
      ),
      // The same page twice in one batch (two discovery pages listed it).
      recordOf("acme", runId, blocked(0), "m-again"),
    ];
    const outcomes = await batched.addAll(records, NOW);
    expect(outcomes.filter((o) => o === "counted")).toHaveLength(18);
    expect(outcomes.at(-1)).toBe("duplicate");
    expect(sent.filter((c) => c === "UpdateCommand")).toHaveLength(2);
    const totals = await repo.totals("acme", runId);
    expect(totals.channels.jd?.counters).toMatchObject({ targets: 12, blocked: 12 });
    expect(totals.channels.tmall?.counters).toMatchObject({ targets: 6, priced: 6 });
    const reasons = totals.channels.jd?.reasons ?? [];
    expect(reasons.map((r) => [r.detail, r.count]).sort()).toEqual([
      ['title matched "验证0"', 6],
      ['title matched "验证1"', 6],
    ]);
    for (const r of reasons) expect(r.urls.length).toBeLessThanOrEqual(2);
  });

  it("keeps at most 20 reasons an item and 2 example URLs a reason; the rest is counted, not named", async () => {
    const runId = newRunId();
    const oneShard = new RunCoverageRepository(doc, db.tableName, { shards: 1 });
    // 25 distinct reasons, 4 pages each.
    const results = Array.from({ length: 25 }, (_, r) =>
      Array.from({ length: 4 }, (_, p) =>
        listing(`http://jd.test/item/${r}-${p}.html`, "error", `odd failure number ${r}`),
      ),
    ).flat();
    for (const [i, result] of results.entries())
      await oneShard.add(recordOf("acme", runId, result, `m-${i}`), NOW);
    const totals = await oneShard.totals("acme", runId);
    const jd = totals.channels.jd!;
    expect(jd.counters).toMatchObject({ targets: 100, errors: 100 });
    expect(jd.reasons).toHaveLength(MAX_REASONS_PER_ITEM);
    for (const reason of jd.reasons) {
      expect(reason.count).toBe(4);
      expect(reason.urls.length).toBeGreaterThanOrEqual(1);
      expect(reason.urls.length).toBeLessThanOrEqual(2);
      for (const url of reason.urls)
        expect(url).toMatch(
          new RegExp(`/item/${reason.base.replace("odd failure number ", "")}-\\d\\.html$`),
        );
    }
    expect(totals.unnamedReasons).toEqual({ jd: 20 });
    // The judged coverage still counts every page; the top reasons come from the named ones.
    const run = runCoverageFromCounters(totals.channels, totals.discoveryPagesRead, {
      channels: [{ id: "jd", name: "京东" }],
      coverageAlertBelow: 0.5,
    });
    expect(run.channels.jd).toMatchObject({ targets: 100, coverage: 0, blind: true });
    expect(run.channels.jd?.topReasons).toHaveLength(3);
  });

  it("accumulated through the table, judges a run as computeCoverage does (example URLs aside)", async () => {
    const outcomeArb = fc.constantFrom(
      "ok",
      "no_price",
      "blocked",
      "login_required",
      "rate_limited",
      "not_found",
      "error",
    );
    const REASON: Record<string, string[]> = {
      ok: [""],
      no_price: ["the page shows no price"],
      blocked: ['verification page (title matched "京东验证")', 'verification page (html matched "nc_1")'],
      login_required: ['login page (title matched "登录")'],
      rate_limited: ["HTTP 429 after 4 attempt(s)", "HTTP 429 after 1 attempt(s)"],
      not_found: ["HTTP 404"],
      error: ["connect ECONNREFUSED 10.0.0.1:443", "HTTP 500"],
    };
    const resultArb = fc
      .record({
        channel: fc.constantFrom("jd", "tmall"),
        n: fc.nat(30),
        outcome: outcomeArb,
        pick: fc.nat(),
      })
      .map(({ channel, n, outcome, pick }) => {
        const reasons = REASON[outcome]!;
        const reason = reasons[pick % reasons.length] || null;
        return listing(
          `http://${channel}.test/item/${n}.html`,
          outcome,
          reason,
          outcome === "ok" ? "9.00" : null,
          channel,
        );
      });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(resultArb, { selector: (r) => (r.kind === "listing" ? r.url : ""), maxLength: 30 }),
        async (results) => {
          const runId = newRunId();
          await Promise.all(results.map((r, i) => repo.add(recordOf("acme", runId, r, `m-${i}`), NOW)));
          const totals = await repo.totals("acme", runId);
          const config = {
            channels: [
              { id: "jd", name: "京东" },
              { id: "tmall", name: "天猫" },
            ],
            coverageAlertBelow: 0.5,
          };
          const strip = (value: unknown) =>
            JSON.parse(
              JSON.stringify(value, (k, v) => (k === "exampleUrls" || k === "diagnosis" ? undefined : v)),
            ) as unknown;
          const local = computeCoverage(results as CoverageListingResult[], config);
          expect(strip(runCoverageFromCounters(totals.channels, totals.discoveryPagesRead, config))).toEqual(
            strip(local),
          );
        },
      ),
      { numRuns: 15 },
    );
  });

  it("keeps the runs plan opened until they are closed, oldest first", async () => {
    const tenant = "acme-open";
    const run = (i: number) => ({
      tenant,
      runId: `2026-01-0${i}T00:00:00.000Z#0000000${i}`,
      configVersion: "000001",
      startedAt: `2026-01-0${i}T00:00:00.000Z`,
      targetsPlanned: 10 * i,
    });
    expect(await repo.openRuns(tenant)).toEqual([]);
    await repo.open(run(1));
    await repo.open(run(2));
    await repo.open(run(3));
    expect((await repo.openRuns(tenant)).map((r) => r.runId)).toEqual(
      [run(1), run(2), run(3)].map((r) => r.runId),
    );
    await repo.markClosed(run(1), NOW);
    await repo.markClosed(run(2), NOW);
    expect(await repo.openRuns(tenant)).toEqual([run(3)]);
    // Only the latest few are looked at: a run left open further back is given up on.
    expect(await repo.openRuns(tenant, 1)).toEqual([run(3)]);
    await repo.markClosed(run(3), NOW);
    expect(await repo.openRuns(tenant, 1)).toEqual([]);
  });
});
