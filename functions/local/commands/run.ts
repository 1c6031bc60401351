import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { dataDirOption, err, out } from "./command-io.js";
import { EXIT_BLIND } from "./exit-codes.js";

export function registerRun(program: Command, t: CliText): void {
  program
    .command("run")
    .description(t.help.run)
    .requiredOption("--config <file>", t.help.config)
    .option("--once", t.help.once)
    .option("--json", t.help.jsonSummary)
    .addOption(dataDirOption(t))
    .addHelpText("after", `\n${t.help.runExitCodes}`)
    .action(
      async (opts: { config: string; once?: boolean; json?: boolean; dataDir: string }, command: Command) => {
        const { loadConfig, printConfigWarnings } = await import("./load-config.js");
        const loaded = await loadConfig(opts.config, command);
        printConfigWarnings(loaded);
        const { config, t } = loaded;
        const { rememberTenant } = await import("../tenant-registry.js");
        const { openLocalStore } = await import("../local-store.js");
        rememberTenant(opts.dataDir, config.tenant);
        const store = await openLocalStore(opts.dataDir, { ownThread: true });
        if (!opts.once) {
          const { startSchedulerLoop } = await import("../start-local.js");
          const { untilSignal } = await import("./until-signal.js");
          const loop = startSchedulerLoop(config, store, opts.dataDir, { out, err }, t);
          await untilSignal();
          await loop.stop();
          await store.close();
          return;
        }
        try {
          const [
            { runLocalCycle },
            { toAlertView },
            { formatAlertTable },
            { blindLines, formatCoverageTable },
          ] = await Promise.all([
            import("../local-cycle.js"),
            import("../../core/alert-view.js"),
            import("../alert-table.js"),
            import("../coverage-table.js"),
          ]);
          const { summary, deliveries } = await runLocalCycle(config, store, err, opts.dataDir);
          const open = await store.alerts.list(config.tenant, { statuses: ["open", "acknowledged"] });
          err(
            formatAlertTable(
              open.map((a) => toAlertView(a, t.locale)),
              t,
            ),
          );
          err(t.run.deliveries(deliveries));
          err(formatCoverageTable(summary.channels ?? {}, t));
          for (const line of blindLines(summary, t)) err(line);
          if (summary.blind) process.exitCode = EXIT_BLIND;
          const line = {
            pages: summary.pages,
            listings: summary.listings,
            alertsNew: summary.alertsNew,
            alertsOpen: summary.alertsOpen,
            errors: summary.errors,
            seconds: summary.seconds,
            pagesPerSecond: summary.pagesPerSecond,
            coverage: summary.coverage ?? null,
            channels: summary.channels ?? {},
          };
          if (opts.json) out(JSON.stringify(line));
          else out(t.run.summary(summary));
        } finally {
          await store.close();
        }
      },
    );
}
