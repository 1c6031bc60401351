import type { Command } from "commander";
import type { AwsEvidenceSourceOptions } from "../../aws/aws-evidence-sources.js";
import type { EvidenceSigner } from "../../evidence/evidence-signer.js";
import type { AlertRepository } from "../../store/alert-repository.js";
import type { BlobStore } from "../../store/blob-store.js";
import type { EvidenceRepository } from "../../store/evidence-repository.js";
import type { CliText } from "../../text/cli-text.js";
import { commandText, dataDirOption, err, out } from "./command-io.js";
import { regionOption } from "./evidence-keys.js";
import { EXIT_FINDINGS } from "./exit-codes.js";
import { UsageError } from "./usage-error.js";

interface EvidenceExportOptions {
  out: string;
  capture?: string;
  config?: string;
  tenant?: string;
  dataDir: string;
  table?: string;
  bucket?: string;
  kmsKey?: string;
  region: string;
  dynamodbEndpoint?: string;
}

/** Where an export reads the capture and which key signs the archive; the rest of it is shared. */
interface ExportSources {
  alerts: AlertRepository;
  evidence: EvidenceRepository;
  blobs: BlobStore;
  signer: EvidenceSigner;
  /** How messages name the signing key. */
  keyName: string;
  close(): Promise<void>;
}

export function registerEvidenceExport(evidence: Command, t: CliText): void {
  evidence
    .command("export")
    .description(t.help.evidenceExport)
    .argument("<alertId>", t.help.alertId)
    .requiredOption("--out <file>", t.help.zipOut)
    .option("--capture <id>", t.help.capture)
    .option("--config <file>", t.help.configForTenant)
    .option("--tenant <id>", t.help.tenant)
    .addOption(dataDirOption(t))
    .option("--table <name>", t.help.awsTable)
    .option("--bucket <name>", t.help.awsBucket)
    .option("--kms-key <id>", t.help.awsKmsKey)
    .addOption(regionOption(t.help.awsRegion))
    .option("--dynamodb-endpoint <url>", t.help.awsDynamoEndpoint)
    .action(async (alertId: string, opts: EvidenceExportOptions, command: Command) => {
      let t = commandText(command);
      const aws = awsExportOptions(opts, command, t);
      // The bundle's README and PDF summary in the reader's language, times on the tenant's clock.
      let timeZone = "Asia/Shanghai";
      if (!aws && opts.config) {
        const { loadConfig } = await import("./load-config.js");
        const loaded = await loadConfig(opts.config, command);
        t = loaded.t;
        timeZone = loaded.config.timezone;
      }
      const { tenantFor } = await import("./tenant-for.js");
      const tenant = aws ? aws.tenant : await tenantFor(opts, command, t);
      const { checkAlertIdForm, resolveAlert } = await import("./resolve-alert-id.js");
      checkAlertIdForm(alertId, t);
      if (opts.capture !== undefined && !/^[0-9a-f]{16,32}$/.test(opts.capture))
        throw new UsageError(t.evidence.badCaptureId(opts.capture));
      const sources = aws
        ? await openAwsExportSources(aws.sources, t)
        : await openLocalExportSources(opts.dataDir, t);
      const [{ exportEvidence }, { createChromiumPdfRenderer }, { displayFingerprint }, { writeFile }] =
        await Promise.all([
          import("../../evidence/evidence-export.js"),
          import("../../evidence/summary-pdf.js"),
          import("../../evidence/evidence-signer.js"),
          import("node:fs/promises"),
        ]);
      const pdf = createChromiumPdfRenderer();
      try {
        const alert = await resolveAlert(sources.alerts, tenant, alertId, t);
        const result = await exportEvidence(
          { ...sources, pdf },
          {
            tenant,
            alertId: alert.id,
            ...(opts.capture ? { captureId: opts.capture } : {}),
            reading: { locale: t.locale, timeZone },
          },
        );
        const e = t.evidence.export;
        switch (result.kind) {
          case "no_alert":
            throw new UsageError(t.alertId.unknown(alertId, tenant));
          case "no_evidence":
            throw new UsageError(e.noEvidence(alert.id));
          case "no_capture":
            throw new UsageError(e.noCapture(alert.id, result.captureId, result.available));
          case "key_mismatch":
            err(
              e.keyMismatch(
                displayFingerprint(result.captureFingerprint),
                sources.keyName,
                displayFingerprint(result.signerFingerprint),
              ),
            );
            process.exitCode = EXIT_FINDINGS;
            return;
          case "corrupt":
            err(e.corrupt(result.captureId, alert.id));
            for (const problem of result.problems) err(`  ✗ ${problem}`);
            process.exitCode = EXIT_FINDINGS;
            return;
          case "ok":
            await writeFile(opts.out, result.zip);
            out(
              e.wrote(
                opts.out,
                result.zip.length,
                alert.id,
                result.record.captureId,
                result.record.capturedAt,
              ),
            );
            out(e.signedBy(displayFingerprint(result.fingerprint)));
        }
      } finally {
        await pdf.close();
        await sources.close();
      }
    });
}

/**
 * `--table` switches the export to AWS, where the tenant cannot be guessed from a data directory
 * and the bucket and key have no defaults. Null for a local export, which takes none of these.
 */
function awsExportOptions(
  opts: EvidenceExportOptions,
  command: Command,
  t: CliText,
): { tenant: string; sources: AwsEvidenceSourceOptions } | null {
  const given = (name: keyof EvidenceExportOptions) => command.getOptionValueSource(name) === "cli";
  if (opts.table === undefined) {
    const awsOnly = (["bucket", "kmsKey", "region", "dynamodbEndpoint"] as const).filter(given);
    if (awsOnly.length > 0) throw new UsageError(t.evidence.export.awsOnly(awsOnly.map(flagOf)));
    return null;
  }
  const missing = (["bucket", "kmsKey", "tenant"] as const).filter((name) => !opts[name]).map(flagOf);
  if (missing.length > 0) throw new UsageError(t.evidence.export.awsNeeds(missing));
  if (given("dataDir") || opts.config !== undefined) throw new UsageError(t.evidence.export.notWithTable);
  if (opts.dynamodbEndpoint !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(opts.dynamodbEndpoint))
    throw new UsageError(
      t.evidence.export.badEndpoint(opts.dynamodbEndpoint.replace(/[\u0000-\u001f]/g, " ")),
    );
  return {
    tenant: opts.tenant!,
    sources: {
      tableName: opts.table,
      bucket: opts.bucket!,
      kmsKeyId: opts.kmsKey!,
      region: opts.region || "us-east-1",
      ...(opts.dynamodbEndpoint !== undefined ? { dynamodbEndpoint: opts.dynamodbEndpoint } : {}),
    },
  };
}

function flagOf(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

async function openAwsExportSources(options: AwsEvidenceSourceOptions, t: CliText): Promise<ExportSources> {
  // The S3 and KMS SDKs load only for an export from AWS, not with every local command.
  const { openAwsEvidenceSources } = await import("../../aws/aws-evidence-sources.js");
  const { clean } = await import("../alert-table.js");
  const sources = await openAwsEvidenceSources(options);
  return {
    ...sources,
    keyName: t.evidence.kmsKeyName(clean(options.kmsKeyId)),
    close: async () => sources.close(),
  };
}

async function openLocalExportSources(dataDir: string, t: CliText): Promise<ExportSources> {
  const { LOCAL_SIGNING_KEY_FILE, loadLocalSigner } = await import("../../evidence/local-evidence-signer.js");
  const signer = await loadLocalSigner(dataDir);
  if (!signer) throw new UsageError(t.evidence.noSigningKey(LOCAL_SIGNING_KEY_FILE, dataDir));
  const [{ openLocalStore }, { EvidenceRepository }, { LocalBlobStore }, { localEvidenceDir }] =
    await Promise.all([
      import("../local-store.js"),
      import("../../store/evidence-repository.js"),
      import("../../store/blob-store.js"),
      import("../local-cycle.js"),
    ]);
  const store = await openLocalStore(dataDir);
  return {
    alerts: store.alerts,
    evidence: new EvidenceRepository(store.doc, store.tableName),
    blobs: new LocalBlobStore(localEvidenceDir(dataDir)),
    signer,
    keyName: t.evidence.localKeyName,
    close: () => store.close(),
  };
}
