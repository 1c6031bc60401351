import { GetCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../functions/core/config.js";
import { PACING_WINDOW_MS } from "../../functions/core/session-pacing.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import type { SessionCipher } from "../../functions/sessions/session-cipher.js";
import { createSharedPacer, SessionPacedOutError } from "../../functions/sessions/shared-pacer.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { paceSortKey, SessionLease } from "../../functions/store/session-lease.js";
import { SessionRepository } from "../../functions/store/session-repository.js";

let db: EmbeddedDynamo;
let doc: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  doc = createDocumentClient({ endpoint: db.endpoint });
});
afterAll(async () => {
  doc.destroy();
  await db.close();
});

let sequence = 0;
/** A fresh session id per case, so property runs never share a pacing item. */
const freshSession = () => `s${(sequence++).toString(36).padStart(6, "0")}`;

const channel = (requestsPerMinute: number, jitter: number): Channel =>
  ({
    id: "jd",
    name: "JD",
    match: ["item.jd.com"],
    render: true,
    session: { use: "required", requestsPerMinute, jitter },
  }) as Channel;

/**
 * A simulated clock shared by concurrent workers that talk to a real dynalite: time moves only
 * when every live worker sleeps; it then jumps to the earliest wake-up and wakes every worker due
 * then at once, so they race on the store at the same simulated instant.
 */
class BarrierClock {
  t = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];
  constructor(private live: number) {}
  now = () => this.t;
  sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), resolve });
      this.advance();
    });
  done = () => {
    this.live--;
    this.advance();
  };
  private advance() {
    if (this.timers.length === 0 || this.timers.length < this.live) return;
    const at = Math.min(...this.timers.map((timer) => timer.at));
    this.t = Math.max(this.t, at);
    const due = this.timers.filter((timer) => timer.at <= this.t);
    this.timers = this.timers.filter((timer) => timer.at > this.t);
    for (const timer of due) timer.resolve();
  }
}

/** At most rpm grants in any 60 s window, and consecutive grants at least the shortest jittered gap apart. */
function checkPacing(times: readonly number[], rpm: number, jitter: number, tolerance = 0): void {
  const limit = Math.floor(rpm);
  const minGap = (PACING_WINDOW_MS / rpm) * (1 - jitter);
  for (let i = 1; i < times.length; i++)
    expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(minGap - 1e-3 - tolerance);
  if (limit >= 1)
    for (let i = 0; i + limit < times.length; i++)
      expect(times[i + limit]! - times[i]!).toBeGreaterThanOrEqual(PACING_WINDOW_MS - tolerance);
}

const jitterArb = fc.oneof(fc.constant(0), fc.constant(0.3), fc.double({ min: 0, max: 0.9, noNaN: true }));

describe("SessionLease (DynamoDB pacing item)", () => {
  it("grants the first load at once, then says how long until the next; draws are kept until a grant", async () => {
    const lease = new SessionLease(doc, db.tableName, { random: () => 0.5 });
    const id = freshSession();
    const ask = (now: number) => lease.acquire("acme", "jd", id, { requestsPerMinute: 6, jitter: 0.3, now });
    expect(await ask(1_000)).toEqual({ ok: true });
    // 6 a minute with the middle draw: 10 s after the last grant.
    expect(await ask(1_001)).toEqual({ ok: false, retryAfterMs: 9_999 });
    expect(await ask(5_000)).toEqual({ ok: false, retryAfterMs: 6_000 });
    expect(await ask(11_000)).toEqual({ ok: true });
    const item = await doc.send(
      new GetCommand({ TableName: db.tableName, Key: { pk: "T#acme", sk: paceSortKey("jd", id) } }),
    );
    expect(item.Item).toMatchObject({ grants: [1_000, 11_000], version: 2, draw: 0.5 });
    // Expires (TTL, epoch seconds) a day after its last grant.
    expect(item.Item?.expiresAt).toBe(11 + 24 * 60 * 60);
  });

  it("of workers asking at the same instant, exactly one is granted", async () => {
    const lease = new SessionLease(doc, db.tableName);
    const id = freshSession();
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        lease.acquire("acme", "jd", id, { requestsPerMinute: 30, jitter: 0, now: 50_000 }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.retryAfterMs).toBeGreaterThan(0);
  });

  it("a worker whose clock is behind the last grant is told to wait, never granted out of order", async () => {
    const lease = new SessionLease(doc, db.tableName, { random: () => 0 });
    const id = freshSession();
    expect(await lease.acquire("acme", "jd", id, { requestsPerMinute: 6, jitter: 0, now: 100_000 })).toEqual({
      ok: true,
    });
    expect(await lease.acquire("acme", "jd", id, { requestsPerMinute: 6, jitter: 0, now: 95_000 })).toEqual({
      ok: false,
      retryAfterMs: 15_000,
    });
  });

  it("N concurrent workers on a simulated clock never exceed rpm in any 60 s window, nor come closer than the jittered gap", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 8 }),
        fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0.5, 2.5)),
        jitterArb,
        fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        async (workers, rpm, jitter, starts, loadsEach) => {
          const id = freshSession();
          const lease = new SessionLease(doc, db.tableName);
          const clock = new BarrierClock(workers);
          const pacer = createSharedPacer({ lease, tenant: "acme", now: clock.now, sleep: clock.sleep });
          const granted: number[] = [];
          const worker = async (start: number) => {
            try {
              await clock.sleep(start);
              for (let i = 0; i < loadsEach; i++) {
                await pacer.acquire(id, channel(rpm, jitter));
                granted.push(clock.now());
              }
            } finally {
              clock.done();
            }
          };
          await Promise.all(starts.slice(0, workers).map(worker));
          expect(granted).toHaveLength(workers * loadsEach);
          const times = [...granted].sort((a, b) => a - b);
          checkPacing(times, rpm, jitter);
          // And the store's grants are what was handed out (its last rpm of them, in order).
          const item = await doc.send(
            new GetCommand({ TableName: db.tableName, Key: { pk: "T#acme", sk: paceSortKey("jd", id) } }),
          );
          expect(item.Item?.grants).toEqual(times.slice(-Math.max(1, Math.floor(rpm))));
        },
      ),
      { numRuns: 15 },
    );
  });

  it("workers whose clocks disagree (up to ±1 s) still keep the pace, within the skew", async () => {
    const workers = 6;
    const rpm = 6;
    const jitter = 0.3;
    const id = freshSession();
    const lease = new SessionLease(doc, db.tableName);
    const clock = new BarrierClock(workers);
    const skews = [-1_000, -400, 0, 250, 700, 1_000];
    const granted: Array<{ real: number; stamped: number }> = [];
    await Promise.all(
      skews.map(async (skew) => {
        const pacer = createSharedPacer({
          lease,
          tenant: "acme",
          now: () => clock.now() + skew,
          sleep: clock.sleep,
        });
        try {
          for (let i = 0; i < 4; i++) {
            await pacer.acquire(id, channel(rpm, jitter));
            granted.push({ real: clock.now(), stamped: clock.now() + skew });
          }
        } finally {
          clock.done();
        }
      }),
    );
    expect(granted).toHaveLength(24);
    // The stamps the rule judged by are exact; the true times are off by at most the skew spread.
    checkPacing(
      granted.map((g) => g.stamped).sort((a, b) => a - b),
      rpm,
      jitter,
    );
    checkPacing(
      granted.map((g) => g.real).sort((a, b) => a - b),
      rpm,
      jitter,
      2_000,
    );
  });

  it("lives beside the session items without showing up as one", async () => {
    const plain: SessionCipher = {
      encrypt: async (bytes) => ({ ciphertext: Buffer.from(bytes).toString("base64"), keyId: "test" }),
      decrypt: async (sealed) => new Uint8Array(Buffer.from(sealed.ciphertext, "base64")),
    };
    const sessions = new SessionRepository(doc, db.tableName, plain);
    const cookie = {
      name: "thor",
      value: "secret",
      domain: ".jd.com",
      path: "/",
      expires: -1,
      httpOnly: true,
      secure: true,
      sameSite: "Lax" as const,
    };
    const info = await sessions.put("beside", "jd", { cookies: [cookie], origins: [] });
    await new SessionLease(doc, db.tableName).acquire("beside", "jd", info.id, {
      requestsPerMinute: 6,
      jitter: 0.3,
      now: Date.now(),
    });
    expect((await sessions.list("beside")).map((s) => s.id)).toEqual([info.id]);
  });

  it("refuses a key that is not a session's", async () => {
    const lease = new SessionLease(doc, db.tableName);
    await expect(
      lease.acquire("acme", "jd#x", "abc", { requestsPerMinute: 6, jitter: 0.3, now: 0 }),
    ).rejects.toThrow(/not a session/);
  });
});

describe("shared pacer (SessionLease behind SessionPacer's acquire)", () => {
  it("waits for the slot while it is before the deadline", async () => {
    const id = freshSession();
    const lease = new SessionLease(doc, db.tableName, { random: () => 0.5 });
    let t = 0;
    const slept: number[] = [];
    const pacer = createSharedPacer({
      lease,
      tenant: "acme",
      now: () => t,
      sleep: async (ms) => {
        slept.push(ms);
        t += ms;
      },
      deadline: () => 30_000,
    });
    await pacer.acquire(id, channel(6, 0.3));
    await pacer.acquire(id, channel(6, 0.3));
    expect(slept).toEqual([10_000]);
    expect(t).toBe(10_000);
  });

  it("is paced out at once, without counting a load, when the slot comes after the deadline", async () => {
    const id = freshSession();
    const lease = new SessionLease(doc, db.tableName, { random: () => 0.5 });
    let t = 0;
    const slept: number[] = [];
    const pacer = createSharedPacer({
      lease,
      tenant: "acme",
      now: () => t,
      sleep: async (ms) => {
        slept.push(ms);
        t += ms;
      },
      deadline: () => 5_000,
    });
    await pacer.acquire(id, channel(6, 0.3));
    t = 1_000;
    const paced = await pacer.acquire(id, channel(6, 0.3)).catch((e: unknown) => e);
    expect(paced).toBeInstanceOf(SessionPacedOutError);
    expect(paced).toMatchObject({ code: "ABANDONED", retryAfterMs: 9_000, channel: "jd", sessionId: id });
    expect(String((paced as Error).message)).toMatch(/^paced out: /);
    expect(slept).toEqual([]);
    const item = await doc.send(
      new GetCommand({ TableName: db.tableName, Key: { pk: "T#acme", sk: paceSortKey("jd", id) } }),
    );
    expect(item.Item?.grants).toEqual([0]);
  });
});
