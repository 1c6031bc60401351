#!/usr/bin/env node
import { pathToFileURL } from "node:url";
import { Command, CommanderError, Option } from "commander";
import { cliText } from "../text/cli-text.js";
import { registerAlerts } from "./commands/alerts.js";
import { registerCheck } from "./commands/check.js";
import { earlyLocale, err, rememberLangFlag } from "./commands/command-io.js";
import { localizeCommander } from "./commands/commander-text.js";
import { registerDemoSite } from "./commands/demo-site.js";
import { registerEvidence } from "./commands/evidence.js";
import { EXIT_BAD_INPUT, EXIT_INTERNAL } from "./commands/exit-codes.js";
import { registerExtract } from "./commands/extract.js";
import { registerHistory } from "./commands/history.js";
import { registerImport } from "./commands/import.js";
import { registerNotice } from "./commands/notice.js";
import { registerReview } from "./commands/review.js";
import { registerRun } from "./commands/run.js";
import { registerSession } from "./commands/session.js";
import { registerStart } from "./commands/start.js";
import { registerTenant } from "./commands/tenant.js";
import { ReportedError, UsageError } from "./commands/usage-error.js";
import { registerValidate } from "./commands/validate.js";

export { EXIT_BLIND } from "./commands/exit-codes.js";

/**
 * The `pricewarden` program: it only registers the commands (one file each under commands/).
 * Every command loads what it needs inside its action, so `--help`, `validate` and `alerts` do
 * not start the store, Chromium or the AWS SDK.
 */
export function buildProgram(argv: readonly string[] = process.argv): Command {
  const t = cliText(earlyLocale(argv));
  const program = new Command("pricewarden")
    .description(t.help.program)
    .addOption(new Option("--lang <lang>", t.help.lang).choices(["zh-CN", "en"]))
    .option("--debug", t.help.debug)
    .exitOverride()
    .showHelpAfterError(t.help.afterError)
    .helpOption("-h, --help", t.help.help)
    .helpCommand("help [command]", t.help.helpCommand);
  localizeCommander(program, t);
  registerValidate(program, t);
  registerRun(program, t);
  registerAlerts(program, t);
  registerExtract(program, t);
  registerImport(program, t);
  registerCheck(program, t);
  registerReview(program, t);
  registerNotice(program, t);
  registerHistory(program, t);
  registerEvidence(program, t);
  registerDemoSite(program, t);
  registerStart(program, t);
  registerSession(program, t);
  registerTenant(program, t);
  return program;
}

/**
 * Runs the CLI; returns the exit code. A person's mistake is one line and exit 2; anything else is
 * one line and exit 3, its stack only with `--debug` or `DEBUG` set.
 */
export async function main(argv: string[]): Promise<number> {
  rememberLangFlag(argv);
  const t = cliText(earlyLocale(argv));
  const debug = argv.includes("--debug") || Boolean(process.env.DEBUG);
  const prefix = t.locale === "zh-CN" ? "pricewarden：" : "pricewarden: ";
  try {
    await buildProgram(argv).parseAsync(argv);
    // A command that reports findings (check) sets process.exitCode itself.
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    if (error instanceof ReportedError) return error.exitCode;
    if (error instanceof UsageError) {
      err(`${prefix}${error.message}`);
      return EXIT_BAD_INPUT;
    }
    const { storeFaultOf } = await import("./store-faults.js");
    const storeFault = storeFaultOf(error);
    if (storeFault) {
      const { storeFaultText } = await import("../text/store-fault-text.js");
      err(`${prefix}${storeFaultText(storeFault.kind, storeFault.dataDir, t.locale)}`);
      return storeFault.exitCode;
    }
    const { PricewardenError } = await import("../core/errors.js");
    if (error instanceof PricewardenError && (error.code === "BAD_INPUT" || error.code === "NOT_FOUND")) {
      err(`${prefix}${error.message}`);
      return EXIT_BAD_INPUT;
    }
    if (debug) err(`${prefix}${(error as Error).stack ?? String(error)}`);
    else err(t.internalError(error instanceof Error ? error.message : String(error)));
    return EXIT_INTERNAL;
  }
}

// Run when executed directly (from source with tsx); bin/pricewarden.js calls main() itself.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv);
}
