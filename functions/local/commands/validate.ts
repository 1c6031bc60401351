import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { out } from "./command-io.js";

export function registerValidate(program: Command, t: CliText): void {
  program
    .command("validate")
    .description(t.help.validate)
    .requiredOption("--config <file>", t.help.config)
    .action(async (opts: { config: string }, command: Command) => {
      const { loadConfig, printConfigWarnings } = await import("./load-config.js");
      const loaded = await loadConfig(opts.config, command);
      printConfigWarnings(loaded);
      const c = loaded.config;
      out(loaded.t.config.valid(opts.config, c.tenant, c.channels.length, c.products.length, c.watch.length));
    });
}
