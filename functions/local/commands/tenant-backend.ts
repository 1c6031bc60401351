import type { Command } from "commander";
import { PricewardenError } from "../../core/errors.js";
import type { TenantSchedules } from "../../core/tenant-registration.js";
import type { ConfigRepository } from "../../store/config-repository.js";
import type { TenantRepository } from "../../store/tenant-repository.js";
import type { CliText } from "../../text/cli-text.js";
import { UsageError } from "./usage-error.js";

export interface TenantFlags {
  dataDir: string;
  table?: string;
  region: string;
}

/** Where `tenant …` acts: a data directory (a running `start`'s store, or its own) or AWS. */
export interface TenantBackend {
  configs: ConfigRepository;
  tenants: TenantRepository;
  schedules: TenantSchedules;
  where: "running-start" | "data-dir" | "aws";
  close(): Promise<void>;
}

/**
 * The registry and schedules `tenant …` works on. Locally the store of the data directory (over
 * HTTP when a `start` runs there, so it picks the change up at its next poll); with `--table`,
 * the DynamoDB table and EventBridge Scheduler, whose group, targets and roles come from the
 * stack's `TenantSchedulerEnvironment` output set as environment variables.
 */
export async function openTenantBackend(
  opts: TenantFlags,
  command: Command,
  t: CliText,
): Promise<TenantBackend> {
  const fromCli = (name: string) => command.getOptionValueSource(name) === "cli";
  const [{ ConfigRepository }, { TenantRepository }] = await Promise.all([
    import("../../store/config-repository.js"),
    import("../../store/tenant-repository.js"),
  ]);
  if (opts.table === undefined) {
    if (fromCli("region")) throw new UsageError(t.tenant.regionOnlyWithTable);
    const [{ openLocalStore }, { LocalTenantSchedules }] = await Promise.all([
      import("../local-store.js"),
      import("../local-tenant-schedules.js"),
    ]);
    const store = await openLocalStore(opts.dataDir);
    return {
      configs: new ConfigRepository(store.doc, store.tableName),
      tenants: new TenantRepository(store.doc, store.tableName),
      schedules: new LocalTenantSchedules(),
      where: store.owner ? "data-dir" : "running-start",
      close: () => store.close(),
    };
  }
  if (fromCli("dataDir")) throw new UsageError(t.tenant.notWithTable);
  // The Scheduler SDK loads only for a change on AWS, not with every local command.
  const [{ schedulerSettingsFromEnv, SCHEDULER_ENVIRONMENT_NAMES }, { SchedulerTenantSchedules }, scheduler] =
    await Promise.all([
      import("../../aws/scheduler-settings.js"),
      import("../../aws/scheduler-tenant-schedules.js"),
      import("@aws-sdk/client-scheduler"),
    ]);
  let settings: ReturnType<typeof schedulerSettingsFromEnv>;
  try {
    settings = schedulerSettingsFromEnv();
  } catch (error) {
    if (error instanceof PricewardenError) throw new UsageError(error.message);
    throw error;
  }
  if (!settings) throw new UsageError(t.tenant.awsNeedsEnv(SCHEDULER_ENVIRONMENT_NAMES));
  const { createDocumentClient } = await import("../../store/dynamo-client.js");
  const doc = createDocumentClient({ region: opts.region });
  const client = new scheduler.SchedulerClient({ region: opts.region });
  return {
    configs: new ConfigRepository(doc, opts.table),
    tenants: new TenantRepository(doc, opts.table),
    schedules: new SchedulerTenantSchedules(client, settings),
    where: "aws",
    close: async () => {
      doc.destroy();
      client.destroy();
    },
  };
}
