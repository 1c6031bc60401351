import type { TenantConfig } from "../core/config.js";
import type { EvidenceRecorder } from "../evidence/evidence-recorder.js";
import type { NotifySend } from "../notify/notify-sender.js";
import type { AlertRepository } from "../store/alert-repository.js";
import type { EvidenceRepository } from "../store/evidence-repository.js";
import type { ListingRepository } from "../store/listing-repository.js";
import type { RunRepository } from "../store/run-repository.js";
import type { AdminApiDeps } from "./admin-tenant-routes.js";
import type { BrowserLogin } from "./browser-login.js";
import type { Authenticate, Caller } from "./caller.js";
import type { DashboardText } from "./dashboard-text.js";
import type { EvidenceExporter } from "./evidence-download.js";
import type { ListingReader } from "./listing-reader.js";
import type { LocalTenantRegistry, TenantChooser } from "./local-tenant-choice.js";
import type { RateLimit } from "./precheck-rate-limit.js";
import type { ScopedReader } from "./scoped-reader.js";

/**
 * What recording an uploaded HAR may use besides the repositories (`POST /api/imports`,
 * `/imports`). Each part is optional: without `evidence` the HAR is imported without signed
 * bundles (the answer says `evidence: false`); without `send` the deliveries it queues are left
 * to the notifier (the notify worker on AWS, the scheduler loop locally).
 */
export interface ApiImportDeps {
  /** The tenant's evidence recorder (screenshots off: the HAR is the capture). */
  evidence?: (config: TenantConfig) => EvidenceRecorder | Promise<EvidenceRecorder>;
  send?: NotifySend;
  resolveSecret?: (ref: string) => string | undefined;
  /** Largest upload accepted, in bytes (default 50 MB); larger is `413`. */
  maxBytes?: number;
}

export interface ApiDeps {
  /**
   * Reads go through the ScopedReader; the writes are status changes and a brand user's HAR
   * import, which records listings and alerts as a cycle does (hence the whole repositories).
   */
  alerts: AlertRepository;
  listings: ListingReader & ListingRepository;
  runs: Pick<RunRepository, "latest">;
  /** The caller's tenant config (product and distributor names, SKUs); null when unknown. */
  configs: (tenant: string) => TenantConfig | null | Promise<TenantConfig | null>;
  authenticate: Authenticate;
  /** Evidence captures, so a drafted notice can point to the signed bundle (absent: it says none). */
  evidence?: Pick<EvidenceRepository, "list">;
  /** Signed evidence bundles for download from an alert's page (absent: the CLI only). */
  evidenceExport?: EvidenceExporter;
  /** Browser sign-in (AWS): its routes need no caller, and a browser without one is sent there. */
  browserLogin?: BrowserLogin;
  /** HAR uploads: evidence, sending and size limit (absent: defaults, see ApiImportDeps). */
  imports?: ApiImportDeps;
  /** Pre-checks per caller (a distributor's users share one budget); absent: DEFAULT_PRECHECK_RATE. */
  precheckRate?: RateLimit;
  /**
   * Tenant administration (`/admin/tenants`, platform administrators only); absent: no such routes
   * (the local server administers tenants through the CLI).
   */
  admin?: AdminApiDeps;
  /**
   * The local server's registered tenants: the dashboard then offers a choice among them (a
   * cookie the local authenticator reads). Absent on AWS, where the caller's claims fix the tenant.
   */
  localTenants?: LocalTenantRegistry;
  /** Clock for status changes, imports and pre-check budgets; injectable so tests need not read the wall clock. */
  now?: () => Date;
}

/** What the auth middleware leaves on the context for every handler. */
export type ApiEnv = {
  Variables: {
    caller: Caller;
    config: TenantConfig | null;
    reader: ScopedReader;
    /** Where the dashboard's "Sign out" link goes; null when there is no sign-in (local mode). */
    signOutPath: string | null;
    /** The local brand chooser for this page; null when there is nothing to choose (and on AWS). */
    tenantChoice: TenantChooser | null;
    /** The dashboard's words in the request's language. */
    text: DashboardText;
  };
};
