import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { dataDirOption, err, out } from "./command-io.js";

export function registerImport(program: Command, t: CliText): void {
  program
    .command("import")
    .description(t.help.import)
    .argument("<file>", t.help.harFile)
    .requiredOption("--config <file>", t.help.config)
    .option("--json", t.help.jsonImport)
    .addOption(dataDirOption(t))
    .action(
      async (file: string, opts: { config: string; json?: boolean; dataDir: string }, command: Command) => {
        const { loadConfig } = await import("./load-config.js");
        const { readInput } = await import("./read-input.js");
        const { config, t } = await loadConfig(opts.config, command);
        const text = readInput(file, t);
        const [
          { rememberTenant },
          { openLocalStore },
          { importLocalHar },
          { toAlertView },
          { formatAlertTable },
        ] = await Promise.all([
          import("../tenant-registry.js"),
          import("../local-store.js"),
          import("../local-cycle.js"),
          import("../../core/alert-view.js"),
          import("../alert-table.js"),
        ]);
        rememberTenant(opts.dataDir, config.tenant);
        const store = await openLocalStore(opts.dataDir);
        try {
          const result = await importLocalHar(config, store, opts.dataDir, text);
          const open = await store.alerts.list(config.tenant, { statuses: ["open", "acknowledged"] });
          err(
            formatAlertTable(
              open.map((a) => toAlertView(a, t.locale)),
              t,
            ),
          );
          for (const url of result.unmatchedPages) err(t.importHar.unmatched(opts.config, url));
          const line = {
            har: result.report.sha256,
            pages: result.report.readings.length,
            listings: result.results.filter((r) => r.listing).length,
            alertsNew: result.alertsNew,
            alertsOpen: open.length,
            outcomes: result.report.outcomes,
          };
          if (opts.json) out(JSON.stringify(line));
          else out(t.importHar.summary(line.pages, line.listings, line.alertsNew, line.har.slice(0, 12)));
        } finally {
          await store.close();
        }
      },
    );
}
