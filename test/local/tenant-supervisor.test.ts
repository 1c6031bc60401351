import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantConfig } from "../../functions/core/config.js";
import { startDemoSite } from "../../functions/local/demo-site/demo-site.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { type LocalStore, openLocalStore } from "../../functions/local/local-store.js";
import { LocalTenantSchedules } from "../../functions/local/local-tenant-schedules.js";
import { registeredConfigs } from "../../functions/local/registered-configs.js";
import { type SchedulerLoop, startSchedulerLoop } from "../../functions/local/start-local.js";
import {
  type SupervisorEvent,
  startTenantSupervisor,
  type TenantSupervisor,
} from "../../functions/local/tenant-supervisor.js";
import { applyTenant } from "../../functions/stages/tenant-admin.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { TenantRepository } from "../../functions/store/tenant-repository.js";
import { cliText } from "../../functions/text/cli-text.js";
import { testConfig } from "../handlers/support.js";
import { runCliInProcess } from "../support/cli-in-process.js";

/** Things that happen, and a promise for the first one (already seen or still to come) that matches. */
class Happenings<T> {
  readonly seen: T[] = [];
  private waiters: { match: (item: T) => boolean; resolve: (item: T) => void }[] = [];
  push(item: T): void {
    this.seen.push(item);
    for (const w of this.waiters.filter((w) => w.match(item))) w.resolve(item);
    this.waiters = this.waiters.filter((w) => !w.match(item));
  }
  /** The first match after the first `after` items. */
  next(match: (item: T) => boolean, after = 0): Promise<T> {
    const found = this.seen.slice(after).find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

interface Line {
  tenant: string;
  text: string;
}

const dir = mkdtempSync(join(tmpdir(), "pricewarden-supervisor-"));
const dataDir = join(dir, "data");
let site: { url: string; close(): Promise<void> };
let store: LocalStore;
let supervisor: TenantSupervisor;
const events = new Happenings<SupervisorEvent>();
const lines = new Happenings<Line>();

/** A one-page tenant on the demo marketplace (no screenshots: no Chromium needed). */
function configFile(tenant: string, schedule: string): string {
  const file = join(dir, `${tenant}-${schedule.replace(/\W+/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      tenant,
      schedule,
      channels: [{ id: "shop", name: "演示店", match: [`${site.url}/`] }],
      products: [
        {
          sku: "GLU-50",
          name: "安可血糖试纸 50片",
          match: { keywords: [["安可", "血糖试纸"]], packSize: 50 },
          minPrice: 159,
        },
      ],
      rules: { minPrice: {} },
      watch: [{ url: `${site.url}/jd/item/100006.html`, channel: "shop", sku: "GLU-50" }],
      network: { allowPrivateAddresses: true, delayMs: 0, retries: 0, timeoutMs: 5000 },
      evidence: { screenshot: false },
    }),
  );
  return file;
}

/** `pricewarden tenant …` as a second terminal would run it: its own client of the running store. */
async function tenantCli(...args: string[]) {
  const run = await runCliInProcess(["tenant", ...args, "--data-dir", dataDir, "--lang", "en"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run;
}

const cycleStarted = (tenant: string) => (l: Line) => l.tenant === tenant && l.text.includes("cycle started");
const nextCycle = (tenant: string, schedule: string) => (l: Line) =>
  l.tenant === tenant && l.text.includes("next cycle at") && l.text.includes(`(${schedule})`);

beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  store = await openLocalStore(dataDir, { publish: true });
  const configs = new ConfigRepository(store.doc, store.tableName);
  const tenants = new TenantRepository(store.doc, store.tableName);
  const fileA = configFile("tenant-a", "rate(5 minutes)");
  const { readConfigFile } = await import("../../functions/local/config-file.js");
  const parsed = readConfigFile(fileA, {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  await applyTenant(
    { configs, tenants, schedules: new LocalTenantSchedules(), now: () => new Date(), by: "test" },
    parsed.config,
  );
  supervisor = startTenantSupervisor({
    registry: tenants,
    configs,
    startLoop: (config: TenantConfig) =>
      startSchedulerLoop(
        config,
        store,
        dataDir,
        {
          out: (text) => lines.push({ tenant: config.tenant, text }),
          err: (text) => lines.push({ tenant: config.tenant, text }),
        },
        cliText("en"),
      ),
    pollMs: 50,
    onEvent: (event) => events.push(event),
  });
  await supervisor.ready;
}, 120_000);

afterAll(async () => {
  await supervisor?.stop();
  await store?.close();
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("start runs every registered tenant and follows the registry without a restart", {
  timeout: 120_000,
}, () => {
  it("runs the tenant registered at start", async () => {
    expect(events.seen).toEqual([
      { kind: "started", tenant: "tenant-a", spec: expect.objectContaining({ configVersion: "000001" }) },
    ]);
    await lines.next(nextCycle("tenant-a", "rate(5 minutes)"));
    expect(lines.seen.some((l) => l.tenant === "tenant-a" && l.text.includes("cycle done"))).toBe(true);
  });

  it("a tenant applied from another client runs its first cycle at once", async () => {
    const applied = await tenantCli("apply", "--config", configFile("tenant-b", "rate(10 minutes)"));
    // It reached the running start's store (a second owner of the directory would have failed).
    expect(applied.stdout).toContain("the running pricewarden start picks this up");
    const started = await events.next((e) => e.kind === "started" && e.tenant === "tenant-b");
    expect(started).toMatchObject({ spec: { configVersion: "000001", schedule: "rate(10 minutes)" } });
    await lines.next(nextCycle("tenant-b", "rate(10 minutes)"));
    expect(lines.seen.some((l) => l.tenant === "tenant-b" && l.text.includes("cycle done"))).toBe(true);
    // Tenant A's loop went on untouched.
    expect(events.seen.filter((e) => e.kind !== "started")).toEqual([]);
    expect(supervisor.running().get("tenant-a")?.configVersion).toBe("000001");
  });

  it("pausing stops the tenant's loop; resuming runs a cycle again", async () => {
    await tenantCli("pause", "tenant-b");
    const stopped = await events.next((e) => e.kind === "stopped" && e.tenant === "tenant-b");
    expect(stopped).toMatchObject({ why: "paused" });
    expect([...supervisor.running().keys()]).toEqual(["tenant-a"]);
    const cyclesWhilePaused = lines.seen.filter(cycleStarted("tenant-b")).length;
    const linesAtPause = lines.seen.length;
    const eventsAtPause = events.seen.length;

    await tenantCli("resume", "tenant-b");
    await events.next((e) => e.kind === "started" && e.tenant === "tenant-b", eventsAtPause);
    await lines.next(nextCycle("tenant-b", "rate(10 minutes)"), linesAtPause);
    // One new cycle, started by the resume; none ran while it was paused.
    expect(lines.seen.slice(linesAtPause).filter(cycleStarted("tenant-b")).length).toBe(1);
    expect(cyclesWhilePaused).toBe(1);
  });

  it("a changed schedule restarts that tenant's loop on the new schedule", async () => {
    const linesBefore = lines.seen.length;
    const eventsBefore = events.seen.length;
    await tenantCli("apply", "--config", configFile("tenant-a", "rate(15 minutes)"));
    const stopped = await events.next((e) => e.kind === "stopped" && e.tenant === "tenant-a", eventsBefore);
    expect(stopped).toMatchObject({
      why: "changed",
      spec: { configVersion: "000001", schedule: "rate(5 minutes)" },
    });
    const started = await events.next((e) => e.kind === "started" && e.tenant === "tenant-a", eventsBefore);
    expect(started).toMatchObject({ spec: { configVersion: "000002", schedule: "rate(15 minutes)" } });
    await lines.next(nextCycle("tenant-a", "rate(15 minutes)"), linesBefore);
    expect(supervisor.running().get("tenant-a")).toMatchObject({ schedule: "rate(15 minutes)" });
    expect(supervisor.running().get("tenant-b")).toMatchObject({ schedule: "rate(10 minutes)" });
  });

  it("the dashboard resolves each registered tenant's current config", async () => {
    const resolve = registeredConfigs(
      new TenantRepository(store.doc, store.tableName),
      new ConfigRepository(store.doc, store.tableName),
    );
    expect((await resolve("tenant-a"))?.schedule).toBe("rate(15 minutes)");
    expect((await resolve("tenant-b"))?.schedule).toBe("rate(10 minutes)");
    expect(await resolve("tenant-c")).toBeNull();
  });
});

describe("each tenant settles on its own, and only after its work in progress", { timeout: 120_000 }, () => {
  /** A loop whose work in progress ends when the test says so. */
  interface HeldLoop extends SchedulerLoop {
    config: TenantConfig;
    release(): void;
  }
  let db: EmbeddedDynamo;
  let held: Happenings<HeldLoop>;
  let stopping: Happenings<HeldLoop>;
  let happened: Happenings<SupervisorEvent>;
  let polls: Happenings<number>;
  let apply: (tenant: string, schedule: string) => Promise<unknown>;
  let tenants: TenantRepository;
  let running: TenantSupervisor;

  beforeAll(async () => {
    db = await startEmbeddedDynamo({ dataDir: null });
    const doc = createDocumentClient({ endpoint: db.endpoint });
    const configs = new ConfigRepository(doc, db.tableName);
    tenants = new TenantRepository(doc, db.tableName);
    held = new Happenings();
    stopping = new Happenings();
    happened = new Happenings();
    polls = new Happenings();
    apply = (tenant, schedule) =>
      applyTenant(
        { configs, tenants, schedules: new LocalTenantSchedules(), now: () => new Date(), by: "test" },
        testConfig(tenant, "http://127.0.0.1:9", { schedule }),
      );
    await apply("slow", "rate(5 minutes)");
    await apply("quick", "rate(5 minutes)");
    let count = 0;
    running = startTenantSupervisor({
      registry: {
        list: async () => {
          const records = await tenants.list();
          polls.push(++count);
          return records;
        },
      },
      configs,
      startLoop: (config) => {
        let release = () => {};
        const done = new Promise<void>((resolve) => {
          release = resolve;
        });
        const loop: HeldLoop = {
          config,
          release,
          stop: () => {
            stopping.push(loop);
            // The quick tenant has nothing in progress; the slow one is mid-cycle until released.
            if (config.tenant === "quick") release();
            return done;
          },
        };
        held.push(loop);
        return loop;
      },
      pollMs: 20,
      onEvent: (event) => happened.push(event),
    });
    await running.ready;
  }, 120_000);

  afterAll(async () => {
    for (const loop of held.seen) loop.release();
    await running?.stop();
    await db?.close();
  });

  it("a changed tenant restarts only after its cycle ends, while another tenant's change goes through", async () => {
    expect(held.seen.map((l) => l.config.tenant).sort()).toEqual(["quick", "slow"]);
    const slowLoop = held.seen.find((l) => l.config.tenant === "slow")!;
    await apply("slow", "rate(20 minutes)");
    await stopping.next((l) => l === slowLoop);

    // While slow's cycle is still in progress, quick's change is applied all the way.
    const seenBefore = happened.seen.length;
    await apply("quick", "rate(30 minutes)");
    await happened.next(
      (e) => e.kind === "started" && e.tenant === "quick" && e.spec.schedule === "rate(30 minutes)",
      seenBefore,
    );
    expect(happened.seen.some((e) => e.kind === "stopped" && e.tenant === "slow")).toBe(false);
    expect(running.running().get("slow")).toMatchObject({ schedule: "rate(5 minutes)" });

    slowLoop.release();
    const restarted = await held.next(
      (l) => l.config.tenant === "slow" && l.config.schedule === "rate(20 minutes)",
    );
    expect(restarted).not.toBe(slowLoop);
    expect(happened.seen.filter((e) => e.kind === "stopped" && e.tenant === "slow")).toEqual([
      {
        kind: "stopped",
        tenant: "slow",
        why: "changed",
        spec: expect.objectContaining({ configVersion: "000001" }),
      },
    ]);
  });

  it("a registration whose config version is not stored (yet) is said once, and runs once it is", async () => {
    const now = new Date().toISOString();
    await tenants.put(
      {
        tenant: "orphan",
        state: "active",
        configVersion: "000001",
        schedule: "rate(5 minutes)",
        timezone: "Asia/Shanghai",
        updatedAt: now,
        updatedBy: "test",
      },
      null,
    );
    await happened.next((e) => e.kind === "config_missing" && e.tenant === "orphan");
    const pollsThen = polls.seen.length;
    await polls.next((n) => n >= pollsThen + 3);
    expect(happened.seen.filter((e) => e.kind === "config_missing")).toHaveLength(1);
    expect(running.running().has("orphan")).toBe(false);

    await apply("orphan", "rate(5 minutes)");
    await happened.next((e) => e.kind === "started" && e.tenant === "orphan");
    expect(running.running().get("orphan")?.configVersion).toBe("000001");
  });
});
