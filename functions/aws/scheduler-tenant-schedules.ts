import { createHash } from "node:crypto";
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  type SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import type { TenantRecord, TenantSchedules } from "../core/tenant-registration.js";
import type { SchedulerSettings } from "./scheduler-settings.js";

/** Scheduler's limit on a schedule name (characters `[0-9a-zA-Z-_.]`). */
const MAX_NAME_LENGTH = 64;
const HASH_LENGTH = 12;
const MAX_DESCRIPTION_LENGTH = 512;
/** Each tenant's delivery sweep: retries whose backoff has elapsed go out within 5 minutes. */
const NOTIFY_SWEEP = "rate(5 minutes)";
/** As the stack's schedules were: Scheduler retries 3 times within an hour, then the DLQ. */
const RETRY_POLICY = { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 };

export type TenantScheduleKind = "run" | "notify";

/**
 * `run-{tenant}` / `notify-{tenant}`. Config tenant ids (`[a-z0-9-]`, any length) fit Scheduler's
 * name syntax; one too long for 64 characters is cut and given a hash of the whole id after a `.`,
 * a character no tenant id has, so a shortened name never equals another tenant's plain one.
 */
export function tenantScheduleName(kind: TenantScheduleKind, tenant: string): string {
  const plain = `${kind}-${tenant}`;
  if (plain.length <= MAX_NAME_LENGTH) return plain;
  const hash = createHash("sha256").update(tenant).digest("hex").slice(0, HASH_LENGTH);
  return `${plain.slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)}.${hash}`;
}

/**
 * A tenant's two EventBridge Scheduler schedules, kept in line with its record through the SDK
 * (no redeploy): the monitoring run (the config's schedule, in its zone → plan function) and the
 * 5-minute delivery sweep (→ notifier), both with input `{"tenant": …}`, both disabled while the
 * tenant is paused. Update first (the usual case); a missing schedule is created; a create that
 * loses a race to another sync updates instead, so concurrent syncs converge.
 */
export class SchedulerTenantSchedules implements TenantSchedules {
  constructor(
    private readonly client: SchedulerClient,
    private readonly settings: SchedulerSettings,
  ) {}

  async sync(record: TenantRecord): Promise<void> {
    await this.put(this.runSchedule(record));
    await this.put(this.notifySchedule(record));
  }

  private runSchedule(record: TenantRecord): CreateScheduleCommandInput {
    return this.schedule(record, {
      Name: tenantScheduleName("run", record.tenant),
      Description: `Monitoring run of ${record.tenant} (config ${record.configVersion})`,
      ScheduleExpression: record.schedule,
      ScheduleExpressionTimezone: record.timezone,
      target: this.settings.run,
    });
  }

  private notifySchedule(record: TenantRecord): CreateScheduleCommandInput {
    return this.schedule(record, {
      Name: tenantScheduleName("notify", record.tenant),
      Description: `Delivery sweep of ${record.tenant}: retries whose backoff has elapsed`,
      ScheduleExpression: NOTIFY_SWEEP,
      ScheduleExpressionTimezone: "Etc/UTC",
      target: this.settings.notify,
    });
  }

  private schedule(
    record: TenantRecord,
    s: {
      Name: string;
      Description: string;
      ScheduleExpression: string;
      ScheduleExpressionTimezone: string;
      target: { targetArn: string; roleArn: string };
    },
  ): CreateScheduleCommandInput {
    return {
      Name: s.Name,
      GroupName: this.settings.groupName,
      Description: s.Description.slice(0, MAX_DESCRIPTION_LENGTH),
      ScheduleExpression: s.ScheduleExpression,
      ScheduleExpressionTimezone: s.ScheduleExpressionTimezone,
      FlexibleTimeWindow: { Mode: "OFF" },
      State: record.state === "active" ? "ENABLED" : "DISABLED",
      Target: {
        Arn: s.target.targetArn,
        RoleArn: s.target.roleArn,
        Input: JSON.stringify({ tenant: record.tenant }),
        RetryPolicy: RETRY_POLICY,
        DeadLetterConfig: { Arn: this.settings.deadLetterArn },
      },
    };
  }

  private async put(input: CreateScheduleCommandInput): Promise<void> {
    try {
      await this.client.send(new UpdateScheduleCommand(input));
      return;
    } catch (error) {
      if (!isNamed(error, "ResourceNotFoundException")) throw error;
    }
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      // Another sync created it between our update and create: ours is the newer content.
      if (!isNamed(error, "ConflictException")) throw error;
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }
}

/** By name, as the SDK's modeled errors are identified across copies of the client package. */
function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
