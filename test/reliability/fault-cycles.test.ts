import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOperational } from "../../functions/core/alert.js";
import { canonicalUrl } from "../../functions/core/canonical-url.js";
import type { TenantConfig } from "../../functions/core/config.js";
import { startDemoSite } from "../../functions/local/demo-site/demo-site.js";
import { DEMO_TRUTH } from "../../functions/local/demo-site/truth.js";
import { runLocalCycle } from "../../functions/local/local-cycle.js";
import { type LocalStore, openLocalStore } from "../../functions/local/local-store.js";
import { demoConfig } from "../support/demo-stack.js";
import { FAULTS, type FaultProxy, startFaultProxy } from "./fault-proxy.js";

/**
 * Whole cycles against a marketplace that misbehaves: between two clean cycles, three cycles
 * where a third of the requests meet a fault. Faults may hide listings for a cycle and raise the
 * operator's alerts (blocked, coverage drop), but never a false violation alert, and never count
 * as the clean check that would resolve a real one.
 */
describe.each([11, 29])("full cycles through a fault-injecting marketplace (seed %i)", (seed) => {
  let site: { url: string; close(): Promise<void> };
  let proxy: FaultProxy;
  let store: LocalStore;
  let dataDir: string;
  let config: TenantConfig;
  let truth: Set<string>;

  const cycle = () => runLocalCycle(config, store, () => {}, dataDir);
  const activeAlerts = async () =>
    new Set(
      (await store.alerts.list(config.tenant))
        .filter((a) => !isOperational(a.type) && (a.status === "open" || a.status === "acknowledged"))
        .map((a) => `${a.url} ${a.type}`),
    );
  // Blocked pages and coverage drops are the operator's alerts, and faults rightly raise them.
  const everyViolation = async () =>
    new Set(
      (await store.alerts.list(config.tenant))
        .filter((a) => !isOperational(a.type))
        .map((a) => `${a.url} ${a.type}`),
    );

  beforeAll(async () => {
    site = await startDemoSite({ port: 0 });
    proxy = await startFaultProxy(site.url, seed);
    dataDir = mkdtempSync(join(tmpdir(), "pricewarden-faults-"));
    store = await openLocalStore(dataDir);
    const demo = demoConfig(proxy.url);
    // A dripping body must end as a timeout of the product, not of the test.
    config = { ...demo, network: { ...demo.network, timeoutMs: 3000, retries: 2 } };
    truth = new Set<string>();
    for (const t of DEMO_TRUTH) {
      const url = canonicalUrl(new URL(t.path, proxy.url).toString());
      for (const type of t.expected) truth.add(`${url} ${type}`);
    }
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await proxy?.close();
    await site?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("a clean cycle finds exactly the planted violations", async () => {
    proxy.setFaultRate(0);
    await cycle();
    expect([...(await activeAlerts())].sort()).toEqual([...truth].sort());
  }, 300_000);

  it("cycles under faults raise no false alert and resolve no real one", async () => {
    proxy.setFaultRate(0.35);
    for (let round = 0; round < 3; round++) {
      const { summary } = await cycle();
      expect(summary.errors + summary.pages).toBeGreaterThan(0);
      const all = await everyViolation();
      const stray = [...all].filter((key) => !truth.has(key));
      expect(stray, `round ${round}: alerts the marketplace never deserved`).toEqual([]);
      expect([...(await activeAlerts())].sort(), `round ${round}: a fault counted as a clean check`).toEqual(
        [...truth].sort(),
      );
    }
    const injected = proxy.injected();
    for (const fault of FAULTS) expect(injected[fault], fault).toBeGreaterThan(0);
  }, 600_000);

  it("the next clean cycle still holds exactly the planted violations", async () => {
    proxy.setFaultRate(0);
    await cycle();
    expect([...(await activeAlerts())].sort()).toEqual([...truth].sort());
  }, 300_000);
});
