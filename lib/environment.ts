import type { Node } from "constructs";
import * as z from "zod";

/**
 * Settings of one deployment, read from CDK context (`-c env=prod`, cdk.json, or tests). No
 * tenant is among them: the platform is deployed once, and tenants are registered at run time
 * (`pricewarden tenant apply --table …`, `PUT /admin/tenants/{tenant}`), schedules included.
 */
export interface DeploymentSettings {
  envName: string;
  isProd: boolean;
  account: string;
  region: string;
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
  tracing: flag.default(false),
  alarmEmail: z.email().optional(),
  evidenceRetentionDays: positiveInt.optional(),
  crawlMaxConcurrency: positiveInt.max(1000).default(50),
  renderMaxConcurrency: positiveInt.max(1000).default(10),
});

export function readDeploymentSettings(node: Node): DeploymentSettings {
  // A deployment that still lists tenants would otherwise deploy without them, silently.
  if (node.tryGetContext("tenantConfigs") !== undefined)
    throw new Error(
      "CDK context tenantConfigs is no longer read: deploy once, then register tenants at run time (pricewarden tenant apply --table …, or PUT /admin/tenants/{tenant}); see docs/aws.md",
    );
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
    tracing: ctx.tracing,
    alarmEmail: ctx.alarmEmail,
    // Legal hold for evidence in prod; a day in dev so test buckets can be emptied.
    evidenceRetentionDays: ctx.evidenceRetentionDays ?? (isProd ? 1825 : 1),
    crawlMaxConcurrency: Math.max(2, ctx.crawlMaxConcurrency),
    renderMaxConcurrency: Math.max(2, ctx.renderMaxConcurrency),
    evidenceBucketName: `pricewarden-evidence-${ctx.env}-${ctx.account}-${ctx.region}`,
  };
}
