import type { Command } from "commander";
import type { TenantAdminDeps } from "../../stages/tenant-admin.js";
import type { CliText } from "../../text/cli-text.js";
import { commandText, dataDirOption, out } from "./command-io.js";
import { regionOption } from "./evidence-keys.js";
import type { TenantBackend, TenantFlags } from "./tenant-backend.js";
import { UsageError } from "./usage-error.js";

type AdminFlags = TenantFlags & { by?: string };

/**
 * `pricewarden tenant apply|list|pause|resume`: tenants registered at run time. Locally against
 * the data directory (a running `start` follows within its poll); with `--table` on AWS, where
 * the tenant's EventBridge Scheduler schedules are created or changed through the SDK.
 */
export function registerTenant(program: Command, t: CliText): void {
  const tenant = program.command("tenant").description(t.tenant.help.group);
  const withBackendOptions = (command: Command) =>
    command
      .addOption(dataDirOption(t))
      .option("--table <name>", t.tenant.help.table)
      .addOption(regionOption(t.tenant.help.region));

  withBackendOptions(
    tenant
      .command("apply")
      .description(t.tenant.help.apply)
      .requiredOption("--config <file>", t.help.config)
      .option("--by <name>", t.help.by),
  ).action(async (opts: AdminFlags & { config: string }, command: Command) => {
    const { loadConfig, printConfigWarnings } = await import("./load-config.js");
    const loaded = await loadConfig(opts.config, command);
    printConfigWarnings(loaded);
    const { config, t } = loaded;
    const { applyTenant } = await import("../../stages/tenant-admin.js");
    await withAdmin(opts, command, t, async (deps, backend) => {
      const result = await applyTenant(deps, config).catch(translate(config.tenant, deps, t));
      out(t.tenant.applied(config.tenant, result.version, result.configResult === "published"));
      if (result.record.configVersion !== result.version)
        out(t.tenant.newerStands(config.tenant, result.record.configVersion));
      if (result.record.state === "paused") {
        out(t.tenant.pausedStays(config.tenant));
      } else {
        const { nextRunAfter } = await import("../../core/schedule.js");
        const { schedule, timezone } = result.record;
        out(t.tenant.next(nextRunAfter(schedule, timezone, new Date()), schedule, { timeZone: timezone }));
      }
      out(whereText(backend, t));
    });
  });

  withBackendOptions(
    tenant.command("list").description(t.tenant.help.list).option("--json", t.help.jsonArray),
  ).action(async (opts: TenantFlags & { json?: boolean }, command: Command) => {
    const t = commandText(command);
    const [{ listTenants }, { formatTenantTable }] = await Promise.all([
      import("../../stages/tenant-admin.js"),
      import("../tenant-table.js"),
    ]);
    await withAdmin(opts, command, t, async (deps) => {
      const records = await listTenants(deps);
      out(opts.json ? JSON.stringify(records, null, 2) : formatTenantTable(records, t, new Date()));
    });
  });

  for (const verb of ["pause", "resume"] as const) {
    withBackendOptions(
      tenant
        .command(verb)
        .description(t.tenant.help[verb])
        .argument("<tenant>", t.tenant.help.tenantId)
        .option("--by <name>", t.help.by),
    ).action(async (id: string, opts: AdminFlags, command: Command) => {
      const t = commandText(command);
      const { pauseTenant, resumeTenant } = await import("../../stages/tenant-admin.js");
      await withAdmin(opts, command, t, async (deps, backend) => {
        const change = await (verb === "pause" ? pauseTenant : resumeTenant)(deps, id).catch(
          translate(id, deps, t),
        );
        out(verb === "pause" ? t.tenant.paused(id, change.changed) : t.tenant.resumed(id, change.changed));
        out(whereText(backend, t));
      });
    });
  }
}

async function withAdmin(
  opts: AdminFlags,
  command: Command,
  t: CliText,
  work: (deps: TenantAdminDeps, backend: TenantBackend) => Promise<void>,
): Promise<void> {
  const [{ openTenantBackend }, { userInfo }] = await Promise.all([
    import("./tenant-backend.js"),
    import("node:os"),
  ]);
  const backend = await openTenantBackend(opts, command, t);
  try {
    await work(
      {
        configs: backend.configs,
        tenants: backend.tenants,
        schedules: backend.schedules,
        now: () => new Date(),
        by: opts.by ?? userInfo().username,
      },
      backend,
    );
  } finally {
    await backend.close();
  }
}

/** A person's mistake (an unknown tenant) or a race with another admin: one line, exit 2. */
function translate(tenant: string, deps: TenantAdminDeps, t: CliText) {
  return async (error: unknown): Promise<never> => {
    const code = (error as { code?: string } | null)?.code;
    if (code === "TENANT_UNKNOWN") {
      const known = (await deps.tenants.list()).map((r) => r.tenant);
      throw new UsageError(t.tenant.unknown(tenant, known));
    }
    if (code === "STORE_CONFLICT") throw new UsageError(t.tenant.conflict(tenant));
    throw error;
  };
}

function whereText(backend: TenantBackend, t: CliText): string {
  if (backend.where === "aws") return t.tenant.awsSynced;
  return backend.where === "running-start" ? t.tenant.runningStart : t.tenant.noStart;
}
