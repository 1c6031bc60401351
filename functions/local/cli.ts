#!/usr/bin/env node
import { readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Command, CommanderError, Option } from "commander";
import { latestNoticeEvidence } from "../api/alert-notice.js";
import { createApiApp } from "../api/api-app.js";
import { AlertIdSchema } from "../api/api-query.js";
import { localAuthenticator } from "../api/local-auth.js";
import { startApiServer } from "../api/local-server.js";
import type { AwsEvidenceSourceOptions } from "../aws/aws-evidence-sources.js";
import { type AlertStatus, AlertStatusSchema, AlertTypeSchema } from "../core/alert.js";
import { toAlertView } from "../core/alert-view.js";
import type { Channel, TenantConfig } from "../core/config.js";
import { percent } from "../core/coverage.js";
import { minorToDecimal } from "../core/money.js";
import { draftNotice } from "../core/notice.js";
import { ExportArgsSchema, exportEvidence } from "../evidence/evidence-export.js";
import { displayFingerprint, type EvidenceSigner } from "../evidence/evidence-signer.js";
import { normalizeFingerprint, verifyEvidenceArchive } from "../evidence/evidence-verify.js";
import { LOCAL_SIGNING_KEY_FILE, loadLocalSigner } from "../evidence/local-evidence-signer.js";
import { kmsPublishedKey, localPublishedKeys, type PublishedKey } from "../evidence/published-keys.js";
import { DEFAULT_ZIP_LIMITS } from "../evidence/safe-zip-reader.js";
import { createChromiumPdfRenderer } from "../evidence/summary-pdf.js";
import { channelSources } from "../extract/channel-sources.js";
import { toExtractionReport } from "../extract/extraction-report.js";
import { observePage } from "../extract/observe-page.js";
import { mergeSources } from "../extract/site-profiles/registry.js";
import { readHar } from "../stages/capture-import.js";
import { MONITORING_ONLY_NOTE, precheckListing } from "../stages/precheck.js";
import type { AlertRepository } from "../store/alert-repository.js";
import { type BlobStore, LocalBlobStore } from "../store/blob-store.js";
import { EvidenceRepository } from "../store/evidence-repository.js";
import { clean, formatAlertTable } from "./alert-table.js";
import { loadConfigFile } from "./config-file.js";
import { blindLines, formatCoverageTable } from "./coverage-table.js";
import { startDemoSite } from "./demo-site/demo-site.js";
import { printHarReport } from "./har-report.js";
import { importEvidenceRecorder, importLocalHar, localEvidenceDir, runLocalCycle } from "./local-cycle.js";
import { openLocalStore, withLocalStore } from "./local-store.js";
import { demoConfigPath } from "./package-root.js";
import { registerSessionCommands } from "./session-commands.js";
import { startSchedulerLoop } from "./start-local.js";
import { storeFaultOf } from "./store-faults.js";
import { knownTenants, rememberTenant } from "./tenant-registry.js";
import { signInDemoSession, startWalledDemo, WALLED_DEMO_HOST } from "./walled-demo.js";
import type { WalledMarket } from "./walled-market/walled-market.js";

/** Exit codes (DESIGN.md): 0 ok, 1 findings where a check asks for them, 2 bad input (3 and 4 below). */
const EXIT_BAD_INPUT = 2;
/** Infrastructure failures and bugs, distinct from the contract's codes. */
const EXIT_INTERNAL = 3;
/** `run --once` ran, but could not see: a channel's coverage fell below `coverageAlertBelow`, or nothing could be fetched. */
export const EXIT_BLIND = 4;
/** `evidence verify`: the bundle is intact and validly signed, by a key the tenant never published. */
const EXIT_SIGNER_UNKNOWN = 4;
const DEFAULT_DATA_DIR = "./.pricewarden";
const DEMO_HOST = "127.0.0.1:8790";

class UsageError extends Error {}

const out = (text: string) => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);

function loadConfigOrExit(path: string, rewrite?: (text: string) => string): TenantConfig {
  const result = loadConfigFile(path, rewrite);
  if (result.ok) return result.config;
  err(
    `${path}: invalid configuration (${result.issues.length} problem${result.issues.length === 1 ? "" : "s"})`,
  );
  for (const issue of result.issues) err(`  ${issue.path}: ${issue.message}`);
  process.exit(EXIT_BAD_INPUT);
}

/** A file a person named (an HTML page, a HAR): read whole, bounded, refused with a reason. */
function readInput(file: string): string {
  const MAX_INPUT_BYTES = 512 * 1024 * 1024;
  try {
    if (statSync(file).size > MAX_INPUT_BYTES)
      throw new UsageError(`${file} is larger than ${MAX_INPUT_BYTES} bytes`);
    return readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function tenantFor(opts: { config?: string; tenant?: string; dataDir: string }): string {
  if (opts.tenant) return opts.tenant;
  if (opts.config) return loadConfigOrExit(opts.config).tenant;
  const known = knownTenants(opts.dataDir);
  if (known.length === 1) return known[0]!;
  if (known.length === 0)
    throw new UsageError(`no tenant has run in ${opts.dataDir}; pass --config or --tenant`);
  throw new UsageError(`several tenants in ${opts.dataDir} (${known.join(", ")}); pass --tenant`);
}

const dataDirOption = () => new Option("--data-dir <dir>", "local data directory").default(DEFAULT_DATA_DIR);

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

/**
 * `--table` switches the export to AWS, where the tenant cannot be guessed from a data directory
 * and the bucket and key have no defaults. Null for a local export, which takes none of these.
 */
function awsExportOptions(
  opts: EvidenceExportOptions,
  command: Command,
): { tenant: string; sources: AwsEvidenceSourceOptions } | null {
  const given = (name: keyof EvidenceExportOptions) => command.getOptionValueSource(name) === "cli";
  if (opts.table === undefined) {
    const awsOnly = (["bucket", "kmsKey", "region", "dynamodbEndpoint"] as const).filter(given);
    if (awsOnly.length > 0)
      throw new UsageError(`${awsOnly.map(flagOf).join(", ")} only apply with --table (an export from AWS)`);
    return null;
  }
  const missing = (["bucket", "kmsKey", "tenant"] as const).filter((name) => !opts[name]).map(flagOf);
  if (missing.length > 0)
    throw new UsageError(`an export from AWS (--table) also needs ${missing.join(", ")}`);
  if (given("dataDir") || opts.config !== undefined)
    throw new UsageError("--data-dir and --config do not apply with --table (an export from AWS)");
  if (opts.dynamodbEndpoint !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(opts.dynamodbEndpoint))
    throw new UsageError(`--dynamodb-endpoint ${clean(opts.dynamodbEndpoint)} is not an http(s) URL`);
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

async function openAwsExportSources(options: AwsEvidenceSourceOptions): Promise<ExportSources> {
  // The S3 and KMS SDKs load only for an export from AWS, not with every local command.
  const { openAwsEvidenceSources } = await import("../aws/aws-evidence-sources.js");
  const sources = await openAwsEvidenceSources(options);
  return {
    ...sources,
    keyName: `the KMS key ${clean(options.kmsKeyId)}`,
    close: async () => sources.close(),
  };
}

async function openLocalExportSources(dataDir: string): Promise<ExportSources> {
  const signer = await loadLocalSigner(dataDir);
  if (!signer) throw new UsageError(`no ${LOCAL_SIGNING_KEY_FILE} in ${dataDir}: nothing was captured there`);
  const store = await openLocalStore(dataDir);
  return {
    alerts: store.alerts,
    evidence: new EvidenceRepository(store.doc, store.tableName),
    blobs: new LocalBlobStore(localEvidenceDir(dataDir)),
    signer,
    keyName: "this data directory's key",
    close: () => store.close(),
  };
}

/** The tenant's published evidence keys: the KMS key when one is named, else the data directory's. */
async function publishedKeysFor(
  kmsKeyId: string | undefined,
  region: string,
  dataDir: string,
): Promise<PublishedKey[]> {
  return kmsKeyId !== undefined
    ? [await kmsPublishedKey(kmsKeyId, region || "us-east-1")]
    : localPublishedKeys(dataDir);
}

export function buildProgram(): Command {
  const program = new Command("pricewarden")
    .description("Brand protection and price monitoring for e-commerce and pharmacy listings")
    .exitOverride()
    .showHelpAfterError();

  program
    .command("validate")
    .description("validate a tenant config (YAML or JSON)")
    .requiredOption("--config <file>", "tenant config")
    .action((opts: { config: string }) => {
      const config = loadConfigOrExit(opts.config);
      out(
        `${opts.config}: valid — tenant ${config.tenant}, ${config.channels.length} channels, ${config.products.length} products, ${config.watch.length} watch entries`,
      );
    });

  program
    .command("run")
    .description("run monitoring cycles (on the config's schedule unless --once)")
    .requiredOption("--config <file>", "tenant config")
    .option("--once", "run one cycle and exit")
    .option("--json", "print the run summary as JSON on the last line")
    .addOption(dataDirOption())
    .addHelpText(
      "after",
      "\nExit codes with --once: 0 ok, 2 bad input, 3 internal error, 4 ran but could not see (a channel below coverageAlertBelow, or nothing fetched).",
    )
    .action(async (opts: { config: string; once?: boolean; json?: boolean; dataDir: string }) => {
      const config = loadConfigOrExit(opts.config);
      rememberTenant(opts.dataDir, config.tenant);
      const store = await openLocalStore(opts.dataDir);
      if (!opts.once) {
        const loop = startSchedulerLoop(config, store, opts.dataDir, { out, err });
        await untilSignal();
        await loop.stop();
        await store.close();
        return;
      }
      try {
        const { summary, deliveries } = await runLocalCycle(config, store, err, opts.dataDir);
        const open = await store.alerts.list(config.tenant, { statuses: ["open", "acknowledged"] });
        err(formatAlertTable(open.map(toAlertView)));
        err(
          `webhooks: delivered ${deliveries.delivered}, retrying ${deliveries.retrying}, failed ${deliveries.failed}`,
        );
        err(formatCoverageTable(summary.channels ?? {}));
        for (const line of blindLines(summary)) err(line);
        if (summary.blind) process.exitCode = EXIT_BLIND;
        const line = {
          pages: summary.pages,
          listings: summary.listings,
          alertsNew: summary.alertsNew,
          alertsOpen: summary.alertsOpen,
          errors: summary.errors,
          seconds: summary.seconds,
          pagesPerSecond: summary.pagesPerSecond,
          coverage: summary.coverage ?? null,
          channels: summary.channels ?? {},
        };
        if (opts.json) out(JSON.stringify(line));
        else
          out(
            `${summary.pages} pages, ${summary.listings} listings, ${summary.alertsNew} new alerts, ${summary.alertsOpen} open, ${summary.errors} errors, coverage ${percent(summary.coverage ?? null)} in ${summary.seconds.toFixed(1)} s`,
          );
      } finally {
        await store.close();
      }
    });

  const alerts = program
    .command("alerts")
    .description("list alerts, or change one: alerts ack|resolve|dismiss ID --by NAME")
    .addOption(
      new Option("--status <status>", "open or all")
        .choices(["open", "all", ...AlertStatusSchema.options])
        .default("open"),
    )
    .addOption(new Option("--type <type>", "only this alert type").choices(AlertTypeSchema.options))
    .option("--json", "print a JSON array")
    .option("--config <file>", "tenant config (to pick the tenant)")
    .option("--tenant <id>", "tenant id")
    .addOption(dataDirOption())
    .action(
      async (opts: {
        status: string;
        type?: string;
        json?: boolean;
        config?: string;
        tenant?: string;
        dataDir: string;
      }) => {
        const tenant = tenantFor(opts);
        await withLocalStore(opts.dataDir, async (store) => {
          const statuses: AlertStatus[] | undefined =
            opts.status === "all" ? undefined : [AlertStatusSchema.parse(opts.status)];
          const list = (await store.alerts.list(tenant, statuses ? { statuses } : {}))
            .filter((a) => !opts.type || a.type === opts.type)
            .map(toAlertView);
          out(opts.json ? JSON.stringify(list, null, 2) : formatAlertTable(list));
        });
      },
    );

  for (const [verb, status] of [
    ["ack", "acknowledged"],
    ["resolve", "resolved"],
    ["dismiss", "dismissed"],
  ] as const) {
    alerts
      .command(verb)
      .description(`mark an alert ${status}`)
      .argument("<id>", "alert id")
      .requiredOption("--by <name>", "who")
      .option("--note <text>", "why")
      .option("--config <file>", "tenant config (to pick the tenant)")
      .option("--tenant <id>", "tenant id")
      .addOption(dataDirOption())
      .action(
        async (
          id: string,
          opts: { by: string; note?: string; config?: string; tenant?: string; dataDir: string },
        ) => {
          const tenant = tenantFor(opts);
          await withLocalStore(opts.dataDir, async (store) => {
            const alert = await store.alerts.setStatus(tenant, id, {
              status,
              by: opts.by,
              ...(opts.note ? { note: opts.note } : {}),
              now: new Date().toISOString(),
            });
            out(`${alert.id}: ${alert.status} by ${opts.by}`);
          });
        },
      );
  }

  program
    .command("extract")
    .description(
      "extract listings from a saved HTML page or a HAR capture, showing which source gave each field",
    )
    .argument("[file]", "HTML file")
    .option("--har <file>", "a HAR (HTTP Archive) file saved from the browser's developer tools")
    .option("--url <url>", "the page's URL", "https://example.invalid/")
    .option("--channel <id>", "use this channel's profile and sources (needs --config)")
    .option("--config <file>", "tenant config (its channels decide how each page is read)")
    .option("--json", "print JSON")
    .action(
      (
        file: string | undefined,
        opts: { har?: string; url: string; channel?: string; config?: string; json?: boolean },
      ) => {
        const config = opts.config ? loadConfigOrExit(opts.config) : null;
        if (opts.har) {
          const report = readHar(readInput(opts.har), config?.channels ?? null);
          printHarReport(report, opts.json === true, out);
          return;
        }
        if (!file) throw new UsageError("give an HTML file, or --har FILE");
        const html = readInput(file);
        let channel: Channel | undefined;
        if (opts.channel) {
          if (!config) throw new UsageError("--channel needs --config");
          channel = config.channels.find((c) => c.id === opts.channel);
          if (!channel) throw new UsageError(`no channel ${opts.channel} in ${opts.config}`);
        }
        const reading = channel
          ? channelSources(channel)
          : { profile: undefined, sources: mergeSources(undefined, []) };
        const observed = observePage(
          { url: opts.url, finalUrl: opts.url, body: html, fullBody: () => html },
          reading,
        );
        const report =
          observed.kind === "item"
            ? toExtractionReport(observed.listing)
            : observed.kind === "search"
              ? {
                  outcome: "ok",
                  source: observed.source,
                  listings: observed.listings.map(toExtractionReport),
                }
              : { outcome: observed.outcome, reason: observed.reason };
        const shown = observed.notes.length > 0 ? { ...report, notes: observed.notes } : report;
        if (opts.json) out(JSON.stringify(shown));
        else
          for (const [key, value] of Object.entries(shown)) out(`${key.padEnd(14)} ${JSON.stringify(value)}`);
      },
    );

  program
    .command("import")
    .description(
      "record the listings of a HAR capture as observations: rules, alerts, notifications, evidence",
    )
    .argument("<file>", "HAR file")
    .requiredOption("--config <file>", "tenant config")
    .option("--json", "print the import summary as JSON on the last line")
    .addOption(dataDirOption())
    .action(async (file: string, opts: { config: string; json?: boolean; dataDir: string }) => {
      const config = loadConfigOrExit(opts.config);
      const text = readInput(file);
      rememberTenant(opts.dataDir, config.tenant);
      const store = await openLocalStore(opts.dataDir);
      try {
        const result = await importLocalHar(config, store, opts.dataDir, text);
        const open = await store.alerts.list(config.tenant, { statuses: ["open", "acknowledged"] });
        err(formatAlertTable(open.map(toAlertView)));
        for (const url of result.unmatchedPages)
          err(`not recorded: no channel of ${opts.config} matches ${url}`);
        const line = {
          har: result.report.sha256,
          pages: result.report.readings.length,
          listings: result.results.filter((r) => r.listing).length,
          alertsNew: result.alertsNew,
          alertsOpen: open.length,
          outcomes: result.report.outcomes,
        };
        if (opts.json) out(JSON.stringify(line));
        else
          out(
            `${line.pages} pages, ${line.listings} listings, ${line.alertsNew} new alerts from HAR ${line.har.slice(0, 12)}…`,
          );
      } finally {
        await store.close();
      }
    });

  program
    .command("check")
    .description("pre-check a planned listing: exit 0 compliant, 1 not")
    .requiredOption("--config <file>", "tenant config")
    .requiredOption("--sku <sku>", "product SKU")
    .requiredOption("--channel <id>", "channel id")
    .requiredOption("--price <price>", "planned selling price, e.g. 159 or 158.50")
    .option("--seller <name>", "shop name")
    .option("--seller-id <id>", "shop id on the channel")
    .option("--ship-from <region>", "ship-from region")
    .option("--title <text>", "listing title (pack counts such as 50片*3盒 are read from it)")
    .option("--promotion <text...>", "promotion texts, e.g. 满199减20")
    .option("--json", "print JSON")
    .action(
      (opts: {
        config: string;
        sku: string;
        channel: string;
        price: string;
        seller?: string;
        sellerId?: string;
        shipFrom?: string;
        title?: string;
        promotion?: string[];
        json?: boolean;
      }) => {
        const config = loadConfigOrExit(opts.config);
        const result = precheckListing(config, {
          sku: opts.sku,
          channel: opts.channel,
          price: opts.price,
          ...(opts.seller ? { seller: opts.seller } : {}),
          ...(opts.sellerId ? { sellerId: opts.sellerId } : {}),
          ...(opts.shipFrom ? { shipFrom: opts.shipFrom } : {}),
          ...(opts.title ? { title: opts.title } : {}),
          ...(opts.promotion ? { promotions: opts.promotion } : {}),
        });
        if (result.kind === "bad_input") throw new UsageError(result.reason);
        const findings = result.findings.map((f) => ({
          type: f.type,
          severity: f.severity,
          monitoringOnly: f.monitoringOnly,
          explanation: f.monitoringOnly ? MONITORING_ONLY_NOTE : f.explanation,
        }));
        if (opts.json) {
          out(JSON.stringify({ compliant: result.compliant, price: result.priceExplanation, findings }));
        } else {
          out(result.compliant ? "compliant" : "NOT compliant");
          out(`price: ${result.priceExplanation}`);
          for (const f of findings.filter((x) => !x.monitoringOnly)) out(`  ✗ ${f.type}: ${f.explanation}`);
          // Worded without the brand's reference price: under RPM rules a distributor's own price is its own.
          for (const f of findings.filter((x) => x.monitoringOnly))
            out(
              `  i ${f.type}: recorded by the brand as monitoring information only; nothing is required of the seller.`,
            );
        }
        process.exitCode = result.compliant ? 0 : 1;
      },
    );

  program
    .command("review")
    .description("unmatched listings that mention the brand: never alerted, waiting for a person")
    .option("--json", "print JSON")
    .option("--config <file>", "tenant config (to pick the tenant)")
    .option("--tenant <id>", "tenant id")
    .addOption(dataDirOption())
    .action(async (opts: { json?: boolean; config?: string; tenant?: string; dataDir: string }) => {
      const tenant = tenantFor(opts);
      await withLocalStore(opts.dataDir, async (store) => {
        const rows = (await store.listings.listForReview(tenant)).map((l) => ({
          url: l.url,
          channel: l.channel,
          title: l.title,
          seller: l.seller,
          reason: l.outcomeReason,
          confidence: l.matchConfidence,
          lastCheckedAt: l.lastCheckedAt,
        }));
        if (opts.json) out(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) out("nothing to review");
        else
          for (const r of rows)
            out(
              `${r.channel}  ${clean(r.title, 60)}  ${clean(r.seller, 30)}\n    ${r.url}\n    ${clean(r.reason, 200)}`,
            );
      });
    });

  program
    .command("notice")
    .description("draft the enforcement notice an alert supports: exit 0 drafted, 1 none (with the reason)")
    .argument("<alertId>", "alert id")
    .requiredOption("--config <file>", "tenant config (the notice's sender, products and sellers)")
    .option("--json", "print JSON")
    .addOption(dataDirOption())
    .action(async (alertId: string, opts: { config: string; json?: boolean; dataDir: string }) => {
      const config = loadConfigOrExit(opts.config);
      if (!AlertIdSchema.safeParse(alertId).success)
        throw new UsageError(`not an alert id: ${clean(alertId)}`);
      await withLocalStore(opts.dataDir, async (store) => {
        const alert = await store.alerts.get(config.tenant, alertId);
        if (!alert) throw new UsageError(`no alert ${alertId} for tenant ${config.tenant}`);
        const evidence = await latestNoticeEvidence(
          new EvidenceRepository(store.doc, store.tableName),
          config.tenant,
          alert.id,
        );
        const draft = draftNotice(alert, config, evidence, new Date());
        if (opts.json) out(JSON.stringify(draft));
        else if (draft.kind === "draft")
          out(`To: ${draft.recipient}\nSubject: ${draft.subject}\n\n${draft.text}`);
        else err(`pricewarden: no notice for alert ${alertId}: ${draft.reason}`);
        process.exitCode = draft.kind === "draft" ? 0 : 1;
      });
    });

  program
    .command("history")
    .description("price history of a SKU's listings")
    .requiredOption("--sku <sku>", "product SKU")
    .option("--channel <id>", "only this channel")
    .option("--json", "print JSON")
    .option("--config <file>", "tenant config (to pick the tenant)")
    .option("--tenant <id>", "tenant id")
    .addOption(dataDirOption())
    .action(
      async (opts: {
        sku: string;
        channel?: string;
        json?: boolean;
        config?: string;
        tenant?: string;
        dataDir: string;
      }) => {
        const tenant = tenantFor(opts);
        await withLocalStore(opts.dataDir, async (store) => {
          const listings = await store.listings.listBySku(tenant, opts.sku, opts.channel);
          const rows = [];
          for (const listing of listings) {
            const observations = await store.listings.observations(tenant, listing.listingId);
            rows.push({
              listingId: listing.listingId,
              url: listing.url,
              channel: listing.channel,
              seller: listing.seller,
              sellerKind: listing.sellerKind,
              observations: observations.map((o) => ({
                at: o.at,
                listedPrice: o.listedPrice === null ? null : minorToDecimal(o.listedPrice),
                perPackPrice: o.perPackPrice === null ? null : minorToDecimal(o.perPackPrice),
                availability: o.availability,
                reason: o.reason,
              })),
            });
          }
          if (opts.json) {
            out(JSON.stringify(rows, null, 2));
            return;
          }
          if (rows.length === 0) out(`no listings of ${opts.sku} recorded`);
          for (const row of rows) {
            out(`${row.channel}  ${clean(row.seller)} (${row.sellerKind ?? "?"})  ${row.url}`);
            for (const o of row.observations)
              out(
                `    ${o.at}  listed ¥${o.listedPrice ?? "-"}  per pack ¥${o.perPackPrice ?? "-"}  ${o.availability ?? "-"}  ${o.reason}`,
              );
          }
        });
      },
    );

  // ── evidence export / verify / keys ────────────────────────────────────────
  const evidence = program
    .command("evidence")
    .description(
      "export an alert's signed evidence bundle, verify one, or list the published keys: evidence export|verify|keys",
    );

  evidence
    .command("export")
    .description("write an alert's evidence (files, manifest, signatures, PDF summary) to a zip")
    .argument("<alertId>", "alert id")
    .requiredOption("--out <file>", "zip file to write")
    .option("--capture <id>", "a specific capture (default: the newest)")
    .option("--config <file>", "tenant config (to pick the tenant)")
    .option("--tenant <id>", "tenant id")
    .addOption(dataDirOption())
    .option("--table <name>", "read from AWS: the DynamoDB table (then --bucket, --kms-key, --tenant)")
    .option("--bucket <name>", "with --table: the S3 evidence bucket")
    .option("--kms-key <id>", "with --table: the KMS key (id, ARN or alias) that signed the captures")
    .addOption(
      new Option("--region <region>", "with --table: the AWS region").env("AWS_REGION").default("us-east-1"),
    )
    .option("--dynamodb-endpoint <url>", "with --table: a local DynamoDB instead of AWS's")
    .action(async (alertId: string, opts: EvidenceExportOptions, command: Command) => {
      const aws = awsExportOptions(opts, command);
      const tenant = aws ? aws.tenant : tenantFor(opts);
      const args = ExportArgsSchema.safeParse({
        tenant,
        alertId,
        ...(opts.capture ? { captureId: opts.capture } : {}),
      });
      if (!args.success) throw new UsageError(`not an alert or capture id: ${clean(alertId)}`);
      const sources = aws
        ? await openAwsExportSources(aws.sources)
        : await openLocalExportSources(opts.dataDir);
      const pdf = createChromiumPdfRenderer();
      try {
        const result = await exportEvidence({ ...sources, pdf }, args.data);
        switch (result.kind) {
          case "no_alert":
            throw new UsageError(`no alert ${alertId} for tenant ${tenant}`);
          case "no_evidence":
            throw new UsageError(`alert ${alertId} has no evidence captured`);
          case "no_capture":
            throw new UsageError(
              `alert ${alertId} has no capture ${result.captureId}; captures: ${result.available.join(", ")}`,
            );
          case "key_mismatch":
            err(
              `pricewarden: the capture was signed by ${displayFingerprint(result.captureFingerprint)}, but ${sources.keyName} is ${displayFingerprint(result.signerFingerprint)}; refusing to export`,
            );
            process.exitCode = 1;
            return;
          case "corrupt":
            err(`pricewarden: stored evidence ${result.captureId} of alert ${alertId} does not verify:`);
            for (const problem of result.problems) err(`  ✗ ${problem}`);
            process.exitCode = 1;
            return;
          case "ok":
            await writeFile(opts.out, result.zip);
            out(
              `wrote ${opts.out} (${result.zip.length} bytes): alert ${alertId}, capture ${result.record.captureId} of ${result.record.capturedAt}`,
            );
            out(`signed by Ed25519 key ${displayFingerprint(result.fingerprint)}`);
        }
      } finally {
        await pdf.close();
        await sources.close();
      }
    });

  evidence
    .command("verify")
    .description(
      "verify an exported evidence zip in memory: exit 0 valid and signed by a published key, 1 not valid, 2 unreadable, 4 signature valid but signer unknown",
    )
    .argument("<file>", "evidence zip")
    .option("--fingerprint <fp>", "the key fingerprint the brand publishes; fail if signed by another key")
    .option(
      "--kms-key <id>",
      "trust the published KMS evidence key (AWS) instead of the data directory's keys",
    )
    .addOption(
      new Option("--region <region>", "with --kms-key: the AWS region")
        .env("AWS_REGION")
        .default("us-east-1"),
    )
    .addOption(dataDirOption())
    .option("--json", "print JSON")
    .action(
      async (
        file: string,
        opts: { fingerprint?: string; kmsKey?: string; region: string; dataDir: string; json?: boolean },
      ) => {
        if (opts.fingerprint !== undefined && normalizeFingerprint(opts.fingerprint) === null)
          throw new UsageError(`--fingerprint ${clean(opts.fingerprint)} is not a SHA-256 fingerprint`);
        let zip: Buffer;
        try {
          if (statSync(file).size > DEFAULT_ZIP_LIMITS.maxArchiveBytes)
            throw new UsageError(`${file} is larger than ${DEFAULT_ZIP_LIMITS.maxArchiveBytes} bytes`);
          zip = readFileSync(file);
        } catch (error) {
          if (error instanceof UsageError) throw error;
          throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
        }
        // Trust comes from outside the bundle: the expected fingerprint, else the tenant's published keys.
        const published =
          opts.fingerprint !== undefined
            ? []
            : await publishedKeysFor(opts.kmsKey, opts.region, opts.dataDir);
        const report = verifyEvidenceArchive(zip, {
          ...(opts.fingerprint === undefined ? {} : { expectedFingerprint: opts.fingerprint }),
          trustedFingerprints: published.map((k) => k.fingerprint),
        });
        process.exitCode =
          report.outcome === "valid" ? 0 : report.outcome === "signer_unknown" ? EXIT_SIGNER_UNKNOWN : 1;
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
        if (report.outcome === "invalid") {
          out(`${file}: verification FAILED`);
          for (const problem of report.problems) out(`  ✗ ${clean(problem, 400)}`);
          if (report.fingerprint) out(`embedded key: ${displayFingerprint(report.fingerprint)}`);
          return;
        }
        const m = report.manifest;
        out(report.ok ? `${file}: verified` : `${file}: signature valid, signer unknown`);
        out(`  alert      ${m.alertId} (${clean(m.alert.type)}), tenant ${clean(m.tenant)}`);
        out(`  capture    ${m.captureId} at ${clean(m.capturedAt)}`);
        out(`  page       ${clean(m.page.finalUrl, 200)} (HTTP ${m.page.httpStatus})`);
        out(
          `  screenshot ${m.screenshot.status === "captured" ? "captured" : `none — ${clean(m.screenshot.reason, 200)}`}`,
        );
        out(`  entries    ${report.entries.length} files, sizes and SHA-256 match; both signatures valid`);
        out(`  signed by  Ed25519 key ${displayFingerprint(report.fingerprint)}`);
        if (report.ok)
          out(
            opts.fingerprint
              ? "  the key matches the expected fingerprint"
              : "  the key is one the tenant published (pricewarden evidence keys)",
          );
        else
          out(
            `  ✗ this key is not one the tenant published${published.length === 0 ? " (no published keys found)" : ""}: anyone can sign a bundle with a key of their own. Compare the fingerprint with the one the brand publishes, or pass it as --fingerprint.`,
          );
      },
    );

  evidence
    .command("keys")
    .description("list the evidence signing keys the tenant publishes (their fingerprints)")
    .option("--kms-key <id>", "the KMS evidence key (AWS) instead of the data directory's keys")
    .addOption(
      new Option("--region <region>", "with --kms-key: the AWS region")
        .env("AWS_REGION")
        .default("us-east-1"),
    )
    .addOption(dataDirOption())
    .option("--json", "print JSON")
    .action(async (opts: { kmsKey?: string; region: string; dataDir: string; json?: boolean }) => {
      const keys = await publishedKeysFor(opts.kmsKey, opts.region, opts.dataDir);
      if (opts.json) {
        out(JSON.stringify(keys));
        return;
      }
      if (keys.length === 0) {
        out(`no evidence keys in ${opts.dataDir}: nothing was captured there`);
        return;
      }
      for (const k of keys) out(`${displayFingerprint(k.fingerprint)}  ${k.status}  ${clean(k.source, 200)}`);
    });

  program
    .command("demo-site")
    .description("serve the demo marketplace on 127.0.0.1")
    .option("--port <port>", "port", "8790")
    .action(async (opts: { port: string }) => {
      const site = await startDemoSite({ port: portNumber(opts.port) });
      out(`demo marketplace on ${site.url} (Ctrl-C to stop)`);
      await untilSignal();
      await site.close();
    });

  program
    .command("start")
    .description("run the local stack: store, scheduler, and the demo marketplace when no config is given")
    .option("--config <file>", "tenant config (default: the bundled demo)")
    .option("--port <port>", "dashboard/API port", "8787")
    .addOption(dataDirOption())
    .action(async (opts: { config?: string; port: string; dataDir: string }) => {
      let config: TenantConfig;
      let closeDemo = async () => {};
      let walled: WalledMarket | null = null;
      if (opts.config) {
        config = loadConfigOrExit(opts.config);
      } else {
        // The demo marketplaces run on 127.0.0.1: starting the demo is the operator's opt-in to local targets.
        process.env["PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES"] ??= "1";
        const site = await startDemoSite({ port: 8790 }).catch(() => startDemoSite({ port: 0 }));
        walled = await startWalledDemo();
        const market = walled;
        closeDemo = async () => {
          await site.close();
          await market.close();
        };
        const host = new URL(site.url).host;
        const walledHost = new URL(walled.url).host;
        config = loadConfigOrExit(demoConfigPath(), (text) =>
          text.replaceAll(DEMO_HOST, host).replaceAll(WALLED_DEMO_HOST, walledHost),
        );
        out(`demo marketplace on ${site.url}; monitoring it with ${demoConfigPath()}`);
        out(
          `login-walled demo marketplace (JD-like) on ${walled.url}; sign in by hand at ${walled.url}/login (password demo)`,
        );
      }
      rememberTenant(opts.dataDir, config.tenant);
      const store = await openLocalStore(opts.dataDir, { publish: true });
      if (walled) {
        const signedIn = await signInDemoSession(config, walled, store.sessions);
        if (signedIn)
          out(
            `browser session ${signedIn.id} for channel ${signedIn.channel} (the demo signed in by itself; yours: pricewarden session import --channel ${signedIn.channel} FILE)`,
          );
      }
      const api = await startApiServer({
        app: createApiApp({
          alerts: store.alerts,
          listings: store.listings,
          runs: store.runs,
          configs: (tenant) => (tenant === config.tenant ? config : null),
          evidence: new EvidenceRepository(store.doc, store.tableName),
          authenticate: localAuthenticator(config, { name: userInfo().username }),
          // Uploaded HARs get signed evidence; their notifications go out with the scheduler's drain.
          imports: { evidence: importEvidenceRecorder(store, opts.dataDir) },
        }),
        port: portNumber(opts.port),
        host: "127.0.0.1",
      }).catch(async (error: NodeJS.ErrnoException) => {
        // Nothing may keep the process alive after a failed start: close what was opened.
        await store.close();
        await closeDemo();
        if (error.code === "EADDRINUSE")
          throw new UsageError(
            `port ${opts.port} is in use (another pricewarden start?): stop it, or pass --port with a free port`,
          );
        if (error.code === "EACCES")
          throw new UsageError(`port ${opts.port} needs privileges: pass --port above 1023`);
        throw error;
      });
      out(`dashboard and API on ${api.url} (local only, no login)`);
      out(`data in ${resolve(opts.dataDir)}; alerts: npx pricewarden alerts --data-dir ${opts.dataDir}`);
      const loop = startSchedulerLoop(config, store, opts.dataDir, { out, err });
      await untilSignal();
      err("[pricewarden] stopping…");
      await loop.stop();
      await api.close();
      await store.close();
      await closeDemo();
    });

  registerSessionCommands(program, { out, err, loadConfig: (path) => loadConfigOrExit(path), dataDirOption });

  return program;
}

function portNumber(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`bad port ${text}`);
  return port;
}

function untilSignal(): Promise<void> {
  return new Promise((resolveSignal) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolveSignal();
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    // A command that reports findings (check) sets process.exitCode itself.
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    if (error instanceof UsageError) {
      err(`pricewarden: ${error.message}`);
      return EXIT_BAD_INPUT;
    }
    const storeFault = storeFaultOf(error);
    if (storeFault) {
      err(`pricewarden: ${storeFault.message}`);
      return storeFault.exitCode;
    }
    err(`pricewarden: ${(error as Error).stack ?? String(error)}`);
    return EXIT_INTERNAL;
  }
}

// Run when executed directly (from source with tsx); bin/pricewarden.js calls main() itself.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv);
}
