import { join } from "node:path";
import type { TenantConfig } from "../core/config.js";
import { createFetcher } from "../crawl/fetcher.js";
import type { Renderer } from "../crawl/render/chromium-renderer.js";
import { lazyRenderer } from "../crawl/render/lazy-renderer.js";
import {
  createSessionRender,
  type SessionProblem,
  type SessionRender,
  type SessionRenderDeps,
} from "../crawl/render/session-render.js";
import { createEvidenceRecorder, type EvidenceRecorder } from "../evidence/evidence-recorder.js";
import { loadOrCreateLocalSigner } from "../evidence/local-evidence-signer.js";
import { screenshotWithRenderer } from "../evidence/page-screenshot.js";
import { resolveEnvSecret as resolveEnvSecretUnderAllowList } from "../notify/env-secrets.js";
import { sendNotification } from "../notify/notify-senders.js";
import { type ImportResult, importHar } from "../stages/capture-import.js";
import { type CycleResult, runCycle } from "../stages/cycle.js";
import { recordSessionAlert, resolveSessionAlerts } from "../stages/record-session.js";
import { LocalBlobStore } from "../store/blob-store.js";
import { EvidenceRepository } from "../store/evidence-repository.js";
import { cliText } from "../text/cli-text.js";
import { tenantLocale } from "../text/locale.js";
import type { LocalStore } from "./local-store.js";

/** `env:NAME` → the variable's value, for names on the operator's allow-list only (notify/env-secrets.ts). */
export function resolveEnvSecret(ref: string): string | undefined {
  return resolveEnvSecretUnderAllowList(ref);
}

/** Evidence files live beside the database: `<data-dir>/evidence/{tenant}/{alertId}/{captureId}/`. */
export function localEvidenceDir(dataDir: string): string {
  return join(dataDir, "evidence");
}

/**
 * The local evidence recorder: key in `<data-dir>/evidence-signing-key.pem`, files under
 * `<data-dir>/evidence/`, metadata in the store.
 */
export async function createLocalEvidenceRecorder(
  config: TenantConfig,
  store: Pick<LocalStore, "doc" | "tableName">,
  dataDir: string,
  renderer: () => Renderer,
): Promise<EvidenceRecorder> {
  const signer = await loadOrCreateLocalSigner(dataDir);
  return createEvidenceRecorder({
    evidence: new EvidenceRepository(store.doc, store.tableName),
    blobs: new LocalBlobStore(localEvidenceDir(dataDir)),
    signer,
    ...(config.evidence.screenshot ? { screenshot: screenshotWithRenderer(renderer()) } : {}),
  });
}

/**
 * One monitoring cycle on this machine: a fresh fetcher per cycle so politeness state never
 * leaks; one Chromium, started only if a `render: true` channel or a screenshot needs it;
 * signed evidence bundles for the alerts the cycle creates or reopens.
 */
export async function runLocalCycle(
  config: TenantConfig,
  store: LocalStore,
  log: (message: string) => void,
  dataDir: string,
  opts: { pacerClock?: SessionRenderDeps["pacerClock"] } = {},
): Promise<CycleResult> {
  const fetcher = createFetcher(config.network);
  let renderer: Renderer | undefined;
  const browser = () => {
    renderer ??= lazyRenderer({
      allowPrivateAddresses: config.network.allowPrivateAddresses,
      timeoutMs: config.network.timeoutMs,
      maxBytes: config.network.maxBytes,
      userAgent: config.network.userAgent,
    });
    return renderer;
  };
  // Problems are recorded after the cycle has its run id; a session's alert is raised once.
  const problems: SessionProblem[] = [];
  const healthy: { session: string; channel: string }[] = [];
  let sessionRender: SessionRender | undefined;
  const sessions = () => {
    sessionRender ??= createSessionRender({
      tenant: config.tenant,
      renderer: browser(),
      sessions: store.sessions,
      ...(opts.pacerClock ? { pacerClock: opts.pacerClock } : {}),
      onHealthy: async (session, channel) => {
        healthy.push({ session: session.id, channel: channel.id });
      },
      onUnhealthy: async (problem) => {
        problems.push(problem);
        log(
          cliText(tenantLocale(config)).loop.sessionUnhealthy(
            problem.session.label,
            problem.channel.id,
            problem.reason,
          ),
        );
      },
    });
    return sessionRender;
  };
  try {
    const evidence = await createLocalEvidenceRecorder(config, store, dataDir, browser);
    const result = await runCycle({
      config,
      fetcher,
      render: (url, signal, channel) => sessions().render(url, signal, channel),
      sessionFeedback: (session, seen) => sessions().feedback(session, seen),
      beforeDelivery: async (runId, now) => {
        for (const h of healthy.splice(0))
          await resolveSessionAlerts({ config, alerts: store.alerts }, h.channel, h.session, runId, now);
        for (const problem of problems.splice(0))
          await recordSessionAlert({ config, alerts: store.alerts }, problem, runId, now);
      },
      alerts: store.alerts,
      listings: store.listings,
      runs: store.runs,
      send: sendNotification,
      resolveSecret: resolveEnvSecret,
      log,
      evidence,
    });
    return result;
  } finally {
    await fetcher.close();
    await renderer?.close();
  }
}

/**
 * The evidence recorder for imported captures (CLI and dashboard): the HAR is the capture, so no
 * screenshot is taken and nothing is rendered again.
 */
export function importEvidenceRecorder(
  store: Pick<LocalStore, "doc" | "tableName">,
  dataDir: string,
): (config: TenantConfig) => Promise<EvidenceRecorder> {
  return (config) =>
    createLocalEvidenceRecorder(
      { ...config, evidence: { ...config.evidence, screenshot: false } },
      store,
      dataDir,
      () => {
        throw new Error("an imported capture is never re-rendered");
      },
    );
}

/**
 * `pricewarden import FILE.har`: the HAR's listings recorded as one cycle's observations, with
 * signed evidence naming the HAR's SHA-256 and the entries used. Nothing is fetched (screenshots
 * are not taken: the HAR is the capture).
 */
export async function importLocalHar(
  config: TenantConfig,
  store: LocalStore,
  dataDir: string,
  harText: string,
): Promise<ImportResult> {
  const fetcher = createFetcher(config.network);
  try {
    const evidence = await importEvidenceRecorder(store, dataDir)(config);
    return await importHar(
      {
        config,
        fetcher,
        alerts: store.alerts,
        listings: store.listings,
        send: sendNotification,
        resolveSecret: resolveEnvSecret,
        evidence,
      },
      harText,
    );
  } finally {
    await fetcher.close();
  }
}
