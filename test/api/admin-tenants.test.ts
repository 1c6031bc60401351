import { readFileSync } from "node:fs";
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { stringify as toYaml } from "yaml";
import { adminFromClaims, jwtAdminAuthenticator } from "../../functions/api/admin-caller.js";
import { createApiHandler } from "../../functions/api/lambda-adapter.js";
import type { SchedulerSettings } from "../../functions/aws/scheduler-settings.js";
import { SchedulerTenantSchedules } from "../../functions/aws/scheduler-tenant-schedules.js";
import { CognitoTenantUsers } from "../../functions/aws/tenant-users.js";
import { parseConfigText } from "../../functions/core/config-text.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { TenantRepository } from "../../functions/store/tenant-repository.js";
import { type ApiTestStack, FIXED_NOW, startApiTestStack } from "./api-test-stack.js";

const SETTINGS: SchedulerSettings = {
  groupName: "pricewarden-test",
  run: {
    targetArn: "arn:aws:lambda:us-east-1:123456789012:function:Plan",
    roleArn: "arn:aws:iam::123456789012:role/PlanInvoker",
  },
  notify: {
    targetArn: "arn:aws:lambda:us-east-1:123456789012:function:Notifier",
    roleArn: "arn:aws:iam::123456789012:role/NotifyInvoker",
  },
  deadLetterArn: "arn:aws:sqs:us-east-1:123456789012:ScheduleFailures",
};

const exampleText = (name: string) =>
  readFileSync(new URL(`../../examples/tenants/${name}.yaml`, import.meta.url), "utf8");

/** Claims as API Gateway's JWT authorizer hands them on: array claims flattened to "[a b]". */
const ADMIN = { email: "ops@pricewarden.example", "cognito:groups": "[pricewarden-admin support]" };
const BRAND_USER = {
  email: "li.na@acme-pharma.example",
  "custom:tenant": "acme-pharma",
  "custom:role": "brand",
};

let stack: ApiTestStack;
let doc: ReturnType<typeof createDocumentClient>;
let tenants: TenantRepository;
let configs: ConfigRepository;
let handler: ReturnType<typeof createApiHandler>;

/** No local EventBridge Scheduler exists: the SDK client talks to this map of one group instead. */
const scheduler = mockClient(SchedulerClient);
const schedules = new Map<string, CreateScheduleCommandInput>();
let failNextUpdate = false;
/** Nor a local Cognito: the pool is a set of user names here. */
const USER_POOL_ID = "us-east-1_TestPool1";
const cognito = mockClient(CognitoIdentityProviderClient);
const poolUsers = new Set<string>();

beforeAll(async () => {
  stack = await startApiTestStack();
  doc = createDocumentClient({ endpoint: stack.db.endpoint });
  tenants = new TenantRepository(doc, stack.db.tableName);
  configs = new ConfigRepository(doc, stack.db.tableName);
  handler = createApiHandler({
    ...stack.deps,
    admin: {
      authenticate: jwtAdminAuthenticator,
      configs,
      tenants,
      schedules: new SchedulerTenantSchedules(new SchedulerClient({ region: "us-east-1" }), SETTINGS),
      maxConfigBytes: 64 * 1024,
      users: new CognitoTenantUsers(new CognitoIdentityProviderClient({ region: "us-east-1" }), USER_POOL_ID),
    },
  });
});
afterAll(async () => {
  scheduler.restore();
  cognito.restore();
  doc?.destroy();
  await stack?.close();
});
beforeEach(() => {
  cognito.reset();
  cognito.on(AdminCreateUserCommand).callsFake((input: { Username?: string }) => {
    const name = input.Username ?? "";
    if (poolUsers.has(name)) throw new UsernameExistsException({ message: "exists", $metadata: {} });
    poolUsers.add(name);
    return { User: { Username: name } };
  });
  scheduler.reset();
  scheduler.on(UpdateScheduleCommand).callsFake((input: CreateScheduleCommandInput) => {
    if (failNextUpdate) {
      failNextUpdate = false;
      throw new ValidationException({
        message: "Invalid Schedule",
        Message: "Invalid Schedule",
        $metadata: {},
      });
    }
    if (!schedules.has(input.Name ?? "")) {
      throw new ResourceNotFoundException({ message: "not found", Message: "not found", $metadata: {} });
    }
    schedules.set(input.Name ?? "", input);
    return {};
  });
  scheduler.on(CreateScheduleCommand).callsFake((input: CreateScheduleCommandInput) => {
    schedules.set(input.Name ?? "", input);
    return {};
  });
});
afterEach(() => {
  failNextUpdate = false;
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

/** One request through the real Lambda adapter, as API Gateway (payload 2.0) delivers it. */
async function call(
  method: string,
  path: string,
  claims: Record<string, string> | null,
  opts: { body?: string; contentType?: string; lang?: string } = {},
): Promise<Answer> {
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: {
      host: "api.example.com",
      "accept-language": opts.lang ?? "en",
      ...(opts.body !== undefined ? { "content-type": opts.contentType ?? "application/yaml" } : {}),
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "test" },
      requestId: "req",
      routeKey: "$default",
      stage: "$default",
      time: "01/Mar/2026:08:00:00 +0000",
      timeEpoch: 0,
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
  } as unknown as LambdaEvent;
  const out = (await handler(event, {} as LambdaContext)) as {
    statusCode: number;
    body: string;
    headers: Record<string, string>;
  };
  return {
    status: out.statusCode,
    headers: out.headers,
    json: JSON.parse(out.body) as Record<string, unknown>,
  };
}

describe("admin tenant API", () => {
  it("registers a tenant from its YAML: a config version, an active record and both schedules", async () => {
    const res = await call("PUT", "/admin/tenants/acme-pharma", ADMIN, { body: exampleText("acme-pharma") });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(res.json).toMatchObject({
      config: "published",
      tenant: {
        tenant: "acme-pharma",
        state: "active",
        schedule: "cron(0 9,17 ? * MON-FRI *)",
        timezone: "Asia/Singapore",
        updatedAt: FIXED_NOW.toISOString(),
        updatedBy: "ops@pricewarden.example",
      },
    });
    const version = res.json.version as string;
    expect((await configs.latest("acme-pharma"))?.version).toBe(version);
    expect(await tenants.get("acme-pharma")).toMatchObject({ configVersion: version, state: "active" });
    expect(schedules.get("run-acme-pharma")).toMatchObject({
      GroupName: "pricewarden-test",
      ScheduleExpression: "cron(0 9,17 ? * MON-FRI *)",
      ScheduleExpressionTimezone: "Asia/Singapore",
      State: "ENABLED",
      Target: { Arn: SETTINGS.run.targetArn, Input: '{"tenant":"acme-pharma"}' },
    });
    expect(schedules.get("notify-acme-pharma")?.State).toBe("ENABLED");
  });

  it("takes the config as JSON too, and stores no new version when it is unchanged", async () => {
    const config = parseConfigText(exampleText("beijing-meditech"));
    if (!config.ok) throw new Error("example invalid");
    const body = JSON.stringify(config.config);
    const first = await call("PUT", "/admin/tenants/beijing-meditech", ADMIN, {
      body,
      contentType: "application/json",
    });
    expect(first.status).toBe(200);
    const again = await call("PUT", "/admin/tenants/beijing-meditech", ADMIN, {
      body,
      contentType: "application/json",
    });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ config: "unchanged", version: first.json.version });
  });

  it("lists the registered tenants", async () => {
    const res = await call("GET", "/admin/tenants", ADMIN);
    expect(res.status).toBe(200);
    const listed = res.json.tenants as Array<{ tenant: string; state: string }>;
    expect(listed.map((t) => t.tenant)).toEqual(["acme-pharma", "beijing-meditech"]);
  });

  it("pauses (schedules disabled), keeps a paused tenant paused when its config changes, and resumes", async () => {
    const paused = await call("POST", "/admin/tenants/acme-pharma/pause", ADMIN);
    expect(paused.status).toBe(200);
    expect(paused.json).toMatchObject({ changed: true, tenant: { state: "paused" } });
    expect(schedules.get("run-acme-pharma")?.State).toBe("DISABLED");
    expect(schedules.get("notify-acme-pharma")?.State).toBe("DISABLED");
    expect((await call("POST", "/admin/tenants/acme-pharma/pause", ADMIN)).json).toMatchObject({
      changed: false,
    });

    const changed = exampleText("acme-pharma").replace(
      'schedule: "cron(0 9,17 ? * MON-FRI *)"',
      'schedule: "rate(12 hours)"',
    );
    const applied = await call("PUT", "/admin/tenants/acme-pharma", ADMIN, { body: changed });
    expect(applied.json).toMatchObject({
      config: "published",
      tenant: { state: "paused", schedule: "rate(12 hours)" },
    });
    expect(schedules.get("run-acme-pharma")).toMatchObject({
      State: "DISABLED",
      ScheduleExpression: "rate(12 hours)",
    });

    const resumed = await call("POST", "/admin/tenants/acme-pharma/resume", ADMIN);
    expect(resumed.json).toMatchObject({ changed: true, tenant: { state: "active" } });
    expect(schedules.get("run-acme-pharma")?.State).toBe("ENABLED");
    expect(schedules.get("notify-acme-pharma")?.State).toBe("ENABLED");
  });

  it("says 404 for pausing a tenant that was never registered, and 400 for a malformed id", async () => {
    const unknown = await call("POST", "/admin/tenants/nobody/pause", ADMIN);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toBe("tenant_unknown");
    const malformed = await call("POST", "/admin/tenants/Not_A_Tenant/pause", ADMIN);
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toBe("invalid_tenant");
  });
});

describe("who may administer", () => {
  it("refuses a tenant's brand user with 403 on every admin route, and changes nothing", async () => {
    const before = await tenants.list();
    for (const [method, path, body] of [
      ["GET", "/admin/tenants", undefined],
      ["PUT", "/admin/tenants/acme-pharma", exampleText("acme-pharma")],
      ["POST", "/admin/tenants/acme-pharma/pause", undefined],
      ["POST", "/admin/tenants/acme-pharma/resume", undefined],
    ] as const) {
      const res = await call(method, path, BRAND_USER, body === undefined ? {} : { body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.error).toBe("forbidden");
    }
    // A group of another name is not the administrators' group either.
    expect(
      (await call("GET", "/admin/tenants", { ...BRAND_USER, "cognito:groups": "[pricewarden-admins]" }))
        .status,
    ).toBe(403);
    expect(await tenants.list()).toEqual(before);
    expect(scheduler.calls()).toHaveLength(0);
  });

  it("says 401 without verified claims", async () => {
    const res = await call("GET", "/admin/tenants", null);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain("Bearer");
  });

  it("does not let an administrator read a tenant's alerts", async () => {
    const res = await call("GET", "/api/alerts", ADMIN);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: "unauthorized" });
  });
});

describe("what is refused before anything is stored", () => {
  it("answers an invalid config with 400 and its problems in the caller's language", async () => {
    const before = await tenants.list();
    const body = toYaml({
      tenant: "acme-pharma",
      channels: [],
      products: [{ sku: "X" }],
      schedule: "every day",
    });
    const zh = await call("PUT", "/admin/tenants/acme-pharma", ADMIN, { body, lang: "zh-CN,zh;q=0.9" });
    expect(zh.status).toBe(400);
    expect(zh.json.error).toBe("invalid_config");
    expect(zh.json.message).toContain("配置未通过校验");
    const problems = zh.json.problems as Array<{ path: string; message: string }>;
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(["channels", "products[0]", "schedule"]),
    );
    expect(problems.every((p) => /[\u4e00-\u9fff]/.test(p.message))).toBe(true);
    const en = await call("PUT", "/admin/tenants/acme-pharma", ADMIN, { body });
    expect(en.json.message).toMatch(/did not validate/);
    expect(await tenants.list()).toEqual(before);
    expect(scheduler.calls()).toHaveLength(0);
  });

  it("answers YAML that does not parse with 400", async () => {
    const res = await call("PUT", "/admin/tenants/acme-pharma", ADMIN, { body: "tenant: [unclosed" });
    expect(res.status).toBe(400);
    expect((res.json.problems as Array<{ path: string }>)[0]?.path).toBe("(file)");
  });

  it("refuses a config whose tenant is not the one in the address", async () => {
    const res = await call("PUT", "/admin/tenants/beijing-meditech", ADMIN, {
      body: exampleText("acme-pharma"),
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("tenant_mismatch");
    expect(res.json.message).toContain("acme-pharma");
    expect((await tenants.get("beijing-meditech"))?.configVersion).toBe(
      (await configs.latest("beijing-meditech"))?.version,
    );
    expect(scheduler.calls()).toHaveLength(0);
  });

  it("refuses a body over the size limit with 413", async () => {
    const huge = `${exampleText("acme-pharma")}\n# ${"x".repeat(70 * 1024)}\n`;
    const res = await call("PUT", "/admin/tenants/acme-pharma", ADMIN, { body: huge });
    expect(res.status).toBe(413);
    expect(res.json.error).toBe("too_large");
    expect(scheduler.calls()).toHaveLength(0);
  });
});

describe("when Scheduler fails", () => {
  it("says 502 with the record saved, and the same request again brings the schedules in line", async () => {
    const changed = exampleText("beijing-meditech").replace(
      'schedule: "rate(6 hours)"',
      'schedule: "rate(8 hours)"',
    );
    failNextUpdate = true;
    const failed = await call("PUT", "/admin/tenants/beijing-meditech", ADMIN, { body: changed });
    expect(failed.status).toBe(502);
    expect(failed.json).toMatchObject({ error: "schedules_failed", detail: "ValidationException" });
    expect((await tenants.get("beijing-meditech"))?.schedule).toBe("rate(8 hours)");
    expect(schedules.get("run-beijing-meditech")?.ScheduleExpression).toBe("rate(6 hours)");

    const again = await call("PUT", "/admin/tenants/beijing-meditech", ADMIN, { body: changed });
    expect(again.status).toBe(200);
    expect(again.json.config).toBe("unchanged");
    expect(schedules.get("run-beijing-meditech")?.ScheduleExpression).toBe("rate(8 hours)");
  });
});

describe("tenant users", () => {
  const users = (tenant: string, body: unknown, claims: Record<string, string> = ADMIN) =>
    call("POST", `/admin/tenants/${tenant}/users`, claims, {
      body: JSON.stringify(body),
      contentType: "application/json",
    });

  it("creates a brand user and a distributor's user scoped to the tenant, invited by e-mail", async () => {
    const brand = await users("acme-pharma", { email: "Li.Na@Acme-Pharma.example", role: "brand" });
    expect(brand.status).toBe(201);
    expect(brand.json.user).toEqual({
      email: "li.na@acme-pharma.example",
      tenant: "acme-pharma",
      role: "brand",
    });
    const dist = await users("acme-pharma", {
      email: "ops@dist-east.example",
      role: "distributor",
      distributor: "dist-east",
    });
    expect(dist.status).toBe(201);
    const calls = cognito.commandCalls(AdminCreateUserCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      {
        UserPoolId: USER_POOL_ID,
        Username: "li.na@acme-pharma.example",
        UserAttributes: [
          { Name: "email", Value: "li.na@acme-pharma.example" },
          { Name: "email_verified", Value: "true" },
          { Name: "custom:tenant", Value: "acme-pharma" },
          { Name: "custom:role", Value: "brand" },
        ],
        DesiredDeliveryMediums: ["EMAIL"],
      },
      {
        UserPoolId: USER_POOL_ID,
        Username: "ops@dist-east.example",
        UserAttributes: [
          { Name: "email", Value: "ops@dist-east.example" },
          { Name: "email_verified", Value: "true" },
          { Name: "custom:tenant", Value: "acme-pharma" },
          { Name: "custom:role", Value: "distributor" },
          { Name: "custom:distributor", Value: "dist-east" },
        ],
        DesiredDeliveryMediums: ["EMAIL"],
      },
    ]);
  });

  it("never changes an existing account (409), so a typo cannot move a user to another tenant", async () => {
    const again = await users("beijing-meditech", { email: "li.na@acme-pharma.example", role: "brand" });
    expect(again.status).toBe(409);
    expect(again.json.error).toBe("user_exists");
  });

  it("refuses a distributor the tenant's config does not name, an unregistered tenant, and a malformed body", async () => {
    const unknown = await users("acme-pharma", {
      email: "x@y.example",
      role: "distributor",
      distributor: "dist-bj",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toBe("unknown_distributor");
    expect(unknown.json.message).toContain("dist-east");
    expect((await users("nobody", { email: "x@y.example", role: "brand" })).status).toBe(404);
    const malformed = await users("acme-pharma", { email: "not an address", role: "admin", tenant: "other" });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toBe("invalid_user");
    // A brand user with a distributor, or a scope smuggled in as an extra key, is malformed too.
    expect(
      (await users("acme-pharma", { email: "x@y.example", role: "brand", distributor: "dist-east" })).status,
    ).toBe(400);
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(0);
  });

  it("is for administrators only", async () => {
    const res = await users("acme-pharma", { email: "x@y.example", role: "brand" }, BRAND_USER);
    expect(res.status).toBe(403);
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(0);
  });
});

describe("adminFromClaims", () => {
  it("reads cognito:groups as the token has it (array) and as API Gateway flattens it (string)", () => {
    const email = "ops@pricewarden.example";
    expect(adminFromClaims({ email, "cognito:groups": ["pricewarden-admin"] }).kind).toBe("admin");
    expect(adminFromClaims({ email, "cognito:groups": "[pricewarden-admin]" }).kind).toBe("admin");
    expect(adminFromClaims({ email, "cognito:groups": "[support pricewarden-admin]" }).kind).toBe("admin");
    expect(adminFromClaims({ email, "cognito:groups": "[pricewarden-administrators]" }).kind).toBe(
      "not_admin",
    );
    expect(adminFromClaims({ email, "cognito:groups": 7 }).kind).toBe("not_admin");
    expect(adminFromClaims({ email }).kind).toBe("not_admin");
    expect(adminFromClaims(null).kind).toBe("anonymous");
  });
});

describe("the api Lambda entry point", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("serves the admin routes when the stack gave it the Scheduler settings", async () => {
    const env = {
      TABLE_NAME: stack.db.tableName,
      DYNAMODB_ENDPOINT: stack.db.endpoint,
      AWS_REGION: "us-east-1",
      TENANT_SCHEDULE_GROUP: SETTINGS.groupName,
      TENANT_RUN_TARGET_ARN: SETTINGS.run.targetArn,
      TENANT_RUN_ROLE_ARN: SETTINGS.run.roleArn,
      TENANT_NOTIFY_TARGET_ARN: SETTINGS.notify.targetArn,
      TENANT_NOTIFY_ROLE_ARN: SETTINGS.notify.roleArn,
      TENANT_SCHEDULE_DLQ_ARN: SETTINGS.deadLetterArn,
      TENANT_USER_POOL_ID: USER_POOL_ID,
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const entry = await import("../../functions/handlers/api.js");
    handler = entry.handler;
    const listed = await call("GET", "/admin/tenants", ADMIN);
    expect(listed.status).toBe(200);
    expect((listed.json.tenants as Array<{ tenant: string }>).map((t) => t.tenant)).toEqual([
      "acme-pharma",
      "beijing-meditech",
    ]);
    const paused = await call("POST", "/admin/tenants/beijing-meditech/pause", ADMIN);
    expect(paused.json).toMatchObject({ changed: true });
    expect(
      scheduler.commandCalls(UpdateScheduleCommand, { GroupName: SETTINGS.groupName, State: "DISABLED" }),
    ).toHaveLength(2);
    const user = await call("POST", "/admin/tenants/beijing-meditech/users", ADMIN, {
      body: JSON.stringify({ email: "wang@beijing-meditech.example", role: "brand" }),
      contentType: "application/json",
    });
    expect(user.status).toBe(201);
    expect(cognito.commandCalls(AdminCreateUserCommand, { UserPoolId: USER_POOL_ID })).toHaveLength(1);
  });
});
