import * as z from "zod";
import { formatIssuePath } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";

const arn = (service: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `expected an ${service} ARN`);

/**
 * Where tenants' EventBridge Scheduler schedules live and what they invoke. The stack sets these
 * on the API function and prints them as one output (`TenantSchedulerEnvironment`) for the CLI's
 * `tenant … --table` on AWS. Names are not `PRICEWARDEN_…`: they are not secrets a config may read.
 */
export const SchedulerEnvironmentSchema = z.object({
  TENANT_SCHEDULE_GROUP: z.string().regex(/^[0-9a-zA-Z._-]{1,64}$/, "expected a schedule group name"),
  /** The plan function each tenant's `run-…` schedule invokes, and the role Scheduler assumes to. */
  TENANT_RUN_TARGET_ARN: arn("lambda"),
  TENANT_RUN_ROLE_ARN: arn("iam"),
  /** The notifier each tenant's 5-minute `notify-…` sweep invokes, and its role. */
  TENANT_NOTIFY_TARGET_ARN: arn("lambda"),
  TENANT_NOTIFY_ROLE_ARN: arn("iam"),
  /** Where Scheduler puts invocations that failed after its retries. */
  TENANT_SCHEDULE_DLQ_ARN: arn("sqs"),
});
export type SchedulerEnvironment = z.infer<typeof SchedulerEnvironmentSchema>;

export const SCHEDULER_ENVIRONMENT_NAMES = Object.keys(
  SchedulerEnvironmentSchema.shape,
) as (keyof SchedulerEnvironment)[];

export interface SchedulerSettings {
  groupName: string;
  run: { targetArn: string; roleArn: string };
  notify: { targetArn: string; roleArn: string };
  deadLetterArn: string;
}

/**
 * The settings from the environment, or null when none of the names is set (a deployment that
 * manages no tenants, or the local runner); a partial or malformed set is a deployment error.
 */
export function schedulerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SchedulerSettings | null {
  if (SCHEDULER_ENVIRONMENT_NAMES.every((name) => env[name] === undefined)) return null;
  const picked = Object.fromEntries(SCHEDULER_ENVIRONMENT_NAMES.map((name) => [name, env[name]]));
  const parsed = SchedulerEnvironmentSchema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`).join("; ");
    throw new PricewardenError("CONFIG_INVALID", `tenant scheduler settings are invalid: ${problems}`);
  }
  const e = parsed.data;
  return {
    groupName: e.TENANT_SCHEDULE_GROUP,
    run: { targetArn: e.TENANT_RUN_TARGET_ARN, roleArn: e.TENANT_RUN_ROLE_ARN },
    notify: { targetArn: e.TENANT_NOTIFY_TARGET_ARN, roleArn: e.TENANT_NOTIFY_ROLE_ARN },
    deadLetterArn: e.TENANT_SCHEDULE_DLQ_ARN,
  };
}
