import type { LambdaContext } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../functions/api/api-app.js";
import { jwtClaimsAuthenticator } from "../../functions/api/jwt-claims-auth.js";
import { createApiHandler } from "../../functions/api/lambda-adapter.js";
import { DISTRIBUTOR_PREVIEW_HEADER, localAuthenticator } from "../../functions/api/local-auth.js";
import { type ApiServer, startApiServer } from "../../functions/api/local-server.js";
import { type ApiTestStack, httpApiEvent, startApiTestStack, TENANT_A } from "./api-test-stack.js";

let stack: ApiTestStack;
let local: ApiServer;

beforeAll(async () => {
  stack = await startApiTestStack();
  const config = stack.configs[TENANT_A];
  if (!config) throw new Error("no config");
  local = await startApiServer({
    app: createApiApp({ ...stack.deps, authenticate: localAuthenticator(config) }),
    port: 0,
    host: "127.0.0.1",
  });
});
afterAll(async () => {
  await local?.close();
  await stack?.close();
});

type Row = { id: string; distributorId: string | null };

describe("local authentication", () => {
  it("is the configured tenant's brand user on 127.0.0.1", async () => {
    const res = await fetch(`${local.url}/api/alerts?status=all`);
    expect(res.status).toBe(200);
    const { alerts } = (await res.json()) as { alerts: Row[] };
    expect(alerts.map((a) => a.id)).toContain(stack.seeded.alerts["a:dist-b"]);
  });

  it("previews one distributor's view with the header, and refuses unknown distributors", async () => {
    const res = await fetch(`${local.url}/api/alerts?status=all`, {
      headers: { [DISTRIBUTOR_PREVIEW_HEADER]: "dist-a" },
    });
    const { alerts } = (await res.json()) as { alerts: Row[] };
    expect(alerts.map((a) => a.id)).toEqual([stack.seeded.alerts["a:dist-a"]]);
    const unknown = await fetch(`${local.url}/api/alerts`, {
      headers: { [DISTRIBUTOR_PREVIEW_HEADER]: "dist-zz" },
    });
    expect(unknown.status).toBe(401);
  });

  it("refuses a foreign Host header (DNS rebinding)", async () => {
    const { request } = await import("undici");
    const res = await request(`${local.url}/api/alerts`, { headers: { host: "attacker.example:80" } });
    expect(res.statusCode).toBe(401);
    await res.body.dump();
  });
});

describe("Lambda with JWT claims", () => {
  const claims = (extra: Record<string, string>) => ({ email: "ops@dist-b.example", ...extra });

  it("scopes a distributor token to its distributor through the real Lambda adapter", async () => {
    const handler = createApiHandler(stack.deps);
    const out = (await handler(
      httpApiEvent(
        "/api/alerts?status=all",
        claims({ "custom:tenant": TENANT_A, "custom:role": "distributor", "custom:distributor": "dist-b" }),
      ),
      {} as LambdaContext,
    )) as { statusCode: number; body: string; headers: Record<string, string> };
    expect(out.statusCode).toBe(200);
    const { alerts } = JSON.parse(out.body) as { alerts: Row[] };
    expect(alerts.map((a) => a.id)).toEqual([stack.seeded.alerts["a:dist-b"]]);
    expect(out.headers["content-security-policy"]).toContain("default-src 'none'");
  });

  it("returns XLSX base64-encoded through the adapter", async () => {
    const handler = createApiHandler(stack.deps);
    const out = (await handler(
      httpApiEvent("/api/export/alerts.xlsx", claims({ "custom:tenant": TENANT_A, "custom:role": "brand" })),
      {} as LambdaContext,
    )) as { statusCode: number; isBase64Encoded: boolean; body: string };
    expect(out.statusCode).toBe(200);
    expect(out.isBase64Encoded).toBe(true);
    expect(Buffer.from(out.body, "base64").subarray(0, 2).toString("latin1")).toBe("PK");
  });

  it("rejects missing or incomplete claims", async () => {
    const cases: Array<Record<string, string> | null> = [
      null,
      claims({ "custom:role": "brand" }),
      claims({ "custom:tenant": TENANT_A, "custom:role": "distributor" }),
      claims({ "custom:tenant": TENANT_A, "custom:role": "admin" }),
      claims({ "custom:tenant": "T#brand-a#A#x", "custom:role": "brand" }),
      { "custom:tenant": TENANT_A, "custom:role": "brand" },
    ];
    for (const c of cases) {
      const env = { event: httpApiEvent("/api/alerts", c) };
      expect(await jwtClaimsAuthenticator(new Request("https://api.example.com/api/alerts"), env)).toBeNull();
    }
    const handler = createApiHandler(stack.deps);
    const out = (await handler(httpApiEvent("/api/alerts", null), {} as LambdaContext)) as {
      statusCode: number;
    };
    expect(out.statusCode).toBe(401);
  });

  it("maps valid claims to a caller", async () => {
    const env = {
      event: httpApiEvent(
        "/",
        claims({ "custom:tenant": TENANT_A, "custom:role": "distributor", "custom:distributor": "dist-b" }),
      ),
    };
    expect(await jwtClaimsAuthenticator(new Request("https://api.example.com/"), env)).toEqual({
      tenant: TENANT_A,
      role: "distributor",
      distributorId: "dist-b",
      name: "ops@dist-b.example",
    });
  });
});
