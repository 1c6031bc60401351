import type { Metrics } from "@aws-lambda-powertools/metrics";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CrawlMessageSchema } from "../../functions/aws/crawl-message.js";
import { createCrawlWorker } from "../../functions/aws/crawl-worker.js";
import { createPlanWorker, type PlanOutcome } from "../../functions/aws/plan-worker.js";
import { closeRun } from "../../functions/aws/run-coverage.js";
import { type AwsStore, ConfigVersionCache, createAwsStore } from "../../functions/aws/store-clients.js";
import { createTelemetry } from "../../functions/aws/telemetry.js";
import type { FetchOutcome } from "../../functions/core/fetch-outcome.js";
import type { Fetcher } from "../../functions/crawl/fetcher.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { coverageAlertId } from "../../functions/stages/record-coverage.js";
import { RunCoverageRepository } from "../../functions/store/run-coverage-repository.js";
import type { RunSummary } from "../../functions/store/run-repository.js";
import { CRAWL_QUEUE_URL, productPage, RENDER_QUEUE_URL, sqsEvent, testConfig } from "./support.js";

/**
 * A run's coverage on AWS, end to end against dynalite: the plan function sends a run's targets
 * (SQS mocked; the messages are handed to the workers as Lambda would), crawl and render workers
 * (fake fetcher, fake renderer) add each target's share, and the next plan closes the run: its
 * summary, one `coverage_drop` alert per blind channel, resolved when a later run can see.
 */

// Quiet: the workers log every failed message, and these tests fail some on purpose.
process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED = "true";

const TENANT = "acme-coverage";
const ORIGIN = "https://market.example.com";
const PAGE = productPage({ title: "安可血糖试纸 50片 正品", price: "189.00", seller: "安可官方旗舰店" });
const LOGIN_WALL = 'login page (title matched "欢迎登录")';

const sqs = mockClient(SQSClient);
let db: EmbeddedDynamo;
let store: AwsStore;
let version: string;

type EmfLine = Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][] }> } };

/** Every EMF line a Metrics instance publishes (the instance still publishes as usual). */
function capture(metrics: Metrics): EmfLine[] {
  const lines: EmfLine[] = [];
  const publish = metrics.publishStoredMetrics.bind(metrics);
  vi.spyOn(metrics, "publishStoredMetrics").mockImplementation(() => {
    if (metrics.hasStoredMetrics()) lines.push(metrics.serializeMetrics() as unknown as EmfLine);
    return publish();
  });
  return lines;
}

function ok(url: string): FetchOutcome {
  return {
    kind: "ok",
    url,
    finalUrl: url,
    status: 200,
    contentType: "text/html; charset=utf-8",
    body: PAGE,
    fullBody: () => PAGE,
    bytes: PAGE.length,
    charset: "utf-8",
    attempts: 1,
    elapsedMs: 5,
    rendered: false,
  };
}

const LIST = `<html><body><a class="p-name" href="${ORIGIN}/shop/item/3.html">3</a>
  <a class="p-name" href="${ORIGIN}/shop/item/1.html?utm_source=list">1 again</a></body></html>`;

function fakeFetcher(): Fetcher {
  return {
    async fetch(url) {
      if (url.endsWith("/boom.html")) throw new Error("socket hang up");
      if (url.endsWith("/shop/list")) return { ...ok(url), body: LIST, fullBody: () => LIST };
      return ok(url);
    },
    stats: () => [],
    close: async () => {},
    abort: () => {},
  };
}

/** The mall's pages, as Chromium sees them: a login wall until `mallOpen`. */
let mallOpen = false;

const telemetry = {
  plan: createTelemetry("plan"),
  crawl: createTelemetry("crawl"),
  render: createTelemetry("render"),
};
const emitted = {
  plan: capture(telemetry.plan.metrics),
  crawl: capture(telemetry.crawl.metrics),
  render: capture(telemetry.render.metrics),
};

let now = new Date("2026-01-01T00:00:00.000Z");
const clock = () => now;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  store = createAwsStore({
    TABLE_NAME: db.tableName,
    DYNAMODB_ENDPOINT: db.endpoint,
    AWS_REGION: "us-east-1",
  });
  const base = testConfig(TENANT, ORIGIN);
  ({ version } = await store.configs.publish(
    testConfig(TENANT, ORIGIN, {
      channels: [
        { id: "shop", name: "Test shop", match: [`${ORIGIN}/shop/`] },
        { id: "mall", name: "Walled mall", match: [`${ORIGIN}/mall/`], render: true },
      ],
      officialSellers: [...base.officialSellers, { channel: "mall", name: "安可官方旗舰店" }],
      watch: [
        { url: `${ORIGIN}/shop/item/1.html`, channel: "shop", sku: "GLU-50" },
        { url: `${ORIGIN}/shop/item/2.html`, channel: "shop", sku: "GLU-50" },
        { url: `${ORIGIN}/shop/boom.html`, channel: "shop", sku: "GLU-50" },
        { discover: { channel: "shop", start: `${ORIGIN}/shop/list`, links: "a.p-name", maxPages: 1 } },
        { url: `${ORIGIN}/mall/item/1.html`, channel: "mall", sku: "GLU-50" },
        { url: `${ORIGIN}/mall/item/2.html`, channel: "mall", sku: "GLU-50" },
      ],
      coverageAlertBelow: 0.5,
      notify: [{ type: "webhook", id: "ops", url: "https://hooks.example.com/pricewarden" }],
    }),
    new Date(),
  ));
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  buildFunctions();
});
afterAll(async () => {
  sqs.restore();
  await db.close();
});

type Worker = ReturnType<typeof createCrawlWorker>;
let crawl: Worker;
let render: Worker;
let plan: ReturnType<typeof createPlanWorker>;

/** The crawl and render functions (one with Chromium, faked) and the plan function, as the handlers build them. */
function buildFunctions(): void {
  const common = {
    store,
    configs: new ConfigVersionCache(store.configs),
    sqs: new SQSClient({ region: "us-east-1" }),
    queues: { crawlQueueUrl: CRAWL_QUEUE_URL, renderQueueUrl: RENDER_QUEUE_URL },
    createFetcher: () => fakeFetcher(),
    now: clock,
  };
  crawl = createCrawlWorker({ ...common, ...telemetry.crawl });
  render = createCrawlWorker({
    ...common,
    ...telemetry.render,
    renderFor: () => ({
      render: async (url) =>
        mallOpen
          ? { ...ok(url), rendered: true }
          : { kind: "blocked", url, signal: "login", reason: LOGIN_WALL, attempts: 1 },
    }),
  });
  plan = createPlanWorker({
    configs: store.configs,
    runCoverage: store.runCoverage,
    runs: store.runs,
    alerts: store.alerts,
    sqs: new SQSClient({ region: "us-east-1" }),
    queues: { crawlQueueUrl: CRAWL_QUEUE_URL, renderQueueUrl: RENDER_QUEUE_URL },
    ...telemetry.plan,
    now: clock,
  });
}

let sent = 0;
let messageIds = 0;
/** Messages the plan function and the workers sent since the last call, by queue. */
function newMessages(): Array<{ queue: string; messageId: string; body: string }> {
  const calls = sqs.commandCalls(SendMessageBatchCommand).slice(sent);
  sent += calls.length;
  return calls.flatMap((c) =>
    (c.args[0].input.Entries ?? []).map((e) => ({
      queue: c.args[0].input.QueueUrl ?? "",
      messageId: `m-${++messageIds}`,
      body: e.MessageBody ?? "",
    })),
  );
}

/** Delivers every message to its worker as Lambda would, until the queues are empty. */
async function drain(opts: { receiveCount?: string; redeliver?: (body: string) => boolean } = {}) {
  for (let messages = newMessages(); messages.length > 0; messages = newMessages()) {
    for (const m of messages) {
      const worker = m.queue === RENDER_QUEUE_URL ? render : crawl;
      const event = sqsEvent([{ messageId: m.messageId, body: m.body }]);
      if (opts.receiveCount) event.Records[0]!.attributes.ApproximateReceiveCount = opts.receiveCount;
      await worker(event);
      // A redelivery of the same message (its visibility timed out while it was being processed).
      if (opts.redeliver?.(m.body)) await worker(event);
    }
  }
}

const metricLines = (lines: EmfLine[], name: string) => lines.filter((l) => name in l);

describe("run coverage on AWS", () => {
  let first: PlanOutcome;
  let second: PlanOutcome;
  let firstSummary: RunSummary | undefined;

  it("workers add each target's share once; the next plan closes the run: summary, one alert per blind channel", async () => {
    first = await plan({ tenant: TENANT });
    expect(first).toMatchObject({ targets: 6, closed: [] });
    // Every message on its last receive: the one whose check throws counts as an error page.
    await drain({
      receiveCount: "5",
      redeliver: (body) => CrawlMessageSchema.parse(JSON.parse(body)).target.kind === "product",
    });

    // The crawl and render workers' metrics, per channel.
    const sum = (lines: EmfLine[], channel: string, name: string) =>
      metricLines(lines, name)
        .filter((l) => l.channel === channel)
        .reduce((n, l) => n + (l[name] as number), 0);
    // 4 shop pages (2 direct, 1 discovered, 1 discovered twice) checked, each delivered twice.
    expect(sum(emitted.crawl, "shop", "pagesChecked")).toBe(8);
    expect(sum(emitted.crawl, "shop", "pagesPriced")).toBe(8);
    expect(sum(emitted.render, "mall", "pagesChecked")).toBe(4);
    expect(sum(emitted.render, "mall", "pagesLoginRequired")).toBe(4);
    expect(sum(emitted.render, "mall", "pagesPriced")).toBe(0);
    for (const line of metricLines(emitted.crawl, "pagesChecked"))
      expect(line._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([["service", "channel"]]);

    now = new Date("2026-01-01T06:00:00.000Z");
    const planLines = emitted.plan.length;
    second = await plan({ tenant: TENANT });
    expect(second.closed).toEqual([first.runId]);

    const [summary] = await store.runs.latest(TENANT, 1);
    firstSummary = summary;
    expect(summary).toMatchObject({
      runId: first.runId,
      tenant: TENANT,
      startedAt: "2026-01-01T00:00:00.000Z",
      // shop: item 1, 2, 3 and boom; mall: item 1, 2; the discovery's listing page.
      pages: 7,
      listings: 3,
      errors: 1,
      alertsNew: 1,
      alertsOpen: 1,
      outcomes: { ok: 3, error: 1, login_required: 2 },
      coverage: 0.5,
      blind: true,
      sites: [],
    });
    expect(summary?.channels?.shop).toMatchObject({
      targets: 4,
      priced: 3,
      errors: 1,
      coverage: 0.75,
      blind: false,
    });
    expect(summary?.channels?.mall).toMatchObject({
      targets: 2,
      login_required: 2,
      coverage: 0,
      blind: true,
      topReasons: [
        {
          reason: LOGIN_WALL,
          outcome: "login_required",
          count: 2,
          exampleUrls: expect.arrayContaining([expect.stringMatching(/\/mall\/item\/[12]\.html$/)]),
        },
      ],
    });
    expect(summary?.channels?.mall?.diagnosis).toMatch(/^login page/);

    const open = await store.alerts.list(TENANT, { statuses: ["open"] });
    const coverageAlerts = open.filter((a) => a.type === "coverage_drop");
    expect(coverageAlerts).toHaveLength(1);
    expect(coverageAlerts[0]).toMatchObject({
      id: coverageAlertId(TENANT, "mall"),
      channel: "mall",
      lastRunId: first.runId,
    });
    // Queued for the notify targets: the stream hands it to the notifier like any alert.
    expect(coverageAlerts[0]!.deliveries).toEqual({ ops: expect.objectContaining({ state: "pending" }) });
    const due = await store.alerts.listDue(TENANT, "2026-01-02T00:00:00.000Z");
    expect(due.map((a) => a.id)).toEqual([coverageAlertId(TENANT, "mall")]);

    // The closer's metrics: coverage per judged channel, and the blind channels.
    const closer = emitted.plan.slice(planLines);
    expect(Object.fromEntries(metricLines(closer, "coverage").map((l) => [l.channel, l.coverage]))).toEqual({
      shop: 75,
      mall: 0,
    });
    expect(metricLines(closer, "blindChannels").map((l) => l.blindChannels)).toEqual([1]);
    expect(metricLines(closer, "blindChannels")[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([
      ["service"],
    ]);
  });

  it("closing a run again (a plan that died before marking it closed) changes nothing", async () => {
    const again = await closeRun(
      { ...store, logger: telemetry.plan.logger, metrics: telemetry.plan.metrics, now: clock },
      {
        tenant: TENANT,
        runId: first.runId,
        configVersion: version,
        startedAt: "2026-01-01T00:00:00.000Z",
        targetsPlanned: 6,
      },
    );
    expect(again).toEqual(firstSummary);
    expect(await store.runs.latest(TENANT, 10)).toEqual([firstSummary]);
    const alert = await store.alerts.get(TENANT, coverageAlertId(TENANT, "mall"));
    expect(alert).toMatchObject({ status: "open", occurrences: 1 });
  });

  it("resolves the channel's alert once a later run can see it", async () => {
    mallOpen = true;
    await drain();
    now = new Date("2026-01-01T12:00:00.000Z");
    const third = await plan({ tenant: TENANT });
    expect(third.closed).toEqual([second.runId]);

    const [summary] = await store.runs.latest(TENANT, 1);
    expect(summary).toMatchObject({ runId: second.runId, blind: false });
    // The throwing page, now on its first receive, is redelivered rather than counted.
    expect(summary?.channels?.shop).toMatchObject({ targets: 3, priced: 3, coverage: 1 });
    expect(summary?.channels?.mall).toMatchObject({ targets: 2, priced: 2, coverage: 1, blind: false });
    const alert = await store.alerts.get(TENANT, coverageAlertId(TENANT, "mall"));
    expect(alert).toMatchObject({ status: "resolved", lastRunId: second.runId });
    expect(alert?.history.at(-1)?.note).toMatch(/coverage back to 100%/);
    expect(
      (await store.alerts.list(TENANT, { statuses: ["open"] })).filter((a) => a.type === "coverage_drop"),
    ).toEqual([]);
  });

  it("a close that fails does not hold up the new run: counted (alarmed), and done by the next plan", async () => {
    const tenant = "acme-close-fails";
    await store.configs.publish(testConfig(tenant, ORIGIN), new Date());
    const broken = Object.create(store.runCoverage) as typeof store.runCoverage;
    let failures = 1;
    broken.totals = async (...args) => {
      if (failures-- > 0) throw new Error("DynamoDB Query failed: ProvisionedThroughputExceededException");
      return store.runCoverage.totals(...args);
    };
    const planWith = createPlanWorker({
      configs: store.configs,
      runCoverage: broken,
      runs: store.runs,
      alerts: store.alerts,
      sqs: new SQSClient({ region: "us-east-1" }),
      queues: { crawlQueueUrl: CRAWL_QUEUE_URL, renderQueueUrl: RENDER_QUEUE_URL },
      ...telemetry.plan,
      now: clock,
    });
    const a = await planWith({ tenant });
    newMessages();
    const lines = emitted.plan.length;
    now = new Date("2026-01-01T18:00:00.000Z");
    const b = await planWith({ tenant });
    newMessages();
    expect(b).toMatchObject({ targets: 1, closed: [] });
    expect(
      metricLines(emitted.plan.slice(lines), "runSummaryFailures").map((l) => l.runSummaryFailures),
    ).toEqual([1]);
    // Both runs are still open; the next plan closes them, oldest first.
    now = new Date("2026-01-02T00:00:00.000Z");
    const c = await planWith({ tenant });
    newMessages();
    expect(c.closed).toEqual([a.runId, b.runId]);
    expect((await store.runs.latest(tenant, 10)).map((r) => r.runId)).toEqual([b.runId, a.runId]);
  });

  it("a batch whose coverage write fails reports its finished checks as failed; their redelivery counts them", async () => {
    let failUpdates = 1;
    const flaky = {
      send: (command: unknown) => {
        if (command instanceof UpdateCommand && failUpdates-- > 0)
          return Promise.reject(Object.assign(new Error("throttled"), { name: "ThrottlingException" }));
        return store.doc.send(command as never);
      },
    } as unknown as typeof store.doc;
    const worker = createCrawlWorker({
      store: { ...store, runCoverage: new RunCoverageRepository(flaky, db.tableName) },
      configs: new ConfigVersionCache(store.configs),
      sqs: new SQSClient({ region: "us-east-1" }),
      queues: { crawlQueueUrl: CRAWL_QUEUE_URL, renderQueueUrl: RENDER_QUEUE_URL },
      createFetcher: () => fakeFetcher(),
      ...telemetry.crawl,
      now: clock,
    });
    const runId = "2026-01-03T00:00:00.000Z#flaky001";
    const body = (n: number) =>
      JSON.stringify({
        tenant: TENANT,
        configVersion: version,
        runId,
        target: { kind: "product", url: `${ORIGIN}/shop/item/${n}.html`, channel: "shop", sku: "GLU-50" },
      });
    const event = sqsEvent([1, 2, 3].map((n) => ({ messageId: `f-${n}`, body: body(n) })));
    expect((await worker(event)).batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      "f-1",
      "f-2",
      "f-3",
    ]);
    expect((await store.runCoverage.totals(TENANT, runId)).channels).toEqual({});
    expect((await worker(event)).batchItemFailures).toEqual([]);
    expect((await worker(event)).batchItemFailures).toEqual([]);
    const totals = await store.runCoverage.totals(TENANT, runId);
    expect(totals.channels.shop?.counters).toMatchObject({ targets: 3, priced: 3 });
  });

  it("counts nothing for a version it cannot load until its last receive, then one error page", async () => {
    const runId = "2026-01-02T00:00:00.000Z#ghost001";
    const body = JSON.stringify({
      tenant: TENANT,
      configVersion: "999999",
      runId,
      target: { kind: "product", url: `${ORIGIN}/shop/item/1.html`, channel: "shop" },
    });
    const event = sqsEvent([{ messageId: "m-ghost", body }]);
    expect((await crawl(event)).batchItemFailures).toEqual([{ itemIdentifier: "m-ghost" }]);
    expect((await store.runCoverage.totals(TENANT, runId)).channels).toEqual({});
    event.Records[0]!.attributes.ApproximateReceiveCount = "5";
    expect((await crawl(event)).batchItemFailures).toEqual([{ itemIdentifier: "m-ghost" }]);
    const totals = await store.runCoverage.totals(TENANT, runId);
    expect(totals.channels.shop?.counters).toMatchObject({ targets: 1, errors: 1 });
    expect(totals.outcomes).toEqual({ error: 1 });
  });
});
