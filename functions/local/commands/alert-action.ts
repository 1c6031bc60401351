import type { Command } from "commander";
import type { AlertVerb } from "../../core/alert.js";
import { wallClockInput } from "../../core/wall-clock-input.js";
import type { CliText } from "../../text/cli-text.js";
import { out } from "./command-io.js";
import { loadConfig } from "./load-config.js";
import { resolveAlert } from "./resolve-alert-id.js";
import { tenantFor } from "./tenant-for.js";
import { UsageError } from "./usage-error.js";

/** `alerts ack|resolve|dismiss|reopen|snooze ID`: one person's action through the alert lifecycle. */
export async function act(args: {
  id: string;
  verb: AlertVerb;
  opts: { by: string; note?: string; until?: string; config?: string; tenant?: string; dataDir: string };
  command: Command;
  t: CliText;
}): Promise<void> {
  const { id, verb, opts, command } = args;
  let t = args.t;
  let timeZone = "Asia/Shanghai";
  if (opts.config) {
    const loaded = await loadConfig(opts.config, command);
    t = loaded.t;
    timeZone = loaded.config.timezone;
  }
  const tenant = await tenantFor(opts, command, t);
  const now = new Date();
  let until: string | undefined;
  if (verb === "snooze") {
    const at = opts.until === undefined ? null : wallClockInput(opts.until, timeZone);
    if (at === null) throw new UsageError(t.alerts.badUntil(opts.until ?? ""));
    until = at.toISOString();
  }
  const { withLocalStore } = await import("../local-store.js");
  await withLocalStore(opts.dataDir, async (store) => {
    const alert = await resolveAlert(store.alerts, tenant, id, t);
    const result = await store.alerts.act(tenant, alert.id, {
      verb,
      by: opts.by,
      note: opts.note,
      now: now.toISOString(),
      ...(until ? { until } : {}),
    });
    if (result.kind === "not_found") throw new UsageError(t.alertId.unknown(id, tenant));
    if (result.kind === "invalid") {
      const { validVerbs } = await import("../../core/alert-lifecycle.js");
      throw new UsageError(
        t.alerts.invalid(
          alert.id,
          result.alert.status,
          verb,
          result.problem,
          validVerbs(result.alert, now.toISOString()),
        ),
      );
    }
    out(
      result.kind === "unchanged"
        ? t.alerts.unchanged(result.alert.id, result.alert.status)
        : t.alerts.changed(result.alert.id, result.alert.status, opts.by, result.alert.snoozedUntil ?? null, {
            timeZone,
          }),
    );
  });
}
