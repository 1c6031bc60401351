import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { commandText, out } from "./command-io.js";

export function registerDemoSite(program: Command, t: CliText): void {
  program
    .command("demo-site")
    .description(t.help.demoSite)
    .option("--port <port>", t.help.port, "8790")
    .action(async (opts: { port: string }, command: Command) => {
      const t = commandText(command);
      const { portNumber, untilSignal } = await import("./until-signal.js");
      const { startDemoSite } = await import("../demo-site/demo-site.js");
      const site = await startDemoSite({ port: portNumber(opts.port, t) });
      out(t.start.demoSiteOnly(site.url));
      await untilSignal();
      await site.close();
    });
}
