import type { Command } from "commander";
import type { ConfigIssue, TenantConfig } from "../../core/config.js";
import type { CliText } from "../../text/cli-text.js";
import { cliText } from "../../text/cli-text.js";
import { commandText, err, flaggedLocale } from "./command-io.js";
import { EXIT_BAD_INPUT } from "./exit-codes.js";
import { ReportedError } from "./usage-error.js";

export interface LoadedConfig {
  config: TenantConfig;
  /** The command's text in the tenant's language (or `--lang`). */
  t: CliText;
  /** `env:NAME` references whose variable is unset here: worth saying, not a reason to refuse. */
  warnings: ConfigIssue[];
}

/**
 * Reads and validates a tenant config; a bad one is refused with every problem on its own line
 * (in the tenant's language, or `--lang`) and exit 2. The YAML parser and the schema load only
 * when a command reads a config.
 */
export async function loadConfig(
  path: string,
  command?: Command,
  rewrite?: (text: string) => string,
): Promise<LoadedConfig> {
  const { readConfigFile } = await import("../config-file.js");
  const flagged = flaggedLocale(command);
  const result = readConfigFile(path, {
    ...(rewrite ? { rewrite } : {}),
    ...(flagged ? { locale: flagged } : {}),
  });
  if (!result.ok) {
    const t = cliText(result.locale);
    err(t.config.invalid(path, result.issues.length));
    for (const issue of result.issues) err(`  ${issue.path}: ${issue.message}`);
    throw new ReportedError(EXIT_BAD_INPUT);
  }
  return { config: result.config, t: commandText(command, result.config), warnings: result.warnings };
}

/** Prints the config's warnings (unset `env:` variables) on stderr. */
export function printConfigWarnings(loaded: LoadedConfig): void {
  for (const w of loaded.warnings) err(loaded.t.config.warning(w.path, w.message));
}
