import type { IndexConsistencyReport } from "./index-consistency.js";
import type { StoreFaultKind } from "./store-faults.js";

/** What the store thread is started with (its workerData). */
export interface StoreThreadOptions {
  dataDir: string | null;
  tableName?: string;
}

/** One error of a chain as plain data: an Error does not cross threads with its cause. */
export interface ErrorLink {
  name: string;
  message: string;
  code?: string;
}

/** What the store thread tells the thread that started it; any message back means "close". */
export type StoreThreadMessage =
  | { kind: "log"; line: string }
  | {
      kind: "ready";
      endpoint: string;
      tableName: string;
      storeKey: string;
      consistency: IndexConsistencyReport;
    }
  | {
      kind: "failed";
      /** The error first, then its causes. */
      chain: ErrorLink[];
      /** Set when the data directory cannot take writes (a LocalStoreFault in the thread). */
      fault?: StoreFaultKind;
      dataDir?: string;
    };
