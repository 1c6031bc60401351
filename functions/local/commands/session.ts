import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { registerSessionCommands } from "../session-commands.js";
import { dataDirOption, err, out } from "./command-io.js";
import { loadConfig } from "./load-config.js";

/** `session import|list|check|remove|login`; their heavy parts load inside each action. */
export function registerSession(program: Command, t: CliText): void {
  registerSessionCommands(program, {
    out,
    err,
    loadConfig: async (path) => (await loadConfig(path)).config,
    dataDirOption: () => dataDirOption(t),
    t,
  });
}
