import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantRecord, TenantSchedules } from "../../functions/core/tenant-registration.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import {
  applyTenant,
  listTenants,
  pauseTenant,
  resumeTenant,
  type TenantAdminDeps,
} from "../../functions/stages/tenant-admin.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { TenantRepository } from "../../functions/store/tenant-repository.js";
import { testConfig } from "../handlers/support.js";

/** Our own TenantSchedules port, recording what it was asked to put in line. */
class RecordingSchedules implements TenantSchedules {
  readonly synced: TenantRecord[] = [];
  async sync(record: TenantRecord): Promise<void> {
    this.synced.push(record);
  }
}

let db: EmbeddedDynamo;
let configs: ConfigRepository;
let tenants: TenantRepository;
let schedules: RecordingSchedules;
let clock: number;

function deps(by = "ops"): TenantAdminDeps {
  return { configs, tenants, schedules, now: () => new Date(clock), by };
}
const tick = () => {
  clock += 60_000;
};
const ORIGIN = "http://127.0.0.1:9";

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  const doc = createDocumentClient({ endpoint: db.endpoint });
  configs = new ConfigRepository(doc, db.tableName);
  tenants = new TenantRepository(doc, db.tableName);
  schedules = new RecordingSchedules();
  clock = Date.parse("2026-12-07T01:00:00.000Z");
});
afterAll(async () => {
  await db.close();
});

describe("tenant administration", () => {
  it("applying a new tenant's config registers it active on version 000001 and syncs its schedules", async () => {
    const config = testConfig("acme", ORIGIN, { schedule: "rate(1 hour)", timezone: "Asia/Shanghai" });
    const result = await applyTenant(deps(), config);
    const expected: TenantRecord = {
      tenant: "acme",
      state: "active",
      configVersion: "000001",
      schedule: "rate(1 hour)",
      timezone: "Asia/Shanghai",
      updatedAt: "2026-12-07T01:00:00.000Z",
      updatedBy: "ops",
    };
    expect(result).toEqual({ record: expected, configResult: "published", version: "000001" });
    expect(await tenants.get("acme")).toEqual(expected);
    expect(schedules.synced.at(-1)).toEqual(expected);
    expect((await configs.latest("acme"))?.config).toEqual(config);
  });

  it("applying the same config again stores no new version and leaves the record as it was", async () => {
    tick();
    const before = await tenants.get("acme");
    const syncs = schedules.synced.length;
    const result = await applyTenant(
      deps("someone-else"),
      testConfig("acme", ORIGIN, { schedule: "rate(1 hour)" }),
    );
    expect(result.configResult).toBe("unchanged");
    expect(result.version).toBe("000001");
    expect(result.record).toEqual(before);
    expect(await tenants.get("acme")).toEqual(before);
    // Synced anyway: this is how a re-run repairs schedules a crash left behind the record.
    expect(schedules.synced.length).toBe(syncs + 1);
  });

  it("applying a changed schedule stores a new version and points the record at it", async () => {
    tick();
    const result = await applyTenant(deps(), testConfig("acme", ORIGIN, { schedule: "cron(0 9 * * ? *)" }));
    expect(result.configResult).toBe("published");
    expect(result.version).toBe("000002");
    expect(await tenants.get("acme")).toMatchObject({
      state: "active",
      configVersion: "000002",
      schedule: "cron(0 9 * * ? *)",
      updatedAt: new Date(clock).toISOString(),
    });
    expect(schedules.synced.at(-1)?.configVersion).toBe("000002");
  });

  it("a paused tenant stays paused when a new config is applied; resume runs it again", async () => {
    tick();
    const paused = await pauseTenant(deps("legal"), "acme");
    expect(paused.changed).toBe(true);
    expect(paused.record).toMatchObject({ state: "paused", updatedBy: "legal", configVersion: "000002" });
    expect(schedules.synced.at(-1)?.state).toBe("paused");
    expect((await pauseTenant(deps(), "acme")).changed).toBe(false);

    tick();
    const applied = await applyTenant(deps(), testConfig("acme", ORIGIN, { schedule: "rate(2 hours)" }));
    expect(applied.record).toMatchObject({
      state: "paused",
      configVersion: "000003",
      schedule: "rate(2 hours)",
    });

    tick();
    const resumed = await resumeTenant(deps(), "acme");
    expect(resumed).toMatchObject({ changed: true, record: { state: "active", configVersion: "000003" } });
    expect(schedules.synced.at(-1)).toEqual(resumed.record);
  });

  it("pausing or resuming a tenant that was never applied is TENANT_UNKNOWN and writes nothing", async () => {
    const syncs = schedules.synced.length;
    await expect(pauseTenant(deps(), "nobody")).rejects.toMatchObject({ code: "TENANT_UNKNOWN" });
    await expect(resumeTenant(deps(), "nobody")).rejects.toMatchObject({ code: "TENANT_UNKNOWN" });
    expect(await tenants.get("nobody")).toBeNull();
    expect(schedules.synced.length).toBe(syncs);
  });

  it("never moves a record back to an older version when applies race", async () => {
    tick();
    const older = testConfig("race", ORIGIN, { schedule: "rate(1 hour)" });
    const newer = testConfig("race", ORIGIN, { schedule: "rate(3 hours)" });
    // A slow apply stored 000001 and has not written the record yet…
    const slowPublish = await configs.publish(older, new Date(clock));
    expect(slowPublish).toEqual({ kind: "published", version: "000001" });
    // …when a later apply stores 000002 and registers it.
    await applyTenant(deps(), newer);
    tick();
    const late = await applyTenant({ ...deps(), configs: { publish: async () => slowPublish } }, older);
    expect(late.version).toBe("000001");
    expect(late.record).toMatchObject({ configVersion: "000002", schedule: "rate(3 hours)" });
    expect((await listTenants(deps())).map((r) => [r.tenant, r.configVersion])).toEqual([
      ["acme", "000003"],
      ["race", "000002"],
    ]);
  });
});
