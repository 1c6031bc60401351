import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeHTML } from "entities";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../functions/api/api-app.js";
import type { Caller } from "../../functions/api/caller.js";
import { type ApiServer, startApiServer } from "../../functions/api/local-server.js";
import { isOperational } from "../../functions/core/alert.js";
import { alertIdOf } from "../../functions/core/alert-identity.js";
import type { TenantConfig } from "../../functions/core/config.js";
import { coverageFinding } from "../../functions/core/coverage.js";
import type { DetectInput } from "../../functions/core/detect/detect-input.js";
import { effectivePrice } from "../../functions/core/detect/effective-price.js";
import { operationalFinding } from "../../functions/core/detect/operational-finding.js";
import { listingCompliance } from "../../functions/core/detect/rules/listing-compliance.js";
import { priceDrop } from "../../functions/core/detect/rules/price-drop.js";
import { draftNotice } from "../../functions/core/notice.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { exportEvidence } from "../../functions/evidence/evidence-export.js";
import { createEvidenceRecorder } from "../../functions/evidence/evidence-recorder.js";
import { loadOrCreateLocalSigner } from "../../functions/evidence/local-evidence-signer.js";
import { startDemoSite } from "../../functions/local/demo-site/demo-site.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { alertEmail } from "../../functions/notify/alert-email.js";
import { dingtalkSender } from "../../functions/notify/dingtalk-sender.js";
import { feishuSender } from "../../functions/notify/feishu-sender.js";
import type { OutgoingMessage } from "../../functions/notify/notify-sender.js";
import { slackSender } from "../../functions/notify/slack-sender.js";
import { webhookSender } from "../../functions/notify/webhook-sender.js";
import { wecomSender } from "../../functions/notify/wecom-sender.js";
import { runCycle } from "../../functions/stages/cycle.js";
import { AlertRepository, type StoredAlert } from "../../functions/store/alert-repository.js";
import { LocalBlobStore } from "../../functions/store/blob-store.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { EvidenceRepository } from "../../functions/store/evidence-repository.js";
import { ListingRepository } from "../../functions/store/listing-repository.js";
import { RunRepository } from "../../functions/store/run-repository.js";
import { headerAuthenticator } from "../api/api-test-stack.js";
import { startRobotReceiver } from "../notify/robot-receivers.js";
import { demoConfig } from "../support/demo-stack.js";
import { startWebhookReceiver } from "../support/webhook-receiver.js";

/**
 * A Chinese tenant's user meets no English: every dashboard page (brand and distributor), every
 * notification body, the CSV/XLSX export, the drafted notice and the evidence README and PDF
 * summary, rendered in zh-CN from a real cycle over the demo marketplace, must hold no
 * Latin-letter word outside the allow-list below. Markup, attributes, URLs and e-mail addresses
 * are stripped first; the tenant's own names and strangers' words (shop names, titles) are theirs.
 */

/** Names, codes and abbreviations a Chinese reader meets as they are. */
const ALLOWED = new Set([
  // Our name and the tools the evidence README names.
  "Pricewarden",
  "PRICEWARDEN",
  "Excel",
  "Chromium",
  "OpenSSL",
  "openssl",
  "coreutils",
  // Abbreviations written as such in Chinese.
  "SKU",
  "ID",
  "URL",
  "HAR",
  "HTTP",
  "HTML",
  "JSON",
  "CSV",
  "XLSX",
  "PDF",
  "SHA",
  "UTC",
  "UTF",
  "Ed",
  "GTIN",
  "DER",
  "LD",
  // The language switch names the other language in that language (as 中文 on English pages).
  "English",
  // Currency codes and units.
  "CNY",
  "USD",
  "EUR",
  "mg",
  "ml",
  "mL",
  "g",
  "kg",
  "cm",
  "mm",
  "KB",
  "MB",
  "GB",
]);

/** Literal program output the README tells the reader to compare with (OpenSSL's own words). */
const QUOTED_OUTPUT = ['"Signature Verified Successfully"', '"SHA256"'];

interface Surface {
  where: string;
  text: string;
}

function htmlText(html: string): string {
  return decodeHTML(
    html
      .replace(/<style[\s\S]*?<\/style>/gi, " ")
      .replace(/<script[\s\S]*?<\/script>/gi, " ")
      .replace(/<svg[\s\S]*?<\/svg>/gi, " ")
      // The name of an address parameter a problem is about is written as the user typed it.
      .replace(/<li><code>[^<]*<\/code>/g, "<li>")
      .replace(/<[^>]+>/g, " "),
  );
}

/**
 * Latin words not allowed, with where they stand. A token holding a digit is an identifier (SKU
 * code, id, hash, "SHA-256"); one with a dot or slash inside is a file name or a path; the rest
 * must be allowed words, the tenant's own or a stranger's.
 */
function offenders(surface: Surface, own: Set<string>, ids: Set<string>): string[] {
  let text = surface.text
    // A command line to type is not a sentence: `pricewarden evidence export ID --out x.zip`.
    .replace(/^\s*(pricewarden|openssl|sha256sum|-in) [^\n]*$/gm, " ")
    .replace(/pricewarden [a-z]+ [a-z]+ [^\s。]+( --[a-z]+ [^\s。]+)*/g, " ")
    .replace(/https?:\/\/[^\s"'<>)）]+/g, " ")
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ");
  for (const q of QUOTED_OUTPUT) text = text.replaceAll(q, " ");
  // A key fingerprint in groups of four hex digits ("SHA256 21BF 027D …") is an identifier.
  text = text.replace(/SHA256((\s+[0-9A-F]{4})+)/g, " ");
  const found: string[] = [];
  for (const token of text.split(
    /[\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef，。：；、（）【】「」《》“”‘’·–—…→−×]+/,
  )) {
    const t = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (!/[A-Za-z]/.test(t)) continue;
    if (/\d/.test(t) || ids.has(t)) continue;
    if (/[A-Za-z][./][A-Za-z*]/.test(t)) continue;
    for (const word of t.match(/[A-Za-z]+/g) ?? []) {
      if (ALLOWED.has(word) || own.has(word)) continue;
      const at = surface.text.indexOf(word);
      found.push(
        `${surface.where}: "${word}" in …${surface.text.slice(Math.max(0, at - 40), at + 40).replace(/\s+/g, " ")}…`,
      );
    }
  }
  return found;
}

let site: { url: string; close(): Promise<void> };
let db: EmbeddedDynamo;
let server: ApiServer;
let config: TenantConfig;
let alerts: StoredAlert[];
let dataDir: string;
let own: Set<string>;
/** Identifiers shown as such: distributor ids, the tenant's id, SKUs, the signed-in user's name. */
let ids: Set<string>;
let exported: { readme: string; summary: string } | null = null;
let brand: Caller;
let distributor: Extract<Caller, { role: "distributor" }> | null = null;

function latinWordsOf(values: readonly (string | null | undefined)[]): string[] {
  return values.flatMap((v) => v?.match(/[A-Za-z]+/g) ?? []);
}

beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  db = await startEmbeddedDynamo({ dataDir: null });
  dataDir = await mkdtemp(join(tmpdir(), "pw-zh-"));
  const doc = createDocumentClient({ endpoint: db.endpoint });
  const repos = {
    alerts: new AlertRepository(doc, db.tableName),
    listings: new ListingRepository(doc, db.tableName),
    runs: new RunRepository(doc, db.tableName),
    evidence: new EvidenceRepository(doc, db.tableName),
  };
  config = demoConfig(site.url);
  const blobs = new LocalBlobStore(join(dataDir, "evidence"));
  const signer = await loadOrCreateLocalSigner(dataDir);
  const fetcher = createFetcher(config.network);
  try {
    await runCycle({
      config,
      fetcher,
      alerts: repos.alerts,
      listings: repos.listings,
      runs: repos.runs,
      send: async () => ({ ok: true, status: 200 }),
      resolveSecret: () => undefined,
      evidence: createEvidenceRecorder({ evidence: repos.evidence, blobs, signer }),
    });
  } finally {
    await fetcher.close();
  }
  await recordOtherTypes(repos.alerts);
  alerts = await repos.alerts.list(config.tenant);
  const listings = [
    ...(await Promise.all(config.products.map((p) => repos.listings.listBySku(config.tenant, p.sku)))).flat(),
    ...(await repos.listings.listForReview(config.tenant)),
  ];
  // The tenant's own names, and what strangers wrote on the pages, are shown as written.
  own = new Set([
    ...latinWordsOf(config.channels.map((c) => c.name)),
    ...latinWordsOf(config.products.map((p) => p.name)),
    ...latinWordsOf(config.distributors.map((d) => d.name)),
    ...latinWordsOf([config.notices?.sender, config.tenant]),
    ...latinWordsOf(listings.flatMap((l) => [l.title, l.seller])),
    ...latinWordsOf(alerts.flatMap((a) => [a.seller, ...(a.facts?.listing.titlePromotionClaims ?? [])])),
  ]);

  // The first alert with a signed capture (the recorder captures each alert's page once).
  for (const candidate of alerts) {
    if ((await repos.evidence.list(config.tenant, candidate.id)).length === 0) continue;
    let summary = "";
    const result = await exportEvidence(
      {
        ...repos,
        blobs,
        signer,
        // The PDF is printed from this HTML (Chromium with Noto Sans SC, see evidence-cycle.test.ts).
        pdf: {
          render: async (html) => {
            summary = html;
            return new Uint8Array([37, 80, 68, 70]);
          },
          close: async () => undefined,
        },
      },
      {
        tenant: config.tenant,
        alertId: candidate.id,
        reading: { locale: "zh-CN", timeZone: config.timezone },
      },
    );
    if (result.kind !== "ok") throw new Error(`export failed: ${JSON.stringify(result)}`);
    const { unzipSync } = await import("fflate");
    const files = unzipSync(result.zip);
    exported = { readme: Buffer.from(files["README.txt"] ?? []).toString("utf8"), summary };
    break;
  }

  brand = { tenant: config.tenant, role: "brand", name: "li.na" };
  ids = new Set([
    config.tenant,
    ...config.distributors.map((d) => d.id),
    ...config.products.map((p) => p.sku),
    "li.na",
    "ops",
  ]);
  const withDistributor = alerts.find((a) => a.distributorId !== null);
  if (withDistributor?.distributorId)
    distributor = {
      tenant: config.tenant,
      role: "distributor",
      distributorId: withDistributor.distributorId,
      name: "ops",
    };
  server = await startApiServer({
    app: createApiApp({
      ...repos,
      configs: (tenant) => (tenant === config.tenant ? config : null),
      now: () => new Date("2026-12-06T21:57:00.000Z"),
      authenticate: headerAuthenticator,
    }),
    port: 0,
    host: "127.0.0.1",
  });
}, 120_000);

/**
 * The alert types the demo marketplace does not plant, recorded as their producers make them:
 * listing compliance and a price drop by the rules themselves, crawl alerts as the stages write them.
 */
async function recordOtherTypes(repo: AlertRepository): Promise<void> {
  const product = config.products[0];
  const channel = config.channels[0];
  if (!product || !channel) throw new Error("the demo config has no product or channel");
  const ruled = {
    ...config,
    rules: { ...config.rules, listingCompliance: {}, priceDrop: { percent: 20, window: "7d" } },
    products: config.products.map((p) => (p.sku === product.sku ? { ...p, category: "device" as const } : p)),
  } as TenantConfig;
  const eff = effectivePrice({
    listedMinor: 9900,
    promotions: ["满99减10", "第二件半价"],
    packs: 1,
    unitsPerPack: 50,
  });
  const input: DetectInput = {
    config: ruled,
    channel,
    listingId: "zh-extra-1",
    listing: {
      url: `${site.url}/jd/item/zh-extra-1.html`,
      title: `${product.name} 50片`,
      price: "99.00",
      priceRange: null,
      listPrice: null,
      currency: "CNY",
      promotions: ["满99减10", "第二件半价"],
      seller: "康泰医疗器械专营店",
      sellerId: "88001",
      shipFrom: "广东广州",
      availability: "InStock",
      packSize: 50,
      identifiers: [],
      pageText: `${product.name} 50片 适用于家用血糖监测`,
      sources: {},
    },
    match: {
      product: ruled.products[0] ?? product,
      confidence: 0.9,
      matchedBy: "keywords",
      evidence: ["keywords 安可 + 血糖试纸 in the title", "50 units per pack as configured"],
      packs: 1,
      unitsPerPack: 50,
    },
    seller: { kind: "unknown", distributorId: null, matchedBy: "none", note: "" },
    price: { ...eff, steps: eff.steps },
    currency: "CNY",
    history: [15900, 15900, 16900].map((perPackMinor, i) => ({
      at: `2026-12-0${i + 1}T00:00:00Z`,
      perPackMinor,
    })),
    market: null,
    now: "2026-12-06T21:00:00.000Z",
  };
  const findings = [
    ...listingCompliance(input),
    ...[priceDrop(input)].flatMap((f) => (f ? [f] : [])),
    coverageFinding(
      config,
      channel.id,
      {
        targets: 12,
        fetched: 3,
        priced: 2,
        blocked: 9,
        login_required: 0,
        rate_limited: 0,
        no_price: 1,
        errors: 0,
        gone: 0,
        listings: 2,
        coverage: 2 / 12,
        blind: true,
        topReasons: [
          { reason: "HTTP 403", outcome: "blocked", count: 9, exampleUrls: [`${site.url}/jd/item/1.html`] },
        ],
        diagnosis: null,
      },
      0.5,
    ),
    operationalFinding({
      type: "blocked",
      severity: "low",
      listingId: "zh-extra-blocked",
      url: `${site.url}/jd/item/2.html`,
      channel: channel.id,
      currency: "CNY",
      explanation: `Blocked: ${channel.name} refused the last 3 checks (HTTP 403); no price was read from it.`,
      inputs: { reason: "HTTP 403", consecutiveFailures: 3 },
    }),
    operationalFinding({
      type: "session_expired",
      severity: "medium",
      listingId: "session:jd:s1",
      url: "session:jd:s1",
      channel: channel.id,
      currency: "CNY",
      explanation: "Session expired: the browser session no longer signs in.",
      inputs: { session: "京东采购账号", sessionId: "s1", reason: "login page" },
    }),
  ];
  expect(findings.map((f) => f.type).sort()).toEqual([
    "blocked",
    "coverage_drop",
    "listing_compliance",
    "price_drop",
    "session_expired",
  ]);
  for (const finding of findings)
    await repo.record(finding, {
      tenant: config.tenant,
      alertId: alertIdOf(config.tenant, finding.type, finding.listingId, finding.sku),
      runId: "zh-extra",
      now: "2026-12-06T21:00:00.000Z",
      targets: [],
    });
}

afterAll(async () => {
  await server?.close();
  await site?.close();
  await db?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A signed-in user with no language cookie and no language preference: the tenant's default. */
function headersOf(caller: Caller): Record<string, string> {
  return { authorization: `Bearer ${Buffer.from(JSON.stringify(caller)).toString("base64url")}` };
}

async function page(caller: Caller, path: string, init: RequestInit = {}): Promise<Surface> {
  const res = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { ...headersOf(caller), ...(init.headers as Record<string, string> | undefined) },
    redirect: "follow",
  });
  const body = await res.text();
  return { where: `${caller.role} ${init.method ?? "GET"} ${path} (${res.status})`, text: htmlText(body) };
}

function expectNoEnglish(surfaces: readonly Surface[]): void {
  const found = surfaces.flatMap((s) => offenders(s, own, ids));
  expect(found, `English words a Chinese reader would meet:\n${found.join("\n")}`).toEqual([]);
}

describe("a CN tenant's user reads Chinese throughout", () => {
  it("has realistic data: alerts of several types, one of them with signed evidence", () => {
    // Every alert type but extraction_failed, which no stage raises.
    expect(new Set(alerts.map((a) => a.type)).size).toBe(9);
    expect(alerts.filter((a) => !isOperational(a.type) && a.facts === undefined)).toEqual([]);
    expect(exported).not.toBeNull();
  });

  it("the dashboard's pages for the brand, with the tenant's language as the default", async () => {
    const home = await page(brand, "/");
    expect(home.text).toContain("告警");
    const skus = config.products.map((p) => p.sku);
    const surfaces = [
      home,
      await page(brand, "/alerts"),
      await page(brand, "/alerts?status=all"),
      await page(brand, "/alerts?status=resolved"),
      await page(brand, "/sellers"),
      await page(brand, "/history"),
      await page(brand, `/history?sku=${encodeURIComponent(skus[0] ?? "")}`),
      await page(brand, "/review"),
      await page(brand, "/check"),
      await page(brand, "/imports"),
      // Problems with an address are told in Chinese too.
      await page(brand, "/?type=bogus&zzz=1"),
      await page(brand, "/sellers?limit=abc"),
      await page(brand, "/history?sku=GLU-50&limit=-1"),
    ];
    expect(surfaces.slice(-2).map((s) => s.where)).toEqual([
      "brand GET /sellers?limit=abc (400)",
      "brand GET /history?sku=GLU-50&limit=-1 (400)",
    ]);
    expectNoEnglish(surfaces);
  });

  it("the alert page and its notice draft, for every alert type", async () => {
    const byType = new Map<string, StoredAlert>();
    for (const a of alerts)
      if (!byType.has(`${a.type}:${a.monitoringOnly}`)) byType.set(`${a.type}:${a.monitoringOnly}`, a);
    const surfaces: Surface[] = [];
    for (const a of byType.values()) {
      surfaces.push(await page(brand, `/alerts/${a.id}`));
      surfaces.push(await page(brand, `/alerts/${a.id}/notice`));
    }
    expectNoEnglish(surfaces);
  });

  it("the pre-check's answer", async () => {
    const product = config.products[0];
    const channel = config.channels[0];
    const form = new URLSearchParams({
      sku: product?.sku ?? "",
      channel: channel?.id ?? "",
      // Three packs and a promotion that applies: the price working has every kind of step.
      price: "429",
      seller: "某某大药房",
      sellerId: "",
      shipFrom: "广东广州",
      title: `${product?.name ?? ""} 50片*3盒`,
      promotions: "满400减20",
    });
    const answer = await page(brand, "/check", {
      method: "POST",
      body: form.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
    });
    expect(answer.text).toContain("3 盒装");
    expectNoEnglish([answer]);
  });

  it("the distributor's pages", async () => {
    const dist = distributor;
    if (!dist) throw new Error("the demo has no distributor alert");
    const own = alerts.filter((a) => a.distributorId === dist.distributorId);
    const surfaces = [
      await page(dist, "/"),
      await page(dist, "/alerts?status=all"),
      await page(dist, "/sellers"),
      await page(dist, "/history"),
      await page(dist, "/check"),
      ...(await Promise.all(own.slice(0, 3).map((a) => page(dist, `/alerts/${a.id}`)))),
    ];
    expectNoEnglish(surfaces);
  });

  it("the CSV and XLSX exports, read back", async () => {
    const csv = await fetch(`${server.url}/export/alerts.csv?status=all`, { headers: headersOf(brand) });
    const xlsx = await fetch(`${server.url}/export/alerts.xlsx?status=all`, { headers: headersOf(brand) });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const cells: string[] = [];
    for (const sheet of book.worksheets) {
      cells.push(sheet.name);
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          if (cell.value instanceof Date) return;
          cells.push(cell.text);
        });
      });
    }
    expectNoEnglish([
      { where: "alerts.csv", text: await csv.text() },
      { where: "alerts.xlsx", text: cells.join("\n") },
    ]);
  });

  it("every notification body: WeCom, DingTalk, Feishu, Slack, e-mail and webhook", async () => {
    const items = alerts.slice(0, 3).map((alert, i) => ({
      alert,
      event: "opened" as const,
      deliveryId: `d${String(i).padStart(23, "0")}`,
      alertPageUrl: `http://127.0.0.1:8080/alerts/${alert.id}`,
    }));
    const message = (kind: "listing" | "digest"): OutgoingMessage => ({
      kind,
      items: kind === "listing" ? items.slice(0, 1) : items,
      deliveryId: "d0d1d2d3d4d5d6d7d8d9dadb",
      channelNames: Object.fromEntries(config.channels.map((c) => [c.id, c.name])),
      locale: "zh-CN",
      timeZone: config.timezone,
      dashboardUrl: "http://127.0.0.1:8080",
      digestTop: 10,
      composedAt: "2026-12-06T21:57:00.000Z",
    });
    const ctx = { resolveSecret: () => undefined, timeoutMs: 5000, network: { allowPrivate: true } };
    const surfaces: Surface[] = [];
    for (const kind of ["listing", "digest"] as const) {
      const wecom = await startRobotReceiver("wecom");
      const dingtalk = await startRobotReceiver("dingtalk");
      const feishu = await startRobotReceiver("feishu");
      const slack = await startRobotReceiver("slack");
      const hook = await startWebhookReceiver({});
      try {
        await wecomSender.send(
          { type: "wecom", url: wecom.url, minSeverity: "low" } as never,
          message(kind),
          ctx,
        );
        await dingtalkSender.send(
          { type: "dingtalk", url: dingtalk.url, minSeverity: "low" } as never,
          message(kind),
          ctx,
        );
        await feishuSender.send(
          { type: "feishu", url: feishu.url, minSeverity: "low" } as never,
          message(kind),
          ctx,
        );
        await slackSender.send(
          { type: "slack", url: slack.url, minSeverity: "low" } as never,
          message(kind),
          ctx,
        );
        if (kind === "listing")
          await webhookSender.send(
            { type: "webhook", url: hook.url, minSeverity: "low" } as never,
            message(kind),
            ctx,
          );
        for (const [name, r] of [
          ["WeCom", wecom],
          ["DingTalk", dingtalk],
          ["Feishu", feishu],
          ["Slack", slack],
        ] as const)
          surfaces.push({ where: `${name} ${kind}`, text: textFields(r.calls[0]?.json) });
        if (kind === "listing")
          surfaces.push({ where: "webhook", text: webhookTextFields(hook.calls[0]?.body) });
      } finally {
        for (const r of [wecom, dingtalk, feishu, slack, hook]) await r.close();
      }
      const email = alertEmail(message(kind));
      surfaces.push({ where: `e-mail ${kind} subject`, text: email.subject });
      surfaces.push({ where: `e-mail ${kind} text`, text: email.text });
      surfaces.push({ where: `e-mail ${kind} html`, text: htmlText(email.html) });
    }
    expect(surfaces.filter((s) => s.text.length === 0).map((s) => s.where)).toEqual([]);
    expectNoEnglish(surfaces);
  });

  it("the drafted notice for every alert that carries one", () => {
    const drafts = alerts
      .map((a) => ({ a, draft: draftNotice(a, config, null, new Date("2026-12-06T21:57:00.000Z")) }))
      .flatMap(({ a, draft }) =>
        draft.kind === "draft"
          ? [{ where: `notice ${a.type} ${a.id}`, text: `${draft.subject}\n${draft.text}` }]
          : [{ where: `notice refusal ${a.type}`, text: draft.reason }],
      );
    expect(drafts.some((d) => d.text.includes("2026年12月7日"))).toBe(true);
    expectNoEnglish(drafts);
  });

  it("the evidence bundle's README and PDF summary", () => {
    if (!exported) throw new Error("no evidence was exported");
    expect(exported.readme).toContain("取证包");
    expect(exported.summary).toContain('lang="zh-CN"');
    expectNoEnglish([
      { where: "evidence README.txt", text: exported.readme },
      { where: "evidence summary.pdf", text: htmlText(exported.summary) },
    ]);
  });
});

/** The words a person reads in a robot's JSON: every string value except links and ids. */
function textFields(json: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === "string") {
      if (
        !/^(msgtype|msg_type|tag|type|url|href|sign|timestamp|image_key|action_url|mrkdwn|template|color)$/i.test(
          key,
        )
      )
        out.push(v);
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(json, "");
  return out.join("\n").replace(/<[^>]+>/g, " ");
}

/** A webhook's JSON is for programs (codes stay codes); `alert.text` is the alert in words. */
function webhookTextFields(json: unknown): string {
  const text = (json as { alert?: { text?: Record<string, string> } } | undefined)?.alert?.text ?? {};
  return Object.entries(text)
    .filter(([key]) => key !== "locale")
    .map(([, value]) => value)
    .join("\n");
}
