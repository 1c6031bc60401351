import type { Command } from "commander";
import type { Channel } from "../../core/config.js";
import type { CliText } from "../../text/cli-text.js";
import { commandText, out } from "./command-io.js";

export function registerExtract(program: Command, t: CliText): void {
  program
    .command("extract")
    .description(t.help.extract)
    .argument("[file]", t.help.htmlFile)
    .option("--har <file>", t.help.harFile)
    .option("--url <url>", t.help.pageUrl, "https://example.invalid/")
    .option("--channel <id>", t.help.extractChannel)
    .option("--config <file>", t.help.extractConfig)
    .option("--json", t.help.json)
    .action(
      async (
        file: string | undefined,
        opts: { har?: string; url: string; channel?: string; config?: string; json?: boolean },
        command: Command,
      ) => {
        const { loadConfig } = await import("./load-config.js");
        const { readInput } = await import("./read-input.js");
        const { UsageError } = await import("./usage-error.js");
        const loaded = opts.config ? await loadConfig(opts.config, command) : null;
        const config = loaded?.config ?? null;
        const t = loaded?.t ?? commandText(command);
        if (opts.har) {
          const { readHar } = await import("../../stages/capture-import.js");
          const { printHarReport } = await import("../har-report.js");
          printHarReport(readHar(readInput(opts.har, t), config?.channels ?? null), opts.json === true, out);
          return;
        }
        if (!file) throw new UsageError(t.extract.nothingGiven);
        const html = readInput(file, t);
        let channel: Channel | undefined;
        if (opts.channel) {
          if (!config) throw new UsageError(t.extract.channelNeedsConfig);
          channel = config.channels.find((c) => c.id === opts.channel);
          if (!channel)
            throw new UsageError(
              t.unknownChannel(
                opts.channel,
                config.channels.map((c) => c.id),
              ),
            );
        }
        const [{ channelSources }, { toExtractionReport }, { observePage }, { mergeSources }] =
          await Promise.all([
            import("../../extract/channel-sources.js"),
            import("../../extract/extraction-report.js"),
            import("../../extract/observe-page.js"),
            import("../../extract/site-profiles/registry.js"),
          ]);
        const reading = channel
          ? channelSources(channel)
          : { profile: undefined, sources: mergeSources(undefined, []) };
        const observed = observePage(
          { url: opts.url, finalUrl: opts.url, body: html, fullBody: () => html },
          reading,
        );
        const report =
          observed.kind === "item"
            ? toExtractionReport(observed.listing)
            : observed.kind === "search"
              ? {
                  outcome: "ok",
                  source: observed.source,
                  listings: observed.listings.map(toExtractionReport),
                }
              : { outcome: observed.outcome, reason: observed.reason };
        const shown = observed.notes.length > 0 ? { ...report, notes: observed.notes } : report;
        if (opts.json) out(JSON.stringify(shown));
        else
          for (const [key, value] of Object.entries(shown)) out(`${key.padEnd(14)} ${JSON.stringify(value)}`);
      },
    );
}
