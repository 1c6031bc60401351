import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { loadConfig } from "./load-config.js";
import { UsageError } from "./usage-error.js";

/** The tenant a data-directory command works on: `--tenant`, the config's, or the only one that ran there. */
export async function tenantFor(
  opts: { config?: string; tenant?: string; dataDir: string },
  command: Command,
  t: CliText,
): Promise<string> {
  if (opts.tenant) return opts.tenant;
  if (opts.config) return (await loadConfig(opts.config, command)).config.tenant;
  const { knownTenants } = await import("../tenant-registry.js");
  const known = knownTenants(opts.dataDir);
  if (known.length === 1) return known[0]!;
  if (known.length === 0) throw new UsageError(t.tenant.none(opts.dataDir));
  throw new UsageError(t.tenant.several(opts.dataDir, known));
}
