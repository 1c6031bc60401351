import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../functions/api/api-app.js";
import { localAuthenticator } from "../../functions/api/local-auth.js";
import type { Finding } from "../../functions/core/alert.js";
import { alertIdOf } from "../../functions/core/alert-identity.js";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import { loadConfigFile } from "../../functions/local/config-file.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { resolveEnvSecret } from "../../functions/local/local-cycle.js";
import { ALLOW_PRIVATE_ADDRESSES_VARIABLE, outboundPolicy } from "../../functions/net/outbound-policy.js";
import { deliverPending } from "../../functions/notify/deliver-pending.js";
import { emailSender } from "../../functions/notify/email-sender.js";
import { resolveEnvSecret as resolveUnder } from "../../functions/notify/env-secrets.js";
import type { DeliveryTarget, SendContext, TargetOf } from "../../functions/notify/notify-sender.js";
import { sendNotification } from "../../functions/notify/notify-senders.js";
import { deliveryTargets, deliveryTargetsFor, targetIdOf } from "../../functions/notify/notify-targets.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { ListingRepository } from "../../functions/store/listing-repository.js";
import { RunRepository } from "../../functions/store/run-repository.js";
import { finding, outgoing } from "./alert-fixture.js";
import { startSmtpReceiver } from "./smtp-receiver.js";

/** What a receiver says and must never be stored: it stands for an internal service's reply. */
const REMOTE_SECRET = "INTERNAL-REPLY-7f3a9c-ssh-rsa-AAAAB3NzaC1yc2E";

interface CountingReceiver {
  port: number;
  /** TCP connections accepted: a refused target must leave this at zero. */
  connections(): number;
  requests: Array<{ host: string | undefined; url: string }>;
  close(): Promise<void>;
}

/**
 * An HTTP receiver on every local address (`::`, dual-stack: 127.0.0.1, ::1 and ::ffff:127.0.0.1
 * all reach it), so any of those spellings would be delivered were it not refused.
 */
async function startCountingReceiver(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end('{"errcode":0,"code":0}'),
): Promise<CountingReceiver> {
  let connections = 0;
  const requests: CountingReceiver["requests"] = [];
  const server = createServer((req, res) => {
    requests.push({ host: req.headers.host, url: req.url ?? "/" });
    req.resume();
    req.on("end", () => answer(req, res));
  });
  server.on("connection", () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, "::", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(answer?: Parameters<typeof startCountingReceiver>[0]): Promise<CountingReceiver> {
  const r = await startCountingReceiver(answer);
  closers.push(r.close);
  return r;
}

async function smtpReceiver(opts: Parameters<typeof startSmtpReceiver>[0] = {}) {
  const r = await startSmtpReceiver(opts);
  closers.push(r.close);
  return r;
}

/** A sender's context with no say on addresses: the default policy (public addresses only). */
function publicOnly(overrides: Partial<SendContext> = {}): SendContext {
  return { resolveSecret: () => undefined, timeoutMs: 5000, ...overrides };
}

function httpTarget(
  type: "webhook" | "wecom" | "dingtalk" | "feishu" | "slack",
  url: string,
): DeliveryTarget {
  return { type, url, minSeverity: "low" } as DeliveryTarget;
}

function emailTarget(
  host: string,
  port: number,
  extra: Partial<TargetOf<"email">["smtp"]> = {},
): TargetOf<"email"> {
  return {
    type: "email",
    to: ["channel@brand.example"],
    from: "alerts@brand.example",
    smtp: { host, port, ...extra },
    minSeverity: "low",
  };
}

const HTTP_TYPES = ["webhook", "wecom", "dingtalk", "feishu", "slack"] as const;

const LOOPBACK_SPELLINGS: Array<[string, (port: number) => string]> = [
  ["loopback 127.0.0.1", (port) => `http://127.0.0.1:${port}/hook`],
  ["IPv6 loopback [::1]", (port) => `http://[::1]:${port}/hook`],
  ["IPv4-mapped IPv6 [::ffff:127.0.0.1]", (port) => `http://[::ffff:127.0.0.1]:${port}/hook`],
  ["decimal IPv4 2130706433", (port) => `http://2130706433:${port}/hook`],
  ["a name resolving to loopback (localhost)", (port) => `http://localhost:${port}/hook`],
];

describe("notify targets pass the address guard", () => {
  it.each(HTTP_TYPES)(
    "%s: every spelling of loopback is refused and nothing reaches the receiver",
    async (type) => {
      const r = await receiver();
      for (const [name, urlFor] of LOOPBACK_SPELLINGS) {
        const result = await sendNotification(httpTarget(type, urlFor(r.port)), outgoing(), publicOnly());
        expect(result, name).toMatchObject({ ok: false, retryable: false });
        expect(!result.ok && result.reason, name).toMatch(/^address guard: .*loopback/);
      }
      expect(r.connections()).toBe(0);
      // The same receiver is reachable: the refusal above is the guard, not a dead port.
      const allowed = await sendNotification(
        httpTarget(type, `http://127.0.0.1:${r.port}/hook`),
        outgoing(),
        publicOnly({ network: { allowPrivate: true } }),
      );
      expect(allowed).toMatchObject({ ok: true });
      expect(r.connections()).toBe(1);
    },
  );

  it("refuses the cloud metadata address and non-http schemes", async () => {
    const metadata = await sendNotification(
      httpTarget("webhook", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
      outgoing(),
      publicOnly(),
    );
    expect(metadata).toMatchObject({ ok: false, retryable: false });
    expect(!metadata.ok && metadata.reason).toMatch(
      /^address guard: 169\.254\.169\.254 is a linkLocal address/,
    );
    for (const url of ["file:///etc/passwd", "gopher://127.0.0.1:25/", "ftp://hooks.example/x"]) {
      const result = await sendNotification(httpTarget("wecom", url), outgoing(), publicOnly());
      expect(result, url).toMatchObject({ ok: false, retryable: false });
      expect(!result.ok && result.reason, url).toMatch(/^scheme [a-z]+: is not allowed/);
    }
  });

  it("refuses a host name whose DNS answer is private, and connects to the address it checked", async () => {
    const r = await receiver();
    const lookups: string[] = [];
    const lookup = async (host: string) => {
      lookups.push(host);
      return [{ address: "127.0.0.1", family: 4 }];
    };
    const url = `http://hooks.brand.example:${r.port}/hook`;
    const refused = await sendNotification(
      httpTarget("webhook", url),
      outgoing(),
      publicOnly({ network: { allowPrivate: false, lookup } }),
    );
    expect(!refused.ok && refused.reason).toMatch(
      /hooks\.brand\.example resolves to 127\.0\.0\.1 is a loopback/,
    );
    expect(r.connections()).toBe(0);
    // Allowed: the name (which no real DNS knows) reaches the receiver at the checked address,
    // with its Host header intact; DNS was asked once per connection, never again by the socket.
    lookups.length = 0;
    const sent = await sendNotification(
      httpTarget("webhook", url),
      outgoing(),
      publicOnly({ network: { allowPrivate: true, lookup } }),
    );
    expect(sent).toEqual({ ok: true, status: 200 });
    expect(lookups).toEqual(["hooks.brand.example"]);
    expect(r.requests).toEqual([{ host: `hooks.brand.example:${r.port}`, url: "/hook" }]);
  });

  it("never follows a redirect, so a receiver cannot bounce the alert to another address", async () => {
    const inner = await receiver();
    const bouncer = await receiver((_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${inner.port}/internal` }).end(),
    );
    for (const type of HTTP_TYPES) {
      const result = await sendNotification(
        httpTarget(type, `http://127.0.0.1:${bouncer.port}/hook`),
        outgoing(),
        publicOnly({ network: { allowPrivate: true } }),
      );
      expect(result, type).toMatchObject({ ok: false, retryable: false });
      expect(!result.ok && result.reason, type).toMatch(
        /HTTP 302 from receiver \(redirects are not followed\)$/,
      );
    }
    expect(bouncer.requests).toHaveLength(HTTP_TYPES.length);
    expect(inner.connections()).toBe(0);
  });

  it("SMTP: a loopback server is refused before any connection; allowed, it gets the message", async () => {
    const smtp = await smtpReceiver();
    for (const host of ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"]) {
      const result = await emailSender.send(emailTarget(host, smtp.port), outgoing(), publicOnly());
      expect(result, host).toMatchObject({ ok: false, retryable: false });
      expect(!result.ok && result.reason, host).toMatch(/^address guard: .*loopback/);
    }
    const metadata = await emailSender.send(emailTarget("169.254.169.254", 25), outgoing(), publicOnly());
    expect(!metadata.ok && metadata.reason).toMatch(/linkLocal/);
    expect(smtp.connections()).toBe(0);
    const allowed = await emailSender.send(
      emailTarget("127.0.0.1", smtp.port),
      outgoing(),
      publicOnly({ network: { allowPrivate: true } }),
    );
    expect(allowed).toEqual({ ok: true, status: 250 });
    expect(smtp.connections()).toBe(1);
    expect(smtp.mails).toHaveLength(1);
  });
});

describe("local targets need the operator's opt-in as well as the config's", () => {
  it("outboundPolicy grants private addresses only when both ask for them", () => {
    const on = { [ALLOW_PRIVATE_ADDRESSES_VARIABLE]: "1" };
    expect(outboundPolicy({ allowPrivateAddresses: true }, on).allowPrivate).toBe(true);
    expect(outboundPolicy({ allowPrivateAddresses: true }, {}).allowPrivate).toBe(false);
    expect(
      outboundPolicy({ allowPrivateAddresses: true }, { [ALLOW_PRIVATE_ADDRESSES_VARIABLE]: "0" })
        .allowPrivate,
    ).toBe(false);
    expect(outboundPolicy({ allowPrivateAddresses: false }, on).allowPrivate).toBe(false);
  });
});

describe("stored delivery state (the notify stage, the store and the API)", () => {
  const TENANT = "acme-guard";
  let db: EmbeddedDynamo;
  let alerts: AlertRepository;
  let doc: ReturnType<typeof createDocumentClient>;

  beforeAll(async () => {
    db = await startEmbeddedDynamo({ dataDir: null });
    doc = createDocumentClient({ endpoint: db.endpoint });
    alerts = new AlertRepository(doc, db.tableName);
  });
  afterAll(async () => {
    await db?.close();
  });

  function configWith(notify: unknown[], allowPrivateAddresses: boolean): TenantConfig {
    const result = validateConfig({
      tenant: TENANT,
      channels: [{ id: "jd", name: "京东", match: ["item.jd.com"] }],
      products: [
        { sku: "GLU-50", name: "安可血糖试纸 50片", match: { keywords: [["血糖试纸"]] }, minPrice: 159 },
      ],
      watch: [{ url: "https://item.jd.com/100012345678.html", channel: "jd", sku: "GLU-50" }],
      network: { allowPrivateAddresses },
      notify,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.config;
  }

  let listingNo = 0;
  /** A fresh alert queued for every target of the config. */
  async function recordAlert(config: TenantConfig): Promise<string> {
    const listingId = `guard-${++listingNo}`;
    const f: Finding = { ...finding, listingId };
    const alertId = alertIdOf(TENANT, f.type, f.listingId, f.sku);
    await alerts.record(f, {
      tenant: TENANT,
      alertId,
      runId: "run-1",
      now: new Date().toISOString(),
      targets: deliveryTargetsFor(config, f.severity),
    });
    return alertId;
  }

  function drain(config: TenantConfig, resolveSecret: (ref: string) => string | undefined = () => undefined) {
    return deliverPending({
      config,
      alerts,
      send: sendNotification,
      now: () => new Date(Date.now() + 24 * 3600_000),
      resolveSecret,
      immediateRetries: 0,
    });
  }

  async function lastErrors(
    alertId: string,
    config: TenantConfig,
  ): Promise<Record<string, string | undefined>> {
    const stored = await alerts.get(TENANT, alertId);
    return Object.fromEntries(
      deliveryTargets(config).map((t) => [t.type, stored?.deliveries[targetIdOf(t)]?.lastError]),
    );
  }

  it("a config alone cannot open loopback: without the operator's switch the receiver is never reached", async () => {
    const r = await receiver();
    const config = configWith([{ type: "webhook", url: `http://127.0.0.1:${r.port}/hook` }], true);
    const before = process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE];
    delete process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE];
    try {
      const alertId = await recordAlert(config);
      expect(await drain(config)).toEqual({ delivered: 0, retrying: 0, failed: 1, held: 0 });
      expect((await lastErrors(alertId, config)).webhook).toBe(
        `address guard: 127.0.0.1 is a loopback address (local targets need network.allowPrivateAddresses and ${ALLOW_PRIVATE_ADDRESSES_VARIABLE}=1)`,
      );
      expect(r.connections()).toBe(0);
    } finally {
      if (before === undefined) delete process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE];
      else process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE] = before;
    }
    // With the operator's opt-in (vitest.config.ts sets it, as `pricewarden start` does for its
    // demo), the same config reaches the same receiver.
    process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE] = "1";
    try {
      await recordAlert(config);
      expect(await drain(config)).toEqual({ delivered: 1, retrying: 0, failed: 0, held: 0 });
      expect(r.requests.map((q) => q.url)).toEqual(["/hook"]);
    } finally {
      if (before === undefined) delete process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE];
      else process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE] = before;
    }
  });

  it("lastError keeps a status and this product's words, never a byte of the receiver's reply", async () => {
    const webhook = await receiver((_req, res) =>
      res.writeHead(500, { "content-type": "text/plain" }).end(`${REMOTE_SECRET} internal service says hi`),
    );
    const wecom = await receiver((_req, res) =>
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ errcode: 93000, errmsg: REMOTE_SECRET })),
    );
    const dingtalk = await receiver((_req, res) =>
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ errcode: 310000, errmsg: REMOTE_SECRET })),
    );
    const feishu = await receiver((_req, res) =>
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ code: 19021, msg: REMOTE_SECRET })),
    );
    const slack = await receiver((_req, res) =>
      res.writeHead(404, { "content-type": "text/plain" }).end(REMOTE_SECRET),
    );
    const smtp = await smtpReceiver({ reject: () => 550, rejectText: REMOTE_SECRET });
    const config = configWith(
      [
        { type: "webhook", url: `http://127.0.0.1:${webhook.port}/hook` },
        { type: "wecom", url: `http://127.0.0.1:${wecom.port}/cgi-bin/webhook/send?key=k` },
        { type: "dingtalk", url: `http://127.0.0.1:${dingtalk.port}/robot/send?access_token=t` },
        { type: "feishu", url: `http://127.0.0.1:${feishu.port}/open-apis/bot/v2/hook/x` },
        { type: "slack", url: `http://127.0.0.1:${slack.port}/services/x` },
        {
          type: "email",
          to: ["a@brand.example"],
          from: "b@brand.example",
          smtp: { host: "127.0.0.1", port: smtp.port },
        },
      ],
      true,
    );
    const alertId = await recordAlert(config);
    expect(await drain(config)).toEqual({ delivered: 0, retrying: 1, failed: 5, held: 0 });
    expect(await lastErrors(alertId, config)).toEqual({
      webhook: "webhook HTTP 500 from receiver",
      wecom: "WeCom errcode 93000 (invalid webhook URL or key)",
      dingtalk: "DingTalk errcode 310000 (sign, keyword or IP check failed)",
      feishu: "Feishu code 19021 (signature or timestamp check failed)",
      slack: "Slack HTTP 404 from receiver",
      email: "SMTP 550 from server (sender or recipient refused)",
    });
    const stored = await alerts.get(TENANT, alertId);
    expect(JSON.stringify(stored)).not.toContain("INTERNAL-REPLY");

    const app = createApiApp({
      alerts,
      listings: new ListingRepository(doc, db.tableName),
      runs: new RunRepository(doc, db.tableName),
      configs: () => config,
      authenticate: localAuthenticator(config),
    });
    const api = await app.request(`http://127.0.0.1/api/alerts/${alertId}`);
    expect(api.status).toBe(200);
    const apiText = await api.text();
    expect(apiText).toContain("webhook HTTP 500 from receiver");
    expect(apiText).not.toContain("INTERNAL-REPLY");
    const list = await app.request("http://127.0.0.1/api/alerts?status=all");
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain("INTERNAL-REPLY");
    const page = await app.request(`http://127.0.0.1/alerts/${alertId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("INTERNAL-REPLY");
  });

  it("env: reads only allow-listed variables: a config cannot log in with the platform's AWS keys", async () => {
    const smtp = await smtpReceiver({ requireAuth: true });
    const planted = { AWS_ACCESS_KEY_ID: "AKIA-PLANTED-ID", AWS_SECRET_ACCESS_KEY: "planted-secret-key" };
    const before = { ...process.env };
    Object.assign(process.env, planted, {
      PRICEWARDEN_SMTP_USER: "alerts",
      PRICEWARDEN_SMTP_PASS: "hunter2",
    });
    try {
      const stealing = configWith(
        [
          {
            type: "email",
            to: ["a@brand.example"],
            from: "b@brand.example",
            smtp: {
              host: "127.0.0.1",
              port: smtp.port,
              user: "env:AWS_ACCESS_KEY_ID",
              password: "env:AWS_SECRET_ACCESS_KEY",
            },
          },
        ],
        true,
      );
      const alertId = await recordAlert(stealing);
      expect(await drain(stealing, resolveEnvSecret)).toEqual({
        delivered: 0,
        retrying: 1,
        failed: 0,
        held: 0,
      });
      expect((await lastErrors(alertId, stealing)).email).toBe(
        "env:AWS_ACCESS_KEY_ID is not allowed: only variables named PRICEWARDEN_… or listed in PRICEWARDEN_ENV_ALLOW may be read",
      );
      // Refused before any connection: the server never saw a login, let alone the keys.
      expect(smtp.connections()).toBe(0);
      expect(smtp.authAttempts).toEqual([]);
      const stored = JSON.stringify(await alerts.get(TENANT, alertId));
      for (const value of Object.values(planted)) expect(stored).not.toContain(value);

      // An allowed name is read, and the send goes on to the server (which then requires TLS
      // before AUTH, so no credential crosses in clear either).
      const allowed = configWith(
        [
          {
            type: "email",
            to: ["a@brand.example"],
            from: "b@brand.example",
            smtp: {
              host: "127.0.0.1",
              port: smtp.port,
              user: "env:PRICEWARDEN_SMTP_USER",
              password: "env:PRICEWARDEN_SMTP_PASS",
            },
          },
        ],
        true,
      );
      const allowedId = await recordAlert(allowed);
      await drain(allowed, resolveEnvSecret);
      expect((await lastErrors(allowedId, allowed)).email).not.toMatch(/env:/);
      expect(smtp.connections()).toBe(1);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
      Object.assign(process.env, before);
    }
  });

  it("the operator extends the allow-list by name with PRICEWARDEN_ENV_ALLOW", () => {
    const env = { AWS_SECRET_ACCESS_KEY: "x", SMTP_USER: "u", PRICEWARDEN_SMTP_PASS: "p" };
    expect(resolveUnder("env:AWS_SECRET_ACCESS_KEY", env)).toBeUndefined();
    expect(resolveUnder("env:SMTP_USER", env)).toBeUndefined();
    expect(resolveUnder("env:PRICEWARDEN_SMTP_PASS", env)).toBe("p");
    const extended = { ...env, PRICEWARDEN_ENV_ALLOW: " SMTP_USER , OTHER_NAME" };
    expect(resolveUnder("env:SMTP_USER", extended)).toBe("u");
    expect(resolveUnder("env:AWS_SECRET_ACCESS_KEY", extended)).toBeUndefined();
  });
});

describe("a config that names a variable off the allow-list", () => {
  it("is refused when it is loaded, by path, naming the variable and the rule but not its value", () => {
    const dir = mkdtempSync(join(tmpdir(), "pricewarden-envref-"));
    const before = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = "planted-secret-key";
    try {
      const file = join(dir, "config.yaml");
      writeFileSync(
        file,
        [
          "tenant: acme",
          "channels: [{ id: jd, name: 京东, match: [item.jd.com] }]",
          "products: [{ sku: GLU-50, name: 试纸, match: { keywords: [[试纸]] } }]",
          "notify:",
          "  - { type: webhook, url: 'https://ops.brand.example/h', secret: 'env:PRICEWARDEN_HOOK_SECRET' }",
          "  - type: email",
          "    to: [a@brand.example]",
          "    from: b@brand.example",
          "    smtp: { host: smtp.brand.example, user: 'env:PRICEWARDEN_SMTP_USER', password: 'env:AWS_SECRET_ACCESS_KEY' }",
          "",
        ].join("\n"),
      );
      const result = loadConfigFile(file);
      expect(result).toEqual({
        ok: false,
        issues: [
          {
            path: "notify[1].smtp.password",
            message:
              "env:AWS_SECRET_ACCESS_KEY is not allowed: only variables named PRICEWARDEN_… or listed in PRICEWARDEN_ENV_ALLOW may be read",
          },
        ],
      });
      expect(JSON.stringify(result)).not.toContain("planted-secret-key");
    } finally {
      if (before === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
