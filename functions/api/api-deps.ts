import type { TenantConfig } from "../core/config.js";
import type { AlertRepository } from "../store/alert-repository.js";
import type { EvidenceRepository } from "../store/evidence-repository.js";
import type { RunRepository } from "../store/run-repository.js";
import type { BrowserLogin } from "./browser-login.js";
import type { Authenticate, Caller } from "./caller.js";
import type { DashboardText } from "./dashboard-text.js";
import type { ListingReader } from "./listing-reader.js";
import type { ScopedReader } from "./scoped-reader.js";

export interface ApiDeps {
  alerts: Pick<AlertRepository, "list" | "listForDistributor" | "get" | "setStatus">;
  listings: ListingReader;
  runs: Pick<RunRepository, "latest">;
  /** The caller's tenant config (product and distributor names, SKUs); null when unknown. */
  configs: (tenant: string) => TenantConfig | null | Promise<TenantConfig | null>;
  authenticate: Authenticate;
  /** Evidence captures, so a drafted notice can point to the signed bundle (absent: it says none). */
  evidence?: Pick<EvidenceRepository, "list">;
  /** Browser sign-in (AWS): its routes need no caller, and a browser without one is sent there. */
  browserLogin?: BrowserLogin;
  /** Clock for status changes; injectable so tests need not read the wall clock. */
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
    /** The dashboard's words in the request's language. */
    text: DashboardText;
  };
};
