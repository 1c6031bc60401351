import type {
  ListingRepository,
  ListingState,
  ListingWrite,
  Observation,
} from "../store/listing-repository.js";

/** The listing store calls a check makes: the repository itself, or a cycle's batched view of it. */
export type ListingStore = Pick<
  ListingRepository,
  "getState" | "putState" | "addObservation" | "observations" | "listBySku"
>;

/** States read ahead in one BatchGetItem (DynamoDB's limit per request). */
export const PREFETCH_BATCH = 100;
/** Writes wait this long for company before they go out as one BatchWriteItem… */
const GROUP_COMMIT_MS = 20;
/** …or until this many are waiting (DynamoDB's limit per request). */
const GROUP_COMMIT_MAX = 25;

interface PendingWrite {
  write: ListingWrite;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * One cycle's view of a tenant's listings, so that a check costs the store about one request
 * instead of four or five (each request is a round trip and a millisecond of SDK work on the
 * crawler's thread):
 *
 * - states of the targets about to be checked are read ahead, a hundred a request, and handed out
 *   once (a state written meanwhile through this view drops its read-ahead copy);
 * - a SKU's listings (the market reference) are read once a cycle and kept up to date with the
 *   states this cycle writes, as a fresh read would have seen them;
 * - observation and state puts are committed in groups; each put still resolves only once it is
 *   stored, and a check puts its observation before its state, so the order that keeps a
 *   crash from losing history is kept.
 */
export class CycleListings implements ListingStore {
  private readonly ahead = new Map<string, Promise<ListingState | null>>();
  private readonly skuLoaded = new Map<string, Map<string, ListingState>>();
  private readonly skuLoading = new Map<string, Promise<Map<string, ListingState>>>();
  /** States put through this view and not stored yet: a SKU's list read now would miss them. */
  private readonly unstored = new Map<string, ListingState>();
  /** Per SKU list being read: the states it may miss (unstored when it was asked for, or put since). */
  private readonly missedByLoads = new Set<Map<string, ListingState>>();
  private pending: PendingWrite[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: ListingRepository,
    private readonly tenant: string,
  ) {}

  /** States read ahead and not yet handed out. */
  get readAhead(): number {
    return this.ahead.size;
  }

  /** Starts reading the states of these listings (those not already read ahead) in one request. */
  prefetch(listingIds: readonly string[]): void {
    const wanted = [...new Set(listingIds)].filter((id) => !this.ahead.has(id)).slice(0, PREFETCH_BATCH);
    if (wanted.length === 0) return;
    const loading = this.store.getStates(this.tenant, wanted);
    // A failed read-ahead is retried by each check on its own (below); never an unhandled rejection.
    loading.catch(() => {});
    for (const id of wanted)
      this.ahead.set(
        id,
        loading.then((states) => states.get(id) ?? null),
      );
  }

  async getState(tenant: string, listingId: string): Promise<ListingState | null> {
    const ready = tenant === this.tenant ? this.ahead.get(listingId) : undefined;
    if (!ready) return this.store.getState(tenant, listingId);
    this.ahead.delete(listingId);
    return ready.catch(() => this.store.getState(tenant, listingId));
  }

  putState(tenant: string, state: ListingState): Promise<void> {
    if (tenant !== this.tenant) return this.store.putState(tenant, state);
    this.ahead.delete(state.listingId);
    this.keepSkuListsCurrent(state);
    this.unstored.set(state.listingId, state);
    for (const missed of this.missedByLoads) missed.set(state.listingId, state);
    const stored = this.commit({ kind: "state", state });
    const settled = () => {
      if (this.unstored.get(state.listingId) === state) this.unstored.delete(state.listingId);
    };
    stored.then(settled, settled);
    return stored;
  }

  addObservation(tenant: string, observation: Observation): Promise<void> {
    if (tenant !== this.tenant) return this.store.addObservation(tenant, observation);
    return this.commit({ kind: "observation", observation });
  }

  observations(tenant: string, listingId: string, since?: string): Promise<Observation[]> {
    return this.store.observations(tenant, listingId, since);
  }

  async listBySku(tenant: string, sku: string, channel?: string): Promise<ListingState[]> {
    if (tenant !== this.tenant || channel !== undefined) return this.store.listBySku(tenant, sku, channel);
    const loaded = this.skuLoaded.get(sku);
    if (loaded) return [...loaded.values()];
    let loading = this.skuLoading.get(sku);
    if (!loading) {
      // The read may predate states put through this view (or their storing): laid over what it
      // returns, as a read after them would have seen them. A failed read is retried by the next call.
      const missed = new Map(this.unstored);
      this.missedByLoads.add(missed);
      loading = this.store
        .listBySku(tenant, sku)
        .then((states) => {
          const list = new Map(states.map((s) => [s.listingId, s]));
          for (const [listingId, s] of missed) {
            if (s.sku === sku) list.set(listingId, structuredClone(s));
            else list.delete(listingId);
          }
          this.skuLoaded.set(sku, list);
          return list;
        })
        .finally(() => {
          this.missedByLoads.delete(missed);
          this.skuLoading.delete(sku);
        });
      this.skuLoading.set(sku, loading);
    }
    return [...(await loading).values()];
  }

  private keepSkuListsCurrent(state: ListingState): void {
    // A listing can move between SKUs (re-matched) or leave them (unmatched): out of every list first.
    for (const states of this.skuLoaded.values()) states.delete(state.listingId);
    if (!state.sku) return;
    // A copy: the state's strings may be cut from the page it was read on, which they would keep alive.
    this.skuLoaded.get(state.sku)?.set(state.listingId, structuredClone(state));
  }

  private commit(write: ListingWrite): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (this.pending.length >= GROUP_COMMIT_MAX) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), GROUP_COMMIT_MS);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.pending;
    this.pending = [];
    this.store
      .writeBatch(
        this.tenant,
        group.map((p) => p.write),
      )
      .then(
        () => {
          for (const p of group) p.resolve();
        },
        (error: unknown) => {
          for (const p of group) p.reject(error);
        },
      );
  }
}
