import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SchedulerSettings, schedulerSettingsFromEnv } from "../../functions/aws/scheduler-settings.js";
import {
  SchedulerTenantSchedules,
  tenantScheduleName,
} from "../../functions/aws/scheduler-tenant-schedules.js";
import type { TenantRecord } from "../../functions/core/tenant-registration.js";

const SETTINGS: SchedulerSettings = {
  groupName: "pricewarden-prod",
  run: {
    targetArn: "arn:aws-cn:lambda:cn-north-1:123456789012:function:Plan",
    roleArn: "arn:aws-cn:iam::123456789012:role/PlanInvoker",
  },
  notify: {
    targetArn: "arn:aws-cn:lambda:cn-north-1:123456789012:function:Notifier",
    roleArn: "arn:aws-cn:iam::123456789012:role/NotifyInvoker",
  },
  deadLetterArn: "arn:aws-cn:sqs:cn-north-1:123456789012:ScheduleFailures",
};

const record = (over: Partial<TenantRecord> = {}): TenantRecord => ({
  tenant: "acme-pharma",
  state: "active",
  configVersion: "000003",
  schedule: "cron(0 2,14 * * ? *)",
  timezone: "Asia/Shanghai",
  updatedAt: "2026-03-01T08:00:00.000Z",
  updatedBy: "ops@pricewarden.example",
  ...over,
});

const notFound = () =>
  new ResourceNotFoundException({
    message: "Schedule not found",
    Message: "Schedule not found",
    $metadata: {},
  });
const conflict = () =>
  new ConflictException({
    message: "Schedule already exists",
    Message: "Schedule already exists",
    $metadata: {},
  });

/**
 * No local EventBridge Scheduler exists: this stands in for one group of it. Update and create
 * behave as the service does for a missing or an existing schedule; `beforeCreate` lets a test
 * put a competing sync between a sync's update and its create.
 */
function fakeScheduler(opts: { beforeCreate?: (name: string) => void } = {}) {
  const mock = mockClient(SchedulerClient);
  const schedules = new Map<string, CreateScheduleCommandInput>();
  const key = (input: { GroupName?: string | undefined; Name?: string | undefined }) =>
    `${input.GroupName}/${input.Name}`;
  mock.on(UpdateScheduleCommand).callsFake((input: CreateScheduleCommandInput) => {
    if (!schedules.has(key(input))) throw notFound();
    schedules.set(key(input), input);
    return { ScheduleArn: `arn:aws:scheduler:::schedule/${key(input)}` };
  });
  mock.on(CreateScheduleCommand).callsFake((input: CreateScheduleCommandInput) => {
    opts.beforeCreate?.(key(input));
    if (schedules.has(key(input))) throw conflict();
    schedules.set(key(input), input);
    return { ScheduleArn: `arn:aws:scheduler:::schedule/${key(input)}` };
  });
  return { mock, schedules };
}

let fake: ReturnType<typeof fakeScheduler>;
const schedulesFor = () =>
  new SchedulerTenantSchedules(new SchedulerClient({ region: "cn-north-1" }), SETTINGS);

afterEach(() => fake.mock.restore());

describe("SchedulerTenantSchedules", () => {
  beforeEach(() => {
    fake = fakeScheduler();
  });

  it("creates a new tenant's run and notify schedules with the stack's target, retry and DLQ settings", async () => {
    await schedulesFor().sync(record());
    expect([...fake.schedules.keys()].sort()).toEqual([
      "pricewarden-prod/notify-acme-pharma",
      "pricewarden-prod/run-acme-pharma",
    ]);
    expect(fake.schedules.get("pricewarden-prod/run-acme-pharma")).toEqual({
      Name: "run-acme-pharma",
      GroupName: "pricewarden-prod",
      Description: "Monitoring run of acme-pharma (config 000003)",
      ScheduleExpression: "cron(0 2,14 * * ? *)",
      ScheduleExpressionTimezone: "Asia/Shanghai",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: {
        Arn: SETTINGS.run.targetArn,
        RoleArn: SETTINGS.run.roleArn,
        Input: '{"tenant":"acme-pharma"}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: SETTINGS.deadLetterArn },
      },
    });
    expect(fake.schedules.get("pricewarden-prod/notify-acme-pharma")).toMatchObject({
      ScheduleExpression: "rate(5 minutes)",
      State: "ENABLED",
      Target: {
        Arn: SETTINGS.notify.targetArn,
        RoleArn: SETTINGS.notify.roleArn,
        Input: '{"tenant":"acme-pharma"}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: SETTINGS.deadLetterArn },
      },
    });
    // Tried to update first, found nothing, created.
    expect(fake.mock.commandCalls(UpdateScheduleCommand)).toHaveLength(2);
    expect(fake.mock.commandCalls(CreateScheduleCommand)).toHaveLength(2);
  });

  it("updates existing schedules in place when the schedule or zone changes, creating nothing", async () => {
    await schedulesFor().sync(record());
    fake.mock.resetHistory();
    await schedulesFor().sync(
      record({ schedule: "rate(12 hours)", timezone: "Asia/Urumqi", configVersion: "000004" }),
    );
    expect(fake.mock.commandCalls(CreateScheduleCommand)).toHaveLength(0);
    expect(fake.mock.commandCalls(UpdateScheduleCommand)).toHaveLength(2);
    expect(fake.schedules.get("pricewarden-prod/run-acme-pharma")).toMatchObject({
      ScheduleExpression: "rate(12 hours)",
      ScheduleExpressionTimezone: "Asia/Urumqi",
      Description: "Monitoring run of acme-pharma (config 000004)",
    });
  });

  it("disables both schedules of a paused tenant and enables them again on resume", async () => {
    await schedulesFor().sync(record({ state: "paused" }));
    for (const schedule of fake.schedules.values()) expect(schedule.State).toBe("DISABLED");
    await schedulesFor().sync(record({ state: "active" }));
    for (const schedule of fake.schedules.values()) expect(schedule.State).toBe("ENABLED");
    expect(fake.schedules.size).toBe(2);
  });

  it("keeps the other tenants' schedules apart", async () => {
    await schedulesFor().sync(record());
    await schedulesFor().sync(record({ tenant: "beijing-meditech", state: "paused" }));
    expect(fake.schedules.get("pricewarden-prod/run-acme-pharma")?.State).toBe("ENABLED");
    expect(fake.schedules.get("pricewarden-prod/run-beijing-meditech")?.Target?.Input).toBe(
      '{"tenant":"beijing-meditech"}',
    );
  });

  it("propagates what it cannot handle (an expression Scheduler rejects) instead of creating", async () => {
    fake.mock.on(UpdateScheduleCommand).rejects(
      new ValidationException({
        message: "Invalid Schedule Expression",
        Message: "Invalid Schedule Expression",
        $metadata: {},
      }),
    );
    await expect(schedulesFor().sync(record())).rejects.toThrow("Invalid Schedule Expression");
    expect(fake.mock.commandCalls(CreateScheduleCommand)).toHaveLength(0);
  });
});

describe("SchedulerTenantSchedules under a race", () => {
  it("updates when another sync created the schedule between its update and its create", async () => {
    let raced = false;
    fake = fakeScheduler({
      beforeCreate: (name) => {
        // The first create of the run schedule finds that a concurrent sync (paused) got there first.
        if (raced || !name.endsWith("/run-acme-pharma")) return;
        raced = true;
        fake.schedules.set(name, {
          Name: "run-acme-pharma",
          State: "DISABLED",
        } as CreateScheduleCommandInput);
      },
    });
    await schedulesFor().sync(record({ schedule: "rate(6 hours)" }));
    expect(raced).toBe(true);
    expect(fake.mock.commandCalls(CreateScheduleCommand, { Name: "run-acme-pharma" })).toHaveLength(1);
    // Update, create (conflict), update again: ours is the content that stays.
    expect(fake.mock.commandCalls(UpdateScheduleCommand, { Name: "run-acme-pharma" })).toHaveLength(2);
    expect(fake.schedules.get("pricewarden-prod/run-acme-pharma")).toMatchObject({
      State: "ENABLED",
      ScheduleExpression: "rate(6 hours)",
    });
  });
});

describe("tenantScheduleName", () => {
  const NAME = /^[0-9a-zA-Z._-]{1,64}$/;

  it("is run-/notify- and the tenant id when it fits", () => {
    expect(tenantScheduleName("run", "acme-pharma")).toBe("run-acme-pharma");
    expect(tenantScheduleName("notify", "acme-pharma")).toBe("notify-acme-pharma");
    const longest = "a".repeat(57);
    expect(tenantScheduleName("notify", longest)).toBe(`notify-${longest}`);
  });

  it("shortens a long id stably, within Scheduler's limits, and never onto another tenant's name", () => {
    const long = `${"x".repeat(60)}-a`;
    const other = `${"x".repeat(60)}-b`;
    for (const kind of ["run", "notify"] as const) {
      const name = tenantScheduleName(kind, long);
      expect(name).toMatch(NAME);
      expect(name).toHaveLength(64);
      expect(name).toBe(tenantScheduleName(kind, long));
      expect(name).not.toBe(tenantScheduleName(kind, other));
      // The "." marks a shortened name: no tenant id (lowercase, digits, dashes) has one.
      expect(name).toContain(".");
    }
  });
});

describe("schedulerSettingsFromEnv", () => {
  const env = {
    TENANT_SCHEDULE_GROUP: "pricewarden-prod",
    TENANT_RUN_TARGET_ARN: SETTINGS.run.targetArn,
    TENANT_RUN_ROLE_ARN: SETTINGS.run.roleArn,
    TENANT_NOTIFY_TARGET_ARN: SETTINGS.notify.targetArn,
    TENANT_NOTIFY_ROLE_ARN: SETTINGS.notify.roleArn,
    TENANT_SCHEDULE_DLQ_ARN: SETTINGS.deadLetterArn,
  };

  it("reads all six, none, or refuses a partial or malformed set", () => {
    expect(schedulerSettingsFromEnv(env)).toEqual(SETTINGS);
    expect(schedulerSettingsFromEnv({})).toBeNull();
    expect(() => schedulerSettingsFromEnv({ ...env, TENANT_SCHEDULE_DLQ_ARN: undefined })).toThrow(
      /TENANT_SCHEDULE_DLQ_ARN/,
    );
    expect(() => schedulerSettingsFromEnv({ ...env, TENANT_RUN_ROLE_ARN: SETTINGS.run.targetArn })).toThrow(
      /TENANT_RUN_ROLE_ARN/,
    );
  });
});
