import { randomBytes } from "node:crypto";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { awsSessionRepository } from "../../functions/aws/aws-sessions.js";
import { createCrawlWorker, MAX_PACED_OUT } from "../../functions/aws/crawl-worker.js";
import { createRenderSessions, lazyKmsSessionCipher } from "../../functions/aws/render-sessions.js";
import { type AwsStore, ConfigVersionCache, createAwsStore } from "../../functions/aws/store-clients.js";
import { createTelemetry } from "../../functions/aws/telemetry.js";
import { listingIdOf } from "../../functions/core/alert-identity.js";
import type { StorageState } from "../../functions/core/browser-session.js";
import { canonicalUrl } from "../../functions/core/canonical-url.js";
import type { FetchOutcome } from "../../functions/core/fetch-outcome.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import type { Renderer } from "../../functions/crawl/render/chromium-renderer.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { sessionCipherWithKey } from "../../functions/sessions/local-session-cipher.js";
import { sessionAlertId } from "../../functions/stages/record-session.js";
import { paceSortKey, SessionLease } from "../../functions/store/session-lease.js";
import { SessionRepository } from "../../functions/store/session-repository.js";
import { fakeKms } from "../aws/fake-kms.js";
import { CRAWL_QUEUE_URL, productPage, RENDER_QUEUE_URL, sqsEvent, testConfig } from "./support.js";

/**
 * The render function's session path (functions/aws/render-sessions.ts) inside the crawl worker,
 * against dynalite: sessions imported through the AWS import path, opened with the KMS cipher
 * (KMS mocked: it has no local equivalent), paced through the shared pacing item, with a fake
 * renderer in place of Chromium (it honours `beforeNavigate`, where pacing happens).
 */

const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ORIGIN = "https://shop.example.com";
const RUN = "2026-01-01T00:00:00.000Z#run1";
const SECRET = `SECRET-${randomBytes(8).toString("hex")}`;
const STATE: StorageState = {
  cookies: [
    {
      name: "thor",
      value: SECRET,
      domain: ".shop.example.com",
      path: "/",
      expires: -1,
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
    },
  ],
  origins: [{ origin: ORIGIN, localStorage: [{ name: "token", value: SECRET }] }],
};
const PAGE = productPage({ title: "安可血糖试纸 50片 正品", price: "189.00", seller: "安可官方旗舰店" });
const CHALLENGE: FetchOutcome = {
  kind: "blocked",
  url: `${ORIGIN}/item/1.html`,
  signal: "captcha",
  reason: "risk page (京东验证)",
  attempts: 1,
};

const sqs = mockClient(SQSClient);
let kms: ReturnType<typeof fakeKms>;
let db: EmbeddedDynamo;
let store: AwsStore;
/** Every line any worker of these tests logged, errors expanded: a session's secrets are never there. */
const logged: string[] = [];

beforeAll(async () => {
  kms = fakeKms(KEY);
  db = await startEmbeddedDynamo({ dataDir: null });
  store = createAwsStore({
    TABLE_NAME: db.tableName,
    DYNAMODB_ENDPOINT: db.endpoint,
    AWS_REGION: "us-east-1",
  });
});
afterAll(async () => {
  expect(logged.length).toBeGreaterThan(0);
  for (const line of logged) expect(line).not.toContain(SECRET);
  kms.mock.restore();
  sqs.restore();
  await db.close();
});
beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

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
    rendered: true,
  };
}

function fakeRenderer(page: (url: string) => FetchOutcome) {
  const calls: Array<{ url: string; storageState: StorageState | undefined }> = [];
  const renderer: Renderer = {
    async render(url, options = {}) {
      if (options.beforeNavigate && !(await options.beforeNavigate()))
        return {
          outcome: { kind: "error", url, code: "cancelled", reason: "cancelled", attempts: 0 },
          refused: [],
        };
      calls.push({ url, storageState: options.storageState });
      return { outcome: page(url), refused: [] };
    },
    async close() {},
  };
  return { renderer, calls };
}

/** A tenant of its own per test: its config (one session channel) published, one session imported (AWS path). */
async function tenantWithSession(tenant: string, pace: { requestsPerMinute: number; jitter: number }) {
  const config = testConfig(tenant, ORIGIN, {
    channels: [
      {
        id: "shop",
        name: "Test shop",
        match: [`${ORIGIN}/`],
        render: true,
        session: { use: "required", ...pace },
      },
    ],
  });
  const { version } = await store.configs.publish(config, new Date());
  const imported = awsSessionRepository({
    table: db.tableName,
    kmsKey: "alias/pricewarden-sessions-dev",
    dynamodbEndpoint: db.endpoint,
  });
  try {
    const info = await imported.repository.put(tenant, "shop", STATE, { label: "采购账号 1" });
    return { version, sessionId: info.id };
  } finally {
    imported.close();
  }
}

function captureLogs(logger: ReturnType<typeof createTelemetry>["logger"]): void {
  const expand = (_key: string, value: unknown) =>
    value instanceof Error
      ? { name: value.name, message: value.message, stack: value.stack, cause: value.cause }
      : value;
  for (const level of ["debug", "info", "warn", "error"] as const)
    vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
      logged.push(JSON.stringify(args, expand));
    });
}

function renderWorker(
  renderer: Renderer,
  opts: { pacerClock?: { now: () => number; sleep: (ms: number) => Promise<void> } } = {},
) {
  const { logger, metrics } = createTelemetry("render");
  captureLogs(logger);
  const pathFor = createRenderSessions({
    alerts: store.alerts,
    sessions: new SessionRepository(store.doc, db.tableName, lazyKmsSessionCipher("us-east-1", KEY)),
    lease: new SessionLease(store.doc, db.tableName),
    logger,
    ...(opts.pacerClock ? { pacerClock: opts.pacerClock } : {}),
  });
  return createCrawlWorker({
    store,
    configs: new ConfigVersionCache(store.configs),
    sqs: new SQSClient({ region: "us-east-1" }),
    queues: { crawlQueueUrl: CRAWL_QUEUE_URL, renderQueueUrl: RENDER_QUEUE_URL },
    createFetcher: (config) => createFetcher(config.network),
    renderFor: (config, job) => pathFor(config, job, renderer),
    logger,
    metrics,
    deadlineMarginMs: 0,
  });
}

const message = (tenant: string, version: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    tenant,
    configVersion: version,
    runId: RUN,
    target: { kind: "product", url: `${ORIGIN}/item/1.html`, channel: "shop" },
    ...extra,
  });
const listingState = (tenant: string) =>
  store.listings.getState(tenant, listingIdOf(canonicalUrl(`${ORIGIN}/item/1.html`)));
const sessions = () => new SessionRepository(store.doc, db.tableName, lazyKmsSessionCipher("us-east-1", KEY));
const context = (ms: number) => ({ getRemainingTimeInMillis: () => ms });

describe("render worker with customer browser sessions", () => {
  it("renders with the stored session, opened with KMS under its context, paced through the shared item", async () => {
    const tenant = "acme-sess-ok";
    const { version, sessionId } = await tenantWithSession(tenant, { requestsPerMinute: 6, jitter: 0.3 });
    const { renderer, calls } = fakeRenderer(ok);
    const response = await renderWorker(renderer)(
      sqsEvent([{ messageId: "m-1", body: message(tenant, version) }]),
      context(170_000),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.storageState).toEqual(STATE);
    expect(kms.decrypted).toContainEqual({
      keyId: KEY,
      context: { tenant, channel: "shop", session: sessionId },
    });
    expect(await listingState(tenant)).toMatchObject({
      outcome: "ok",
      sku: "GLU-50",
      sellerKind: "official",
    });
    const info = await sessions().get(tenant, "shop", sessionId);
    expect(info).toMatchObject({ health: "healthy", reason: null });
    expect(info?.lastUsedAt).not.toBeNull();
    const pacing = await store.doc.send(
      new GetCommand({
        TableName: db.tableName,
        Key: { pk: `T#${tenant}`, sk: paceSortKey("shop", sessionId) },
      }),
    );
    expect(pacing.Item?.grants).toHaveLength(1);
  });

  it("with several sessions, takes one whose pacing slot is free, so busy sessions are not waited for", async () => {
    const tenant = "acme-sess-choose";
    const { version, sessionId: busy } = await tenantWithSession(tenant, { requestsPerMinute: 6, jitter: 0 });
    const other: StorageState = {
      ...STATE,
      cookies: [{ ...STATE.cookies[0]!, value: `${SECRET}-2` }],
    };
    const imported = awsSessionRepository({
      table: db.tableName,
      kmsKey: KEY,
      dynamodbEndpoint: db.endpoint,
    });
    const free = await imported.repository.put(tenant, "shop", other, { label: "采购账号 2" });
    imported.close();
    // Another worker has just loaded a page with the first one: its next slot is 10 s away.
    const lease = new SessionLease(store.doc, db.tableName);
    await lease.acquire(tenant, "shop", busy, { requestsPerMinute: 6, jitter: 0, now: Date.now() });
    expect(
      await lease.nextAt(tenant, "shop", busy, { requestsPerMinute: 6, jitter: 0, now: Date.now() }),
    ).toBeGreaterThan(Date.now());
    const first = fakeRenderer(ok);
    const response = await renderWorker(first.renderer)(
      sqsEvent([{ messageId: "m-1", body: message(tenant, version) }]),
      context(170_000),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(first.calls.map((c) => c.storageState)).toEqual([other]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);

    // Both used within the last 10 s, and 20 s left: no slot in time, so the page is handed back
    // (delayed to the sooner of the two slots) instead of holding the worker.
    const second = fakeRenderer(ok);
    const paced = await renderWorker(second.renderer)(
      sqsEvent([{ messageId: "m-2", body: message(tenant, version) }]),
      context(20_000),
    );
    expect(paced.batchItemFailures).toEqual([]);
    expect(second.calls).toHaveLength(0);
    const sent = sqs.commandCalls(SendMessageBatchCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.args[0].input.Entries![0]!.DelaySeconds).toBeLessThanOrEqual(10);
    expect((await sessions().get(tenant, "shop", free.id))?.lastUsedAt).not.toBeNull();
  });

  it("a challenge pauses the session with one blocked alert under the message's run; no later worker goes out with it", async () => {
    const tenant = "acme-sess-challenge";
    const { version, sessionId } = await tenantWithSession(tenant, { requestsPerMinute: 60, jitter: 0 });
    const first = fakeRenderer(() => CHALLENGE);
    const response = await renderWorker(first.renderer)(
      sqsEvent([{ messageId: "m-1", body: message(tenant, version) }]),
      context(170_000),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(first.calls).toHaveLength(1);
    expect(await sessions().get(tenant, "shop", sessionId)).toMatchObject({
      health: "unhealthy",
      reason: expect.stringContaining("risk page"),
    });
    const alertId = sessionAlertId(tenant, "blocked", "shop", sessionId);
    expect(await store.alerts.get(tenant, alertId)).toMatchObject({
      type: "blocked",
      status: "open",
      occurrences: 1,
      lastRunId: RUN,
      explanation: expect.stringContaining("采购账号 1"),
    });

    // Another container, the next page: the session is paused, so nothing is rendered with it.
    const next = fakeRenderer(ok);
    const again = await renderWorker(next.renderer)(
      sqsEvent([{ messageId: "m-2", body: message(tenant, version) }]),
      context(170_000),
    );
    expect(again.batchItemFailures).toEqual([]);
    expect(next.calls).toHaveLength(0);
    expect(await listingState(tenant)).toMatchObject({
      outcome: "login_required",
      outcomeReason: expect.stringContaining("all 1 of its sessions are unhealthy"),
    });
    const sessionAlerts = (await store.alerts.list(tenant)).filter((a) => a.listingId.startsWith("session:"));
    expect(sessionAlerts.map((a) => [a.id, a.occurrences])).toEqual([[alertId, 1]]);
  });

  it("two workers that meet the challenge at once raise one alert between them", async () => {
    const tenant = "acme-sess-race";
    const { version, sessionId } = await tenantWithSession(tenant, { requestsPerMinute: 60, jitter: 0 });
    const a = fakeRenderer(() => CHALLENGE);
    const b = fakeRenderer(() => CHALLENGE);
    const [ra, rb] = await Promise.all([
      renderWorker(a.renderer)(
        sqsEvent([{ messageId: "m-a", body: message(tenant, version) }]),
        context(170_000),
      ),
      renderWorker(b.renderer)(
        sqsEvent([{ messageId: "m-b", body: message(tenant, version) }]),
        context(170_000),
      ),
    ]);
    expect([...ra.batchItemFailures, ...rb.batchItemFailures]).toEqual([]);
    // Each page was either rendered (and met the challenge) or, having waited for its slot,
    // found the session paused and went back to the queue.
    const handedBack = sqs.commandCalls(SendMessageBatchCommand).length;
    expect(a.calls.length + b.calls.length + handedBack).toBe(2);
    expect(a.calls.length + b.calls.length).toBeGreaterThanOrEqual(1);
    const sessionAlerts = (await store.alerts.list(tenant)).filter((x) => x.listingId.startsWith("session:"));
    expect(sessionAlerts.map((x) => [x.id, x.occurrences])).toEqual([
      [sessionAlertId(tenant, "blocked", "shop", sessionId), 1],
    ]);
  });

  it("a page that waited for its slot goes back to the queue when another worker paused the session meanwhile", async () => {
    const tenant = "acme-sess-paused";
    const { version, sessionId } = await tenantWithSession(tenant, { requestsPerMinute: 6, jitter: 0 });
    let t = Date.now();
    // Another worker has just loaded a page with it…
    await new SessionLease(store.doc, db.tableName).acquire(tenant, "shop", sessionId, {
      requestsPerMinute: 6,
      jitter: 0,
      now: t,
    });
    const { renderer, calls } = fakeRenderer(ok);
    const worker = renderWorker(renderer, {
      pacerClock: {
        now: () => t,
        sleep: async (ms) => {
          // …and, while this page waits 10 s for the next slot, meets a challenge with it.
          await sessions().mark(tenant, "shop", sessionId, {
            health: "unhealthy",
            reason: "risk page (京东验证)",
            at: new Date().toISOString(),
          });
          t += ms;
        },
      },
    });
    const response = await worker(
      sqsEvent([{ messageId: "m-1", body: message(tenant, version) }]),
      context(170_000),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toHaveLength(0);
    expect(await listingState(tenant)).toBeNull();
    const sent = sqs.commandCalls(SendMessageBatchCommand);
    expect(sent).toHaveLength(1);
    const entry = sent[0]!.args[0].input.Entries![0]!;
    expect(sent[0]!.args[0].input.QueueUrl).toBe(RENDER_QUEUE_URL);
    expect(entry.DelaySeconds).toBe(1);
    expect(JSON.parse(entry.MessageBody!)).toEqual(JSON.parse(message(tenant, version, { pacedOut: 1 })));
  });

  it("paced out before the invocation's deadline: handed back delayed to the slot, not failed; past MAX_PACED_OUT it fails", async () => {
    const tenant = "acme-sess-deadline";
    const { version, sessionId } = await tenantWithSession(tenant, { requestsPerMinute: 1, jitter: 0 });
    await new SessionLease(store.doc, db.tableName).acquire(tenant, "shop", sessionId, {
      requestsPerMinute: 1,
      jitter: 0,
      now: Date.now(),
    });
    const { renderer, calls } = fakeRenderer(ok);
    const worker = renderWorker(renderer);
    // 30 s left: the next slot is a minute away, past what the page could still wait for.
    const started = Date.now();
    const response = await worker(
      sqsEvent([{ messageId: "m-1", body: message(tenant, version) }]),
      context(30_000),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toHaveLength(0);
    const sent = sqs.commandCalls(SendMessageBatchCommand);
    expect(sent).toHaveLength(1);
    const entry = sent[0]!.args[0].input.Entries![0]!;
    expect(entry.DelaySeconds).toBeGreaterThanOrEqual(55);
    expect(entry.DelaySeconds).toBeLessThanOrEqual(60);
    expect(JSON.parse(entry.MessageBody!)).toMatchObject({ pacedOut: 1, runId: RUN });
    expect(await listingState(tenant)).toBeNull();

    sqs.resetHistory();
    const worn = await worker(
      sqsEvent([{ messageId: "m-2", body: message(tenant, version, { pacedOut: MAX_PACED_OUT }) }]),
      context(30_000),
    );
    expect(worn.batchItemFailures).toEqual([{ itemIdentifier: "m-2" }]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it("a session sealed by another key is unreadable: paused with a session_expired alert, and the worker does not fail", async () => {
    const tenant = "acme-sess-foreign";
    const { version } = await store.configs.publish(
      testConfig(tenant, ORIGIN, {
        channels: [{ id: "shop", name: "Test shop", match: [`${ORIGIN}/`], render: true, session: {} }],
      }),
      new Date(),
    );
    // Sealed with a data directory's key, as `session import` without --table does.
    const local = new SessionRepository(store.doc, db.tableName, sessionCipherWithKey(randomBytes(32)));
    const info = await local.put(tenant, "shop", STATE);
    const { renderer, calls } = fakeRenderer(ok);
    const response = await renderWorker(renderer)(
      sqsEvent([{ messageId: "m-1", body: message(tenant, version) }]),
      context(170_000),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toHaveLength(0);
    expect(await sessions().get(tenant, "shop", info.id)).toMatchObject({ health: "unhealthy" });
    expect(
      await store.alerts.get(tenant, sessionAlertId(tenant, "session_expired", "shop", info.id)),
    ).toMatchObject({
      status: "open",
      occurrences: 1,
    });
    expect(await listingState(tenant)).toMatchObject({ outcome: "login_required" });
  });

  it("without SESSION_KEY_ID a session channel's check fails loudly (and is retried); nothing is marked", async () => {
    const tenant = "acme-sess-nokey";
    const { version, sessionId } = await tenantWithSession(tenant, { requestsPerMinute: 6, jitter: 0.3 });
    const { logger, metrics } = createTelemetry("render");
    captureLogs(logger);
    const { renderer, calls } = fakeRenderer(ok);
    const pathFor = createRenderSessions({
      alerts: store.alerts,
      sessions: new SessionRepository(store.doc, db.tableName, lazyKmsSessionCipher("us-east-1", undefined)),
      lease: new SessionLease(store.doc, db.tableName),
      logger,
    });
    const worker = createCrawlWorker({
      store,
      configs: new ConfigVersionCache(store.configs),
      sqs: new SQSClient({ region: "us-east-1" }),
      queues: { crawlQueueUrl: CRAWL_QUEUE_URL, renderQueueUrl: RENDER_QUEUE_URL },
      createFetcher: (config) => createFetcher(config.network),
      renderFor: (config, job) => pathFor(config, job, renderer),
      logger,
      metrics,
    });
    const response = await worker(
      sqsEvent([{ messageId: "m-1", body: message(tenant, version) }]),
      context(170_000),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m-1" }]);
    expect(calls).toHaveLength(0);
    expect(logged.some((line) => line.includes("SESSION_KEY_ID is unset"))).toBe(true);
    expect(await sessions().get(tenant, "shop", sessionId)).toMatchObject({ health: "unchecked" });
  });
});
