import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { registerEvidenceExport } from "./evidence-export.js";
import { registerEvidenceKeys } from "./evidence-keys.js";
import { registerEvidenceVerify } from "./evidence-verify.js";

/** `evidence export|verify|keys`: signed evidence bundles. */
export function registerEvidence(program: Command, t: CliText): void {
  const evidence = program.command("evidence").description(t.help.evidence);
  registerEvidenceExport(evidence, t);
  registerEvidenceVerify(evidence, t);
  registerEvidenceKeys(evidence, t);
}
