import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { createApiApp } from "../../functions/api/api-app.js";
import type { ApiEnv } from "../../functions/api/api-deps.js";
import { createBrowserLogin } from "../../functions/api/browser-login.js";
import { type ApiServer, startApiServer } from "../../functions/api/local-server.js";
import type { TenantConfig } from "../../functions/core/config.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { createEvidenceRecorder } from "../../functions/evidence/evidence-recorder.js";
import { loadOrCreateLocalSigner } from "../../functions/evidence/local-evidence-signer.js";
import { startDemoSite } from "../../functions/local/demo-site/demo-site.js";
import { startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { sendNotification } from "../../functions/notify/notify-senders.js";
import { runCycle } from "../../functions/stages/cycle.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { LocalBlobStore } from "../../functions/store/blob-store.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { EvidenceRepository } from "../../functions/store/evidence-repository.js";
import { ListingRepository } from "../../functions/store/listing-repository.js";
import { RunRepository } from "../../functions/store/run-repository.js";
import { demoConfig } from "../support/demo-stack.js";
import { type FakeCognito, startFakeCognito } from "../support/fake-cognito.js";

/** Who signs in at the stand-in hosted UI: the claims Cognito would put in the ID token. */
export type DashboardUser =
  | { role: "brand"; email: string }
  | { role: "distributor"; email: string; distributorId: string };

export interface DashboardStack {
  /** The dashboard as deployed: `http://127.0.0.1:PORT`, browser sign-in through the stand-in Cognito. */
  url: string;
  config: TenantConfig;
  /** The next sign-in at the hosted UI is this user's. */
  signInAs(user: DashboardUser): void;
  close(): Promise<void>;
}

/**
 * The real dashboard over a demo cycle's data: the demo marketplace crawled once into the
 * embedded store (with signed evidence), served by the same app as on AWS, behind the same
 * browser sign-in, against a Cognito stand-in on 127.0.0.1.
 */
export async function startDashboardStack(): Promise<DashboardStack> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne();
  };
  try {
    const site = await startDemoSite({ port: 0 });
    closers.push(() => site.close());
    const db = await startEmbeddedDynamo({ dataDir: null });
    closers.push(() => db.close());
    const doc = createDocumentClient({ endpoint: db.endpoint });
    closers.push(async () => doc.destroy());
    const evidenceDir = await mkdtemp(join(tmpdir(), "pricewarden-browser-"));
    closers.push(() => rm(evidenceDir, { recursive: true, force: true }));

    const config = demoConfig(site.url);
    const alerts = new AlertRepository(doc, db.tableName);
    const listings = new ListingRepository(doc, db.tableName);
    const runs = new RunRepository(doc, db.tableName);
    const evidence = new EvidenceRepository(doc, db.tableName);
    const fetcher = createFetcher(config.network);
    try {
      await runCycle({
        config,
        fetcher,
        alerts,
        listings,
        runs,
        send: sendNotification,
        resolveSecret: () => undefined,
        evidence: createEvidenceRecorder({
          evidence,
          blobs: new LocalBlobStore(join(evidenceDir, "evidence")),
          signer: await loadOrCreateLocalSigner(evidenceDir),
        }),
      });
    } finally {
      await fetcher.close();
    }

    const cognito: FakeCognito = await startFakeCognito();
    closers.push(() => cognito.close());
    // The callback URL must name the server's port, known only once it listens: the app behind
    // it is built right after.
    let app: Hono<ApiEnv> | undefined;
    const front = new Hono();
    front.all("*", (c) => (app ? app.fetch(c.req.raw) : c.text("starting", 503)));
    const server: ApiServer = await startApiServer({ app: front, port: 0, host: "127.0.0.1" });
    closers.push(() => server.close());
    const login = createBrowserLogin({
      issuer: cognito.issuer,
      domain: cognito.domain,
      clientId: cognito.clientId,
      publicBaseUrl: server.url,
    });
    app = createApiApp({
      alerts,
      listings,
      runs,
      evidence,
      configs: (tenant) => (tenant === config.tenant ? config : null),
      authenticate: login.authenticate,
      browserLogin: login,
    });

    return {
      url: server.url,
      config,
      signInAs(user) {
        cognito.user = {
          "custom:tenant": config.tenant,
          "custom:role": user.role,
          ...(user.role === "distributor" ? { "custom:distributor": user.distributorId } : {}),
          email: user.email,
        };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
