import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { commandText, dataDirOption, out } from "./command-io.js";
import { regionOption } from "./evidence-keys.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_SIGNER_UNKNOWN } from "./exit-codes.js";

export function registerEvidenceVerify(evidence: Command, t: CliText): void {
  evidence
    .command("verify")
    .description(t.help.evidenceVerify)
    .argument("<file>", t.help.evidenceZip)
    .option("--fingerprint <fp>", t.help.fingerprint)
    .option("--kms-key <id>", t.help.kmsKeyTrust)
    .addOption(regionOption(t.help.regionWithKms))
    .addOption(dataDirOption(t))
    .option("--json", t.help.json)
    .action(
      async (
        file: string,
        opts: { fingerprint?: string; kmsKey?: string; region: string; dataDir: string; json?: boolean },
        command: Command,
      ) => {
        const t = commandText(command);
        const [
          { readFileSync, statSync },
          { normalizeFingerprint, verifyEvidenceArchive },
          { DEFAULT_ZIP_LIMITS },
        ] = await Promise.all([
          import("node:fs"),
          import("../../evidence/evidence-verify.js"),
          import("../../evidence/safe-zip-reader.js"),
        ]);
        const { displayFingerprint } = await import("../../evidence/evidence-signer.js");
        const { clean } = await import("../alert-table.js");
        const { UsageError } = await import("./usage-error.js");
        if (opts.fingerprint !== undefined && normalizeFingerprint(opts.fingerprint) === null)
          throw new UsageError(t.evidence.badFingerprint(clean(opts.fingerprint)));
        let zip: Buffer;
        try {
          if (statSync(file).size > DEFAULT_ZIP_LIMITS.maxArchiveBytes)
            throw new UsageError(t.input.tooLarge(file, DEFAULT_ZIP_LIMITS.maxArchiveBytes));
          zip = readFileSync(file);
        } catch (error) {
          if (error instanceof UsageError) throw error;
          throw new UsageError(
            t.input.unreadable(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message),
          );
        }
        // Trust comes from outside the bundle: the expected fingerprint, else the tenant's published keys.
        const { publishedKeysFor } = await import("./published-keys-for.js");
        const published =
          opts.fingerprint !== undefined
            ? []
            : await publishedKeysFor(opts.kmsKey, opts.region, opts.dataDir);
        const report = verifyEvidenceArchive(zip, {
          ...(opts.fingerprint === undefined ? {} : { expectedFingerprint: opts.fingerprint }),
          trustedFingerprints: published.map((k) => k.fingerprint),
        });
        process.exitCode =
          report.outcome === "valid"
            ? EXIT_OK
            : report.outcome === "signer_unknown"
              ? EXIT_SIGNER_UNKNOWN
              : EXIT_FINDINGS;
        if (opts.json) {
          out(
            JSON.stringify(
              report.outcome === "invalid"
                ? {
                    ok: false,
                    outcome: report.outcome,
                    fingerprint: report.fingerprint,
                    problems: report.problems,
                  }
                : {
                    ok: report.ok,
                    outcome: report.outcome,
                    signatureValid: true,
                    signerKnown: report.ok,
                    fingerprint: report.fingerprint,
                    alertId: report.manifest.alertId,
                    captureId: report.manifest.captureId,
                    capturedAt: report.manifest.capturedAt,
                    entries: report.entries,
                    ...(report.ok ? {} : { problems: report.problems }),
                  },
            ),
          );
          return;
        }
        const v = t.evidence.verify;
        if (report.outcome === "invalid") {
          out(v.failed(file));
          const { verifyProblemText } = await import("../../text/verify-text.js");
          for (const problem of report.problems)
            out(`  ✗ ${clean(verifyProblemText(problem, t.locale), 400)}`);
          if (report.fingerprint) out(v.embeddedKey(displayFingerprint(report.fingerprint)));
          return;
        }
        const m = report.manifest;
        out(report.ok ? v.verified(file) : v.signerUnknown(file));
        out(v.alert(m.alertId, clean(m.alert.type), clean(m.tenant)));
        out(v.capture(m.captureId, clean(m.capturedAt)));
        out(v.page(clean(m.page.finalUrl, 200), m.page.httpStatus));
        out(v.screenshot(m.screenshot.status === "captured" ? null : clean(m.screenshot.reason, 200)));
        out(v.entries(report.entries.length));
        out(v.signedBy(displayFingerprint(report.fingerprint)));
        if (report.ok) out(opts.fingerprint ? v.matchesExpected : v.published);
        else out(v.notPublished(published.length === 0));
      },
    );
}
