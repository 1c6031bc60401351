import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { commandText, dataDirOption, out } from "./command-io.js";

export function registerReview(program: Command, t: CliText): void {
  program
    .command("review")
    .description(t.help.review)
    .option("--json", t.help.json)
    .option("--config <file>", t.help.configForTenant)
    .option("--tenant <id>", t.help.tenant)
    .addOption(dataDirOption(t))
    .action(
      async (
        opts: { json?: boolean; config?: string; tenant?: string; dataDir: string },
        command: Command,
      ) => {
        const { tenantFor } = await import("./tenant-for.js");
        const t = commandText(command);
        const tenant = await tenantFor(opts, command, t);
        const { withLocalStore } = await import("../local-store.js");
        const { clean } = await import("../alert-table.js");
        await withLocalStore(opts.dataDir, async (store) => {
          const rows = (await store.listings.listForReview(tenant)).map((l) => ({
            url: l.url,
            channel: l.channel,
            title: l.title,
            seller: l.seller,
            reason: l.outcomeReason,
            confidence: l.matchConfidence,
            lastCheckedAt: l.lastCheckedAt,
          }));
          if (opts.json) out(JSON.stringify(rows, null, 2));
          else if (rows.length === 0) out(t.review.nothing);
          else
            for (const r of rows)
              out(
                `${r.channel}  ${clean(r.title, 60)}  ${clean(r.seller, 30)}\n    ${r.url}\n    ${clean(r.reason, 200)}`,
              );
        });
      },
    );
}
