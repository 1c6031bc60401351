import * as z from "zod";
import { LOCALES, type Locale } from "../text/locale.js";
import { DEFAULT_MESSAGE, describeIssues, formatIssuePath, referenceMessage } from "./config-problems.js";
import { referenceProblems } from "./config-references.js";
import { DataSourceSchema } from "./data-source-config.js";
import { isTimeZone } from "./schedule.js";

export { formatIssuePath };

/**
 * The tenant configuration (DESIGN.md "Tenant configuration"). Its core keys are a contract:
 * extend, never rename. Prices are written in major units (yuan) and converted to minor units
 * where they are used.
 */

/** A fresh schema per use, so each key carries its own description in the JSON Schema. */
const id = () => z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "expected lowercase letters, digits and dashes");
const yuan = z
  .number()
  .nonnegative()
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, "expected at most two decimals");
const severity = z.enum(["high", "medium", "low"]);
export type Severity = z.infer<typeof severity>;

const fieldSelector = z.union([
  z.string().min(1),
  z.object({
    selector: z.string().min(1),
    attr: z.string().min(1).optional(),
    /** A regular expression; its first capture group (or the whole match) is the value. */
    pattern: z
      .string()
      .min(1)
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, "not a valid regular expression")
      .optional(),
  }),
]);
export type FieldSelector = z.infer<typeof fieldSelector>;

export const ExtractProfileSchema = z
  .object({
    title: fieldSelector,
    price: fieldSelector,
    listPrice: fieldSelector,
    seller: fieldSelector,
    sellerId: fieldSelector,
    shipFrom: fieldSelector,
    stock: fieldSelector,
    promotions: fieldSelector,
    identifiers: fieldSelector,
  })
  .partial()
  .strict();
export type ExtractProfile = z.infer<typeof ExtractProfileSchema>;

const ChannelSchema = z
  .object({
    id: id(),
    name: z.string().min(1),
    /** Hostnames ("item.jd.com") or URL prefixes ("https://mall.jd.com/"). */
    match: z.array(z.string().min(1)).min(1),
    render: z.boolean().default(false),
    /** A named built-in site profile (jd, tmall, pdd, jd-health, ali-health, generic). */
    profile: z.string().optional(),
    extract: ExtractProfileSchema.optional(),
    /**
     * Data sources over the built-in profile's (same id: replaced; new id: added): inline state,
     * captured responses and search rows, for when a site changes before a release follows.
     */
    sources: z.array(DataSourceSchema).max(50).optional(),
    /**
     * Customer-owned browser sessions (`pricewarden session import|login`): the platform shows
     * prices only to a signed-in shopper. Needs `render: true`.
     */
    session: z
      .object({
        /** required: never browse this channel signed out; optional: use one when there is one. */
        use: z.enum(["required", "optional"]).default("required"),
        /** Page loads per session per minute (conservative: JD showed a risk page after ~11 a minute). */
        requestsPerMinute: z.number().positive().max(60).default(6),
        /** ± this fraction of the interval between page loads, so they do not tick like a clock. */
        jitter: z.number().min(0).max(0.9).default(0.3),
        /** Delivery area recorded with every observation (JD area code such as 19_1607_4773_62123, or a city). */
        area: z.string().min(1).max(64).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((c) => !c.session || c.render, {
    message: "a channel with a session needs render: true",
    path: ["session"],
  });

const ProductSchema = z
  .object({
    sku: z.string().min(1).max(64),
    name: z.string().min(1),
    match: z
      .object({
        /** Any group matches when all its words occur in the title. */
        keywords: z.array(z.array(z.string().min(1)).min(1)).default([]),
        /** Identifiers that pin a listing to this SKU: GTIN, 国械注准/国药准字 numbers, model numbers. */
        ids: z.array(z.string().min(1)).default([]),
        /** Units per pack of this SKU; a listing stating another pack size is priced per pack. */
        packSize: z.number().int().positive().optional(),
      })
      .strict()
      .prefault({}),
    msrp: yuan.optional(),
    minPrice: yuan.optional(),
    maxPrice: yuan.optional(),
    /** Regulatory class for listing-compliance checks. */
    category: z.enum(["rx-drug", "otc-drug", "device", "other"]).default("other"),
    /** On the list of drugs that may not be sold online (药品网络销售禁止清单): any online listing is a finding. */
    onlineSaleProhibited: z.boolean().default(false),
  })
  .strict();

const SellerRefSchema = z
  .object({ channel: id(), name: z.string().min(1), id: z.string().min(1).optional() })
  .strict();

const DistributorSchema = z
  .object({
    id: id(),
    name: z.string().min(1),
    regions: z.array(z.string().min(1)).default([]),
    sellers: z.array(SellerRefSchema).default([]),
  })
  .strict();

const ruleBase = { severity: severity.optional() };

/**
 * A tolerance is a fraction of the threshold: `0.02`, or written as a percentage, `"2%"`.
 * Both mean 2 %; the error says so, since `2` would mean 200 %.
 */
const tolerance = () =>
  z
    .union(
      [
        z.number(),
        z
          .string()
          .regex(/^\s*\d+(\.\d+)?\s*%\s*$/, 'expected a fraction such as 0.02, or a percentage such as "2%"'),
      ],
      { error: 'expected a fraction such as 0.02, or a percentage such as "2%"' },
    )
    .transform((v) => (typeof v === "number" ? v : Number(v.replace("%", "").trim()) / 100))
    .pipe(
      z
        .number()
        .min(0, 'tolerance is a fraction: 0.02 or "2%" means 2 %, at most 0.5')
        .max(0.5, 'tolerance is a fraction: 0.02 or "2%" means 2 %, at most 0.5'),
    )
    .default(0);

const RulesSchema = z
  .object({
    minPrice: z
      .object({
        ...ruleBase,
        basis: z.enum(["listed", "effective"]).default("effective"),
        /** Fraction of the floor tolerated before a finding (0.01 = 1 %). */
        tolerance: tolerance(),
      })
      .strict()
      .optional(),
    maxPrice: z
      .object({ ...ruleBase, tolerance: tolerance() })
      .strict()
      .optional(),
    authorizedSeller: z
      .object({
        ...ruleBase,
        /**
         * An unauthorized seller this far below the median of authorized sellers' prices for the
         * SKU is a counterfeit signal: the alert says so and is raised as high severity.
         */
        outlierPercent: z.number().positive().max(100).default(40),
      })
      .strict()
      .optional(),
    listingCompliance: z
      .object({ ...ruleBase })
      .strict()
      .optional(),
    region: z
      .object({ ...ruleBase })
      .strict()
      .optional(),
    priceDrop: z
      .object({
        ...ruleBase,
        percent: z.number().positive().max(100).default(20),
        window: z
          .string()
          .regex(/^\d+[hdw]$/, "expected a duration like 12h, 7d or 2w")
          .default("7d"),
      })
      .strict()
      .optional(),
    overrides: z
      .array(
        z
          .object({
            sku: z.string().min(1),
            channel: id(),
            minPrice: yuan.optional(),
            maxPrice: yuan.optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .prefault({});

const WatchUrlSchema = z.object({ url: z.url(), channel: id(), sku: z.string().min(1).optional() }).strict();
const WatchDiscoverSchema = z
  .object({
    discover: z
      .object({
        channel: id(),
        start: z.url(),
        /** CSS selector of product links on a listing/search page. */
        links: z.string().min(1),
        /** CSS selector of the next-page link. */
        next: z.string().min(1).optional(),
        maxPages: z.number().int().positive().max(500).default(5),
        sku: z.string().min(1).optional(),
      })
      .strict(),
  })
  .strict();
export const WatchSchema = z.union([WatchUrlSchema, WatchDiscoverSchema]);

const NetworkSchema = z
  .object({
    allowPrivateAddresses: z.boolean().default(false),
    perHostConcurrency: z.number().int().positive().max(64).default(2),
    delayMs: z.number().int().nonnegative().max(60_000).default(500),
    timeoutMs: z.number().int().positive().max(120_000).default(20_000),
    maxBytes: z
      .number()
      .int()
      .positive()
      .max(50 * 1024 * 1024)
      .default(5 * 1024 * 1024),
    maxRedirects: z.number().int().nonnegative().max(20).default(5),
    retries: z.number().int().nonnegative().max(10).default(3),
    respectRobots: z.boolean().default(true),
    userAgent: z.string().min(1).default("Pricewarden/0.1 (+brand price monitoring)"),
    concurrency: z.number().int().positive().max(256).default(16),
  })
  .strict()
  .prefault({});

/** A secret is written as `env:NAME` and resolved at run time, never stored in the config. */
const secretRef = z.string().regex(/^env:[A-Z_][A-Z0-9_]*$/, "expected env:NAME");

/**
 * An IM robot's URL carries its credential (WeCom `key=`, DingTalk `access_token=`, the Feishu and
 * Slack hook path), so it may be written as `env:NAME` too and resolved at send time.
 */
const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });
const robotUrl = z.union([secretRef, httpUrl], { error: "expected an http(s) URL or env:NAME" });
/** An SMTP server's host name or IP address: no scheme, path or port (`port` is its own key). */
const smtpHost = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])$/,
    "expected a host name or IP address (no scheme, path or port)",
  );
const mailbox = z.email();
/** `ops@example.com` or `价格监测 <ops@example.com>`. */
const fromAddress = z
  .string()
  .max(320)
  .refine((v) => {
    const m = /^\s*([^<>\r\n"]*?)\s*<([^<>\s]+)>\s*$/.exec(v);
    return mailbox.safeParse(m ? m[2] : v.trim()).success;
  }, "expected an e-mail address or 'Name <address>'");

/** "22:00": a wall-clock time in the tenant's time zone. */
const clockTime = () => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time such as "22:00"');

/**
 * What every notify target may choose about how it is told: its language, one message per alert
 * or a digest per cycle, and quiet hours (in the tenant's time zone) during which messages are
 * held, not dropped, and sent when they end.
 */
const deliveryOptions = {
  locale: z.enum(LOCALES).optional(),
  /** Unset: each. */
  mode: z.enum(["each", "digest"]).optional(),
  /** How many alerts a digest lists by name, the rest counted; unset: 10. */
  digestTop: z.number().int().min(1).max(50).optional(),
  quietHours: z.object({ from: clockTime(), to: clockTime() }).strict().optional(),
};

const NotifySchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("console"),
      minSeverity: severity.default("low"),
      locale: z.enum(LOCALES).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("webhook"),
      id: z.string().min(1).optional(),
      url: httpUrl,
      secret: secretRef.optional(),
      minSeverity: severity.default("low"),
      ...deliveryOptions,
    })
    .strict(),
  /** 企业微信群机器人 (WeCom group robot). */
  z
    .object({
      type: z.literal("wecom"),
      id: z.string().min(1).optional(),
      url: robotUrl,
      minSeverity: severity.default("low"),
      ...deliveryOptions,
    })
    .strict(),
  /** 钉钉自定义机器人 (DingTalk custom robot); `secret` is its 加签 key (SEC…). */
  z
    .object({
      type: z.literal("dingtalk"),
      id: z.string().min(1).optional(),
      url: robotUrl,
      secret: secretRef.optional(),
      minSeverity: severity.default("low"),
      ...deliveryOptions,
    })
    .strict(),
  /** 飞书/Lark custom bot; `secret` is its 签名校验 key. */
  z
    .object({
      type: z.literal("feishu"),
      id: z.string().min(1).optional(),
      url: robotUrl,
      secret: secretRef.optional(),
      minSeverity: severity.default("low"),
      ...deliveryOptions,
    })
    .strict(),
  /** Slack incoming webhook. */
  z
    .object({
      type: z.literal("slack"),
      id: z.string().min(1).optional(),
      url: robotUrl,
      minSeverity: severity.default("low"),
      ...deliveryOptions,
    })
    .strict(),
  z
    .object({
      type: z.literal("email"),
      id: z.string().min(1).optional(),
      to: z.array(mailbox).min(1).max(50),
      from: fromAddress,
      smtp: z
        .object({
          host: smtpHost,
          port: z.number().int().min(1).max(65535).default(587),
          /** Implicit TLS (port 465); otherwise STARTTLS, required whenever credentials are sent. */
          secure: z.boolean().optional(),
          user: secretRef.optional(),
          password: secretRef.optional(),
        })
        .strict()
        .refine((s) => (s.user === undefined) === (s.password === undefined), {
          message: "give both user and password, or neither",
          path: ["password"],
        }),
      minSeverity: severity.default("low"),
      ...deliveryOptions,
    })
    .strict(),
]);
export type NotifyTarget = z.infer<typeof NotifySchema>;

const scheduleExpr = z
  .string()
  .regex(
    /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/,
    "expected EventBridge Scheduler syntax: rate(6 hours) or cron(...)",
  );

export const TenantConfigSchema = z
  .object({
    tenant: id(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "expected a three-letter currency code such as CNY")
      .default("CNY"),
    timezone: z
      .string()
      .min(1)
      .refine(isTimeZone, "expected an IANA time zone such as Asia/Shanghai")
      .default("Asia/Shanghai"),
    /** The language people read this tenant in; unset: zh-CN for CN or CNY tenants, else en. */
    locale: z.enum(LOCALES).optional(),
    /** Legal guardrails for minimum-price findings on authorized distributors. */
    jurisdiction: z.enum(["CN", "EU", "US", "OTHER"]).default("CN"),
    channels: z.array(ChannelSchema).min(1),
    products: z.array(ProductSchema).min(1),
    distributors: z.array(DistributorSchema).default([]),
    officialSellers: z.array(SellerRefSchema).default([]),
    rules: RulesSchema,
    // Empty for a tenant that only imports captures (HAR files) a person recorded.
    watch: z.array(WatchSchema).default([]),
    network: NetworkSchema,
    schedule: scheduleExpr.default("rate(6 hours)"),
    /**
     * A channel whose run priced less than this share of its pages (removed listings aside) is
     * blind: the run raises a `coverage_drop` alert for it and `run --once` exits 4.
     */
    coverageAlertBelow: z.number().min(0).max(1).default(0.5),
    notify: z.array(NotifySchema).default([{ type: "console", minSeverity: "low" }]),
    evidence: z
      .object({
        /** true: every alert's page; false: none; "price-and-seller" (default): evidence/screenshot-policy.ts. */
        screenshot: z
          .union([z.boolean(), z.literal("price-and-seller")])
          .default("price-and-seller")
          .describe(
            'Screenshot the listing page into the signed evidence bundle: "price-and-seller" (default) for price and seller alerts, true for every alert, false for none',
          ),
      })
      .strict()
      .prefault({}),
    /**
     * Where the dashboard is reached (`https://…`, no path): notifications link each alert's page
     * there. On AWS the API's own endpoint is used when this is unset.
     */
    dashboardUrl: z
      .url({ protocol: /^https?$/ })
      .max(300)
      .transform((u) => u.replace(/\/+$/, ""))
      .optional(),
    /** Who signs enforcement notices drafted from alerts (`pricewarden notice`, the dashboard). */
    notices: z
      .object({
        /** The rights holder's legal name, e.g. 安可医疗科技有限公司. */
        sender: z.string().trim().min(1).max(200),
        /** Where the recipient answers: an e-mail address, a phone number, a postal address. */
        contact: z.string().trim().min(1).max(300),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    // The same checks run on the raw value when the shape is wrong (validateConfig), in one pass.
    for (const { path, problem } of referenceProblems(cfg))
      ctx.addIssue({
        code: "custom",
        path,
        message: referenceMessage(problem, "en"),
        params: { reference: true },
      });
  });

export type TenantConfig = z.infer<typeof TenantConfigSchema>;
export type Channel = TenantConfig["channels"][number];
export type Product = TenantConfig["products"][number];
export type Distributor = TenantConfig["distributors"][number];
export type SellerRef = z.infer<typeof SellerRefSchema>;
export type Watch = z.infer<typeof WatchSchema>;
export type NetworkPolicy = TenantConfig["network"];

export interface ConfigIssue {
  /** `products[2].minPrice` */
  path: string;
  message: string;
}

export type ConfigResult = { ok: true; config: TenantConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Validates an already-parsed value. Every problem is reported at once, each with its path, in
 * `locale` (English unless asked): schema errors naming the missing key and the form it expects,
 * and the cross-references (unknown channel or sku, duplicates) in the same pass.
 */
export function validateConfig(value: unknown, opts: { locale?: Locale } = {}): ConfigResult {
  const locale = opts.locale ?? "en";
  const result = TenantConfigSchema.safeParse(value, { reportInput: true, error: () => DEFAULT_MESSAGE });
  if (result.success) return { ok: true, config: result.data };
  const schemaIssues = result.error.issues.filter(
    (issue) => !(issue.code === "custom" && (issue.params as { reference?: boolean } | undefined)?.reference),
  );
  const issues: ConfigIssue[] = describeIssues(schemaIssues, TenantConfigSchema, locale);
  for (const { path, problem } of referenceProblems(value)) {
    const issue = { path: formatIssuePath(path), message: referenceMessage(problem, locale) };
    if (!issues.some((i) => i.path === issue.path && i.message === issue.message)) issues.push(issue);
  }
  return { ok: false, issues };
}
