import { type Command, Option } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { commandText, dataDirOption, out } from "./command-io.js";

export const regionOption = (help: string): Option =>
  new Option("--region <region>", help).env("AWS_REGION").default("us-east-1");

export function registerEvidenceKeys(evidence: Command, t: CliText): void {
  evidence
    .command("keys")
    .description(t.help.evidenceKeys)
    .option("--kms-key <id>", t.help.kmsKeyPublished)
    .addOption(regionOption(t.help.regionWithKms))
    .addOption(dataDirOption(t))
    .option("--json", t.help.json)
    .action(
      async (
        opts: { kmsKey?: string; region: string; dataDir: string; json?: boolean },
        command: Command,
      ) => {
        const t = commandText(command);
        const { publishedKeysFor } = await import("./published-keys-for.js");
        const { displayFingerprint } = await import("../../evidence/evidence-signer.js");
        const { clean } = await import("../alert-table.js");
        const keys = await publishedKeysFor(opts.kmsKey, opts.region, opts.dataDir);
        if (opts.json) {
          out(JSON.stringify(keys));
          return;
        }
        if (keys.length === 0) {
          out(t.evidence.noKeys(opts.dataDir));
          return;
        }
        for (const k of keys)
          out(
            `${displayFingerprint(k.fingerprint)}  ${t.evidence.keyStatus(k.status)}  ${clean(k.source, 200)}`,
          );
      },
    );
}
