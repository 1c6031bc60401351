import { join } from "node:path";
import type { TenantConfig } from "../core/config.js";
import { createFetcher } from "../crawl/fetcher.js";
import { createRenderer, type Renderer } from "../crawl/render/chromium-renderer.js";
import { type CycleResult, runCycle } from "../cycle.js";
import { createEvidenceRecorder, type EvidenceRecorder } from "../evidence/evidence-recorder.js";
import { loadOrCreateLocalSigner } from "../evidence/local-evidence-signer.js";
import { screenshotWithRenderer } from "../evidence/page-screenshot.js";
import { sendWebhook } from "../notify/webhook-sender.js";
import { LocalBlobStore } from "../store/blob-store.js";
import { EvidenceRepository } from "../store/evidence-repository.js";
import type { LocalStore } from "./local-store.js";

/** `env:NAME` → the variable's value. */
export function resolveEnvSecret(ref: string): string | undefined {
  return ref.startsWith("env:") ? process.env[ref.slice(4)] : undefined;
}

/** Evidence files live beside the database: `<data-dir>/evidence/{tenant}/{alertId}/{captureId}/`. */
export function localEvidenceDir(dataDir: string): string {
  return join(dataDir, "evidence");
}

/**
 * The local evidence recorder: key in `<data-dir>/evidence-signing-key.pem`, files under
 * `<data-dir>/evidence/`, metadata in the store. Chromium starts only when a screenshot is due.
 */
export async function createLocalEvidenceRecorder(
  config: TenantConfig,
  store: Pick<LocalStore, "doc" | "tableName">,
  dataDir: string,
): Promise<{ recorder: EvidenceRecorder; close(): Promise<void> }> {
  const signer = await loadOrCreateLocalSigner(dataDir);
  let renderer: Renderer | undefined;
  if (config.evidence.screenshot)
    renderer = createRenderer({
      allowPrivateAddresses: config.network.allowPrivateAddresses,
      timeoutMs: config.network.timeoutMs,
      maxBytes: config.network.maxBytes,
      userAgent: config.network.userAgent,
    });
  const recorder = createEvidenceRecorder({
    evidence: new EvidenceRepository(store.doc, store.tableName),
    blobs: new LocalBlobStore(localEvidenceDir(dataDir)),
    signer,
    ...(renderer ? { screenshot: screenshotWithRenderer(renderer) } : {}),
  });
  return { recorder, close: async () => renderer?.close() };
}

/**
 * One monitoring cycle on this machine: a fresh fetcher per cycle so politeness state never leaks.
 * With `dataDir`, alerts that the cycle creates or reopens get signed evidence bundles.
 */
export async function runLocalCycle(
  config: TenantConfig,
  store: LocalStore,
  log: (message: string) => void,
  opts: { dataDir?: string } = {},
): Promise<CycleResult> {
  const fetcher = createFetcher(config.network);
  const evidence = opts.dataDir ? await createLocalEvidenceRecorder(config, store, opts.dataDir) : undefined;
  try {
    return await runCycle({
      config,
      fetcher,
      alerts: store.alerts,
      listings: store.listings,
      runs: store.runs,
      send: sendWebhook,
      resolveSecret: resolveEnvSecret,
      log,
      ...(evidence ? { evidence: evidence.recorder } : {}),
    });
  } finally {
    await fetcher.close();
    await evidence?.close();
  }
}
