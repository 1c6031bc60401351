import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { Node } from "constructs";
import * as z from "zod";
import { parseConfigText } from "../functions/core/config-text.js";

/** Settings of one deployment, read from CDK context (`-c env=prod`, cdk.json, or tests). */
export interface DeploymentSettings {
  envName: string;
  isProd: boolean;
  account: string;
  region: string;
  tenants: TenantSchedule[];
  tracing: boolean;
  alarmEmail: string | undefined;
  evidenceRetentionDays: number;
  crawlMaxConcurrency: number;
  renderMaxConcurrency: number;
  /**
   * A fixed name, so the stateless stack addresses evidence objects by a literal ARN rather than
   * a cross-stack export (and legal tooling can name the bucket).
   */
  evidenceBucketName: string;
}

export interface TenantSchedule {
  tenant: string;
  /** EventBridge Scheduler expression from the tenant config. */
  schedule: string;
  timezone: string;
  source: string;
}

const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
const positiveInt = z.coerce.number().int().positive();

const ContextSchema = z.object({
  env: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,15}$/)
    .default("dev"),
  // Placeholders keep `cdk synth` offline (no account lookup); deploys set the real ones.
  account: z
    .string()
    .regex(/^\d{12}$/)
    .default(process.env["CDK_DEFAULT_ACCOUNT"] ?? "111111111111"),
  region: z
    .string()
    .min(1)
    .default(process.env["CDK_DEFAULT_REGION"] ?? "us-east-1"),
  /** Comma-separated tenant config files (YAML/JSON), relative to the repository root. */
  tenantConfigs: z.string().default("examples/demo.yaml"),
  tracing: flag.default(false),
  alarmEmail: z.email().optional(),
  evidenceRetentionDays: positiveInt.optional(),
  crawlMaxConcurrency: positiveInt.max(1000).default(50),
  renderMaxConcurrency: positiveInt.max(1000).default(10),
});

export function readDeploymentSettings(node: Node, projectRoot: string): DeploymentSettings {
  const keys = Object.keys(ContextSchema.shape);
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    const value = node.tryGetContext(key);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = ContextSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `invalid CDK context: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const ctx = parsed.data;
  const isProd = ctx.env === "prod";
  return {
    envName: ctx.env,
    isProd,
    account: ctx.account,
    region: ctx.region,
    tenants: readTenantSchedules(ctx.tenantConfigs, projectRoot),
    tracing: ctx.tracing,
    alarmEmail: ctx.alarmEmail,
    // Legal hold for evidence in prod; a day in dev so test buckets can be emptied.
    evidenceRetentionDays: ctx.evidenceRetentionDays ?? (isProd ? 1825 : 1),
    crawlMaxConcurrency: Math.max(2, ctx.crawlMaxConcurrency),
    renderMaxConcurrency: Math.max(2, ctx.renderMaxConcurrency),
    evidenceBucketName: `pricewarden-evidence-${ctx.env}-${ctx.account}-${ctx.region}`,
  };
}

/** Each file is validated like `pricewarden validate`: a bad config stops the synth. */
export function readTenantSchedules(list: string, projectRoot: string): TenantSchedule[] {
  const files = list
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
  const tenants: TenantSchedule[] = [];
  for (const file of files) {
    const path = isAbsolute(file) ? file : resolve(projectRoot, file);
    if (!existsSync(path)) throw new Error(`tenant config ${file} not found`);
    const result = parseConfigText(readFileSync(path, "utf8"));
    if (!result.ok) {
      throw new Error(
        `tenant config ${file} is invalid: ${result.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      );
    }
    const { tenant, schedule, timezone } = result.config;
    if (tenants.some((t) => t.tenant === tenant)) throw new Error(`tenant ${tenant} is configured twice`);
    tenants.push({ tenant, schedule, timezone, source: file });
  }
  return tenants;
}
