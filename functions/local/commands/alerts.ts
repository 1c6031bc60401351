import { type Command, Option } from "commander";
import type { AlertVerb } from "../../core/alert.js";
import type { CliText } from "../../text/cli-text.js";
import { commandText, dataDirOption, out } from "./command-io.js";

/** Every status `--status` takes (the lifecycle's, and `all`), kept here so help loads no schema. */
const STATUS_CHOICES = ["open", "all", "acknowledged", "resolved", "dismissed", "snoozed"];

/** The CLI's verbs and the lifecycle's. */
const VERBS: ReadonlyArray<readonly [string, AlertVerb]> = [
  ["ack", "acknowledge"],
  ["resolve", "resolve"],
  ["dismiss", "dismiss"],
  ["reopen", "reopen"],
  ["snooze", "snooze"],
];

interface TenantFlags {
  config?: string;
  tenant?: string;
  dataDir: string;
}

export function registerAlerts(program: Command, t: CliText): void {
  const alerts = program
    .command("alerts")
    .description(t.help.alerts)
    .addOption(new Option("--status <status>", t.help.status).choices(STATUS_CHOICES).default("open"))
    .option("--type <type>", t.help.alertType)
    .option("--json", t.help.jsonArray)
    .option("--config <file>", t.help.configForTenant)
    .option("--tenant <id>", t.help.tenant)
    .addOption(dataDirOption(t))
    .action(
      async (opts: TenantFlags & { status: string; type?: string; json?: boolean }, command: Command) => {
        const { tenantFor } = await import("./tenant-for.js");
        const t = commandText(command);
        const tenant = await tenantFor(opts, command, t);
        const [{ withLocalStore }, { toAlertView }, { formatAlertTable }] = await Promise.all([
          import("../local-store.js"),
          import("../../core/alert-view.js"),
          import("../alert-table.js"),
        ]);
        const { AlertTypeSchema } = await import("../../core/alert.js");
        if (opts.type !== undefined && !AlertTypeSchema.safeParse(opts.type).success)
          throw new (await import("./usage-error.js")).UsageError(
            t.alerts.badType(opts.type, AlertTypeSchema.options),
          );
        await withLocalStore(opts.dataDir, async (store) => {
          const statuses = opts.status === "all" ? undefined : [opts.status as "open"];
          const stored = (await store.alerts.list(tenant, statuses ? { statuses } : {})).filter(
            (a) => !opts.type || a.type === opts.type,
          );
          // --json is for programs and stays as it was; the table is in the reader's language.
          if (opts.json)
            out(
              JSON.stringify(
                stored.map((a) => toAlertView(a)),
                null,
                2,
              ),
            );
          else
            out(
              formatAlertTable(
                stored.map((a) => toAlertView(a, t.locale)),
                t,
              ),
            );
        });
      },
    );

  for (const [name, verb] of VERBS) {
    const sub = alerts
      .command(name)
      .description(t.help.verb[verb])
      .argument("<id>", t.help.alertId)
      .requiredOption("--by <name>", t.help.by)
      .option("--note <text>", t.help.note);
    if (verb === "snooze") sub.requiredOption("--until <time>", t.help.until);
    sub
      .option("--config <file>", t.help.configForTenant)
      .option("--tenant <id>", t.help.tenant)
      .addOption(dataDirOption(t))
      .action(async (id: string, _opts: unknown, command: Command) => {
        const t = commandText(command);
        const { act } = await import("./alert-action.js");
        const opts = ownOrParentOpts<TenantFlags & { by: string; note?: string; until?: string }>(command);
        await act({ id, verb, opts, command, t });
      });
  }
}

/**
 * `alerts` and its verbs share `--tenant`, `--config` and `--data-dir`; commander gives a flag
 * written after the verb to whichever command parses it first, so take each from where it was set.
 */
function ownOrParentOpts<T>(command: Command): T {
  const merged: Record<string, unknown> = { ...command.opts() };
  const parent = command.parent;
  if (parent)
    for (const [key, value] of Object.entries(parent.opts()))
      if (parent.getOptionValueSource(key) === "cli" && command.getOptionValueSource(key) !== "cli")
        merged[key] = value;
  return merged as T;
}
