import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { commandText, dataDirOption, out } from "./command-io.js";

export function registerHistory(program: Command, t: CliText): void {
  program
    .command("history")
    .description(t.help.history)
    .requiredOption("--sku <sku>", t.help.sku)
    .option("--channel <id>", t.help.onlyChannel)
    .option("--json", t.help.json)
    .option("--config <file>", t.help.configForTenant)
    .option("--tenant <id>", t.help.tenant)
    .addOption(dataDirOption(t))
    .action(
      async (
        opts: {
          sku: string;
          channel?: string;
          json?: boolean;
          config?: string;
          tenant?: string;
          dataDir: string;
        },
        command: Command,
      ) => {
        let t = commandText(command);
        // Times are shown in the tenant's zone: the config's when one is given, else the default's.
        let timeZone = "Asia/Shanghai";
        if (opts.config) {
          const { loadConfig } = await import("./load-config.js");
          const loaded = await loadConfig(opts.config, command);
          t = loaded.t;
          timeZone = loaded.config.timezone;
        }
        const { tenantFor } = await import("./tenant-for.js");
        const tenant = await tenantFor(opts, command, t);
        const [{ withLocalStore }, { minorToDecimal }, { clean }] = await Promise.all([
          import("../local-store.js"),
          import("../../core/money.js"),
          import("../alert-table.js"),
        ]);
        await withLocalStore(opts.dataDir, async (store) => {
          const listings = await store.listings.listBySku(tenant, opts.sku, opts.channel);
          const rows = [];
          for (const listing of listings) {
            const observations = await store.listings.observations(tenant, listing.listingId);
            rows.push({
              listingId: listing.listingId,
              url: listing.url,
              channel: listing.channel,
              seller: listing.seller,
              sellerKind: listing.sellerKind,
              observations: observations.map((o) => ({
                at: o.at,
                listedPrice: o.listedPrice === null ? null : minorToDecimal(o.listedPrice),
                perPackPrice: o.perPackPrice === null ? null : minorToDecimal(o.perPackPrice),
                availability: o.availability,
                reason: o.reason,
              })),
            });
          }
          if (opts.json) {
            out(JSON.stringify(rows, null, 2));
            return;
          }
          if (rows.length === 0) out(t.history.none(opts.sku));
          for (const row of rows) {
            out(`${row.channel}  ${clean(row.seller)} (${t.sellerKind(row.sellerKind)})  ${row.url}`);
            for (const o of row.observations) out(`    ${t.history.observation(o, timeZone)}`);
          }
        });
      },
    );
}
