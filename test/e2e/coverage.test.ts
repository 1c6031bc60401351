import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ChannelCoverage } from "../../functions/core/coverage.js";
import { openLocalStore } from "../../functions/local/local-store.js";
import type { StoredAlert } from "../../functions/store/alert-repository.js";
import type { RunSummary } from "../../functions/store/run-repository.js";
import { productPage } from "../crawl/misbehaving-site.js";
import { type CliRun, runCliInProcess } from "../support/cli-in-process.js";
import { startWebhookReceiver } from "../support/webhook-receiver.js";

/**
 * Three channels that cannot be seen, through the real CLI (`run --once` in-process) and the
 * embedded store: one whose site refuses connections, one that answers every item with a login
 * stub, one that answers with JD's human check (HTTP 200, or a redirect to its risk handler).
 */

type Mode = "working" | "login" | "challenge";

/** ~5 KB, like JD's: a login form and its styles, no listing. */
const LOGIN_STUB = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>京东-欢迎登录</title><style>${".login-form .item{margin:0 0 12px;padding:0 8px;border:1px solid #ddd;height:38px;line-height:38px}".repeat(50)}</style></head><body><div class="login-wrap"><div class="login-tab">账户登录</div><form id="formlogin" method="post"><input id="loginname" name="loginname" placeholder="邮箱/用户名/登录手机"><input id="nloginpwd" type="password" name="nloginpwd"><a class="btn-login" href="javascript:;">登&nbsp;&nbsp;&nbsp;&nbsp;录</a></form></div></body></html>`;

const CHALLENGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>京东验证</title></head><body><div class="verify-wrap"><h2>安全验证</h2><p>为保障您的账户安全，请完成下方验证后继续访问</p><div class="JDJRV-slide-bg"><div class="JDJRV-slide-center">向右滑动完成拼图</div></div></div></body></html>`;

interface Shop {
  origin: string;
  mode: Mode;
  close(): Promise<void>;
}

/** A shop whose answers the test switches between a working catalogue and a wall. */
async function startShop(mode: Mode): Promise<Shop> {
  const shop = { origin: "", mode } as Shop;
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/robots.txt") return void res.writeHead(404).end();
    const item = /^\/item\/(\d+)\.html$/.exec(path);
    if (!item) return void res.writeHead(404, { "content-type": "text/html" }).end("<title>404</title>");
    const html = (body: string) =>
      void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
    switch (shop.mode) {
      case "working":
        return html(productPage(Number(item[1])));
      case "login":
        return html(LOGIN_STUB);
      case "challenge":
        if (item[1] === "3")
          return void res
            .writeHead(302, {
              location: `/privatedomain/risk_handler/03101900/?returnurl=${encodeURIComponent(`${shop.origin}${path}`)}&evtype=2`,
            })
            .end();
        return html(CHALLENGE);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  shop.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  shop.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return shop;
}

/** A port nothing listens on: bound, noted, closed. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let dir: string;
let dataDir: string;
let configFile: string;
let deadOrigin: string;
let loginShop: Shop;
let challengeShop: Shop;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const TENANT = "coverage-test";

const items = (origin: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${origin}/item/${i + 1}.html`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pricewarden-coverage-"));
  dataDir = join(dir, "data");
  deadOrigin = `http://127.0.0.1:${await refusedPort()}`;
  loginShop = await startShop("working");
  challengeShop = await startShop("working");
  receiver = await startWebhookReceiver({});
  const channel = (id: string, origin: string) => ({
    id,
    name: `${id} shop`,
    match: [`${origin}/`],
    extract: { title: ".sku-name", price: ".p-price .price" },
  });
  const config = {
    tenant: TENANT,
    channels: [
      channel("dead", deadOrigin),
      channel("login", loginShop.origin),
      channel("challenge", challengeShop.origin),
    ],
    products: [
      {
        sku: "GLU-50",
        name: "安可血糖试纸 50片",
        match: { keywords: [["安可", "血糖试纸"]] },
        minPrice: 159,
      },
    ],
    rules: { minPrice: {} },
    watch: [
      ...items(deadOrigin, 2).map((url) => ({ url, channel: "dead", sku: "GLU-50" })),
      ...items(loginShop.origin, 3).map((url) => ({ url, channel: "login", sku: "GLU-50" })),
      ...items(challengeShop.origin, 3).map((url) => ({ url, channel: "challenge", sku: "GLU-50" })),
    ],
    network: { allowPrivateAddresses: true, delayMs: 0, retries: 0, timeoutMs: 5_000 },
    notify: [{ type: "console" }, { type: "webhook", id: "managers", url: receiver.url }],
  };
  configFile = join(dir, "tenant.json");
  await writeFile(configFile, JSON.stringify(config));
});

afterAll(async () => {
  await loginShop?.close();
  await challengeShop?.close();
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** `pricewarden run --once --json` in this process: exit code, stdout, stderr. */
async function runOnce(): Promise<CliRun & { json: JsonLine }> {
  const run = await runCliInProcess([
    "run",
    "--config",
    configFile,
    "--once",
    "--json",
    "--lang",
    "en",
    "--data-dir",
    dataDir,
  ]);
  return { ...run, json: JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") };
}

interface JsonLine {
  pages: number;
  alertsNew: number;
  coverage: number | null;
  channels: Record<string, ChannelCoverage>;
}

async function stored(): Promise<{ alerts: StoredAlert[]; runs: RunSummary[] }> {
  const store = await openLocalStore(dataDir);
  try {
    return { alerts: await store.alerts.list(TENANT), runs: await store.runs.latest(TENANT, 10) };
  } finally {
    await store.close();
  }
}

const ofType = (alerts: StoredAlert[], type: string) => alerts.filter((a) => a.type === type);
const coverageCalls = () =>
  receiver.calls.filter((c) => (c.body as { alert: { type: string } }).alert.type === "coverage_drop");

describe("a cycle that cannot see says so", () => {
  let seeded: StoredAlert[] = [];

  it("first run: the working shops are seen and alert; the refused one is blind", async () => {
    const run = await runOnce();
    expect(run.code).toBe(4);
    expect(run.json.channels.login).toMatchObject({ targets: 3, priced: 3, coverage: 1, blind: false });
    expect(run.json.channels.challenge).toMatchObject({ targets: 3, priced: 3, coverage: 1, blind: false });
    expect(run.json.channels.dead).toMatchObject({
      targets: 2,
      priced: 0,
      errors: 2,
      coverage: 0,
      blind: true,
    });
    const { alerts } = await stored();
    seeded = ofType(alerts, "below_min_price");
    expect(seeded).toHaveLength(6);
    expect(seeded.every((a) => a.status === "open")).toBe(true);
    expect(ofType(alerts, "coverage_drop").map((a) => a.channel)).toEqual(["dead"]);
  });

  it("second run, the shops walled: counts, reasons and examples per channel, exit 4, one alert per channel", async () => {
    loginShop.mode = "login";
    challengeShop.mode = "challenge";
    const run = await runOnce();
    expect(run.code).toBe(4);

    const deadPort = new URL(deadOrigin).host;
    const want: Record<string, Partial<ChannelCoverage>> = {
      dead: {
        targets: 2,
        fetched: 0,
        priced: 0,
        errors: 2,
        coverage: 0,
        blind: true,
        topReasons: [
          {
            reason: `connection refused to ${deadPort}: is the demo marketplace running? (pricewarden demo-site)`,
            outcome: "refused",
            count: 2,
            exampleUrls: items(deadOrigin, 2),
          },
        ],
      },
      login: {
        targets: 3,
        fetched: 0,
        priced: 0,
        login_required: 3,
        blocked: 0,
        coverage: 0,
        blind: true,
        topReasons: [
          {
            reason: 'login page (title matched "登录")',
            outcome: "login_required",
            count: 3,
            exampleUrls: items(loginShop.origin, 2),
          },
        ],
      },
      challenge: {
        targets: 3,
        priced: 0,
        blocked: 3,
        login_required: 0,
        coverage: 0,
        blind: true,
        topReasons: [
          {
            reason: 'verification page (title matched "京东验证")',
            outcome: "blocked",
            count: 2,
            exampleUrls: items(challengeShop.origin, 2),
          },
          {
            reason: 'redirected to a verification page (url matched "/risk_handler")',
            outcome: "blocked",
            count: 1,
            exampleUrls: [`${challengeShop.origin}/item/3.html`],
          },
        ],
      },
    };
    const { alerts, runs } = await stored();
    const summary = runs[0]!;
    for (const [id, expected] of Object.entries(want)) {
      expect(run.json.channels[id], `--json ${id}`).toMatchObject(expected);
      expect(summary.channels?.[id], `summary ${id}`).toMatchObject(expected);
    }
    expect(run.json.coverage).toBe(0);
    expect(summary).toMatchObject({ coverage: 0, blind: true, pages: 8 });
    expect(summary.outcomes).toMatchObject({ refused: 2, login_required: 3, blocked: 3 });

    // The console: the table, and one line per blind channel.
    expect(run.stderr).toMatch(
      /^channel\s+targets\s+priced\s+blocked\s+login\s+rate-limited\s+no price\s+errors\s+gone\s+coverage\s+top reason$/m,
    );
    expect(run.stderr).toMatch(/^login\s+3\s+0\s+0\s+3\s+0\s+0\s+0\s+0\s+0%\s+3× login page/m);
    expect(run.stderr).toContain(
      `channel dead: could not see — connection refused to ${deadPort}: is the demo marketplace running? (pricewarden demo-site); 2 of 2 pages, e.g. ${deadOrigin}/item/1.html; 0 priced, coverage 0%`,
    );
    expect(run.stderr).toContain(
      `channel login: could not see — login page (title matched "登录"): the site shows a login page`,
    );
    expect(run.stderr).toContain(
      `channel challenge: could not see — verification page (title matched "京东验证"): the site answers with an anti-bot check`,
    );

    // One coverage_drop per blind channel, not one per page; the listing alerts stay open.
    const coverage = ofType(alerts, "coverage_drop");
    expect(coverage.map((a) => a.channel).sort()).toEqual(["challenge", "dead", "login"]);
    expect(coverage.every((a) => a.status === "open" && a.severity === "medium")).toBe(true);
    const login = coverage.find((a) => a.channel === "login")!;
    expect(login.explanation).toContain(
      "Coverage drop: login shop (login) priced 0 of 3 pages this run (coverage 0%, alert below 50%",
    );
    expect(login.inputs).toMatchObject({ targets: 3, priced: 0, login_required: 3 });
    const listingAlerts = ofType(alerts, "below_min_price");
    expect(listingAlerts.map((a) => [a.id, a.status]).sort()).toEqual(
      seeded.map((a) => [a.id, "open"]).sort(),
    );

    // The managers' webhook heard of each channel once, in the cycle that found it blind.
    const calls = coverageCalls();
    expect(calls.map((c) => (c.body as { alert: { channel: string } }).alert.channel).sort()).toEqual([
      "challenge",
      "dead",
      "login",
    ]);
  });

  it("third run, still walled: still one alert per channel, no new notification", async () => {
    const before = coverageCalls().length;
    const run = await runOnce();
    expect(run.code).toBe(4);
    expect(run.json.alertsNew).toBe(0);
    const { alerts } = await stored();
    const coverage = ofType(alerts, "coverage_drop");
    expect(coverage).toHaveLength(3);
    expect(Object.fromEntries(coverage.map((a) => [a.channel, a.occurrences]))).toEqual({
      dead: 3,
      login: 2,
      challenge: 2,
    });
    expect(coverageCalls()).toHaveLength(before);
    expect(ofType(alerts, "below_min_price").every((a) => a.status === "open")).toBe(true);
  });

  it("the shops back: their coverage alerts resolve, the refused channel's stays", async () => {
    loginShop.mode = "working";
    challengeShop.mode = "working";
    const run = await runOnce();
    expect(run.code).toBe(4);
    expect(run.stderr).not.toContain("channel login: could not see");
    const { alerts } = await stored();
    const status = Object.fromEntries(ofType(alerts, "coverage_drop").map((a) => [a.channel, a.status]));
    expect(status).toEqual({ dead: "open", login: "resolved", challenge: "resolved" });
    const resolved = ofType(alerts, "coverage_drop").find((a) => a.channel === "login")!;
    expect(resolved.history.at(-1)).toMatchObject({
      status: "resolved",
      by: "pricewarden",
      note: "coverage back to 100% (3 of 3 pages priced)",
    });
  });
});
