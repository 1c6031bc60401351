import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantConfig } from "../../functions/core/config.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { startDemoSite } from "../../functions/local/demo-site/demo-site.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { sendNotification } from "../../functions/notify/notify-senders.js";
import { runCycle } from "../../functions/stages/cycle.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { ListingRepository } from "../../functions/store/listing-repository.js";
import { RunRepository } from "../../functions/store/run-repository.js";
import { demoConfig } from "../support/demo-stack.js";
import { startRobotReceiver, wecomContent } from "./robot-receivers.js";

/** The demo marketplace's cycle, told to a WeCom group in digest mode: one message per cycle. */

let site: { url: string; close(): Promise<void> };
let db: EmbeddedDynamo;
let robot: Awaited<ReturnType<typeof startRobotReceiver>>;
let config: TenantConfig;
let repos: { alerts: AlertRepository; listings: ListingRepository; runs: RunRepository };
let clock = Date.parse("2026-03-02T01:30:00.000Z");

async function cycle() {
  const fetcher = createFetcher(config.network);
  try {
    return await runCycle({
      config,
      fetcher,
      ...repos,
      send: sendNotification,
      resolveSecret: () => undefined,
      now: () => new Date(clock),
    });
  } finally {
    await fetcher.close();
  }
}

beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  db = await startEmbeddedDynamo({ dataDir: null });
  robot = await startRobotReceiver("wecom", { clock: () => clock, enforceRateLimit: true });
  const doc = createDocumentClient({ endpoint: db.endpoint });
  repos = {
    alerts: new AlertRepository(doc, db.tableName),
    listings: new ListingRepository(doc, db.tableName),
    runs: new RunRepository(doc, db.tableName),
  };
  config = {
    ...demoConfig(site.url),
    dashboardUrl: "https://pricewarden.brand.example",
    notify: [
      { type: "wecom", id: "channel-team", url: robot.url, minSeverity: "low", mode: "digest", digestTop: 5 },
    ],
  };
});

afterAll(async () => {
  await robot?.close();
  await site?.close();
  await db?.close();
});

describe("digest mode", () => {
  it("a demo cycle sends exactly one WeCom message: counts, the top five, links to the dashboard", async () => {
    const { deliveries } = await cycle();
    const alerts = await repos.alerts.list(config.tenant);
    // The demo's planted violations (19 without its login-walled channel) used to be 19 messages.
    expect(alerts.length).toBeGreaterThan(5);
    expect(robot.calls).toHaveLength(1);
    expect(robot.calls[0]?.accepted).toBe(true);
    expect(deliveries).toEqual({ delivered: alerts.length, retrying: 0, failed: 0, held: 0 });
    const content = wecomContent(robot.calls[0]);
    expect(Buffer.byteLength(content, "utf8")).toBeLessThanOrEqual(4096);
    expect(content).toContain(`【Pricewarden】本轮 ${alerts.length} 条告警`);
    expect(content).toContain("**汇总时间**：2026-03-02 09:30 北京时间");
    // Counts by type add up to every alert.
    const byType = /\*\*按类型\*\*：(.+)/.exec(content)?.[1] ?? "";
    const counted = [...byType.matchAll(/(\d+) 条/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(counted).toBe(alerts.length);
    expect(content).toMatch(/\*\*按级别\*\*：高 \d+ 条/);
    expect(content).toContain(`最需关注的 5 条`);
    expect(content).toContain(`另有 ${alerts.length - 5} 条未列出`);
    const linked = [
      ...content.matchAll(/\(https:\/\/pricewarden\.brand\.example\/alerts\/([0-9a-f]{24})\)/g),
    ].map((m) => m[1]);
    expect(linked).toHaveLength(5);
    // The five listed are the most severe.
    const listed = alerts.filter((a) => linked.includes(a.id));
    const highs = alerts.filter((a) => a.severity === "high").length;
    expect(listed.filter((a) => a.severity === "high")).toHaveLength(Math.min(5, highs));
    expect(content).toContain("[在告警列表中查看](https://pricewarden.brand.example/alerts)");
    for (const alert of alerts) expect(alert.deliveries["channel-team"]?.state).toBe("delivered");
  });

  it("the next cycle finds nothing new and sends nothing", async () => {
    clock += 6 * 60 * 60_000;
    await cycle();
    expect(robot.calls).toHaveLength(1);
  });
});
