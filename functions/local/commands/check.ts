import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { out } from "./command-io.js";
import { EXIT_FINDINGS, EXIT_OK } from "./exit-codes.js";

export function registerCheck(program: Command, t: CliText): void {
  program
    .command("check")
    .description(t.help.check)
    .requiredOption("--config <file>", t.help.config)
    .requiredOption("--sku <sku>", t.help.sku)
    .requiredOption("--channel <id>", t.help.channel)
    .requiredOption("--price <price>", t.help.price)
    .option("--seller <name>", t.help.seller)
    .option("--seller-id <id>", t.help.sellerId)
    .option("--ship-from <region>", t.help.shipFrom)
    .option("--title <text>", t.help.title)
    .option("--promotion <text...>", t.help.promotion)
    .option("--json", t.help.json)
    .action(
      async (
        opts: {
          config: string;
          sku: string;
          channel: string;
          price: string;
          seller?: string;
          sellerId?: string;
          shipFrom?: string;
          title?: string;
          promotion?: string[];
          json?: boolean;
        },
        command: Command,
      ) => {
        const { loadConfig } = await import("./load-config.js");
        const { config, t } = await loadConfig(opts.config, command);
        const [{ plannedPrice }, { MONITORING_ONLY_NOTE, precheckListing }, { UsageError }] =
          await Promise.all([
            import("../../core/price/planned-price.js"),
            import("../../stages/precheck.js"),
            import("./usage-error.js"),
          ]);
        const price = plannedPrice(opts.price, config.currency);
        if (price.kind !== "ok")
          throw new UsageError(t.check.badPrice(opts.price, price.kind, config.currency));
        const result = precheckListing(config, {
          sku: opts.sku,
          channel: opts.channel,
          price: price.amount,
          ...(opts.seller ? { seller: opts.seller } : {}),
          ...(opts.sellerId ? { sellerId: opts.sellerId } : {}),
          ...(opts.shipFrom ? { shipFrom: opts.shipFrom } : {}),
          ...(opts.title ? { title: opts.title } : {}),
          ...(opts.promotion ? { promotions: opts.promotion } : {}),
        });
        if (result.kind === "bad_input") {
          if (!config.products.some((p) => p.sku === opts.sku))
            throw new UsageError(
              t.check.unknownSku(
                opts.sku,
                config.products.map((p) => p.sku),
              ),
            );
          if (!config.channels.some((c) => c.id === opts.channel))
            throw new UsageError(
              t.unknownChannel(
                opts.channel,
                config.channels.map((c) => c.id),
              ),
            );
          throw new UsageError(result.reason);
        }
        const findings = result.findings.map((f) => ({
          type: f.type,
          severity: f.severity,
          monitoringOnly: f.monitoringOnly,
          explanation: f.monitoringOnly ? MONITORING_ONLY_NOTE : f.explanation,
        }));
        const { explainAlert, priceWorkingText } = await import("../../text/explanation-text.js");
        if (opts.json) {
          out(JSON.stringify({ compliant: result.compliant, price: result.priceExplanation, findings }));
        } else {
          out(result.compliant ? t.check.compliant : t.check.notCompliant);
          out(t.check.price(priceWorkingText(result.priceFacts, config.currency, t.locale)));
          for (const f of result.findings.filter((x) => !x.monitoringOnly))
            out(`  ✗ ${t.alertType(f.type)}: ${explainAlert(f, t.locale)}`);
          // Worded without the brand's reference price: under RPM rules a distributor's own price is its own.
          for (const f of findings.filter((x) => x.monitoringOnly))
            out(`  i ${t.alertType(f.type)}: ${t.check.monitoringOnly}`);
        }
        process.exitCode = result.compliant ? EXIT_OK : EXIT_FINDINGS;
      },
    );
}
