export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PolitenessOptions {
  /** Requests in flight to one host at most. */
  perHostConcurrency: number;
  /** Minimum time between the starts of two requests to one host. */
  delayMs: number;
  /** Requests in flight across all hosts at most. */
  globalConcurrency: number;
  now?: () => number;
  sleep?: Sleep;
}

/** Releases a slot; calling it twice is harmless. */
export type Release = () => void;

interface HostGate {
  active: number;
  /** Earliest time the next request to this host may start. */
  nextStartAt: number;
  delayMs: number;
  waiters: Array<(release: Release) => void>;
  /** A waiter is eligible and waits for a global slot; hold the rest so starts stay spaced. */
  granting: boolean;
  timer: boolean;
}

class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  acquire(): Promise<Release> {
    return new Promise((resolve) => {
      const grant = () => {
        this.active++;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.active--;
          this.waiters.shift()?.();
        });
      };
      if (this.active < this.limit) grant();
      else this.waiters.push(grant);
    });
  }
}

/**
 * Per-host politeness shared by every fetch of one fetcher: at most `perHostConcurrency`
 * requests in flight to a host, request starts to a host at least `delayMs` apart, FIFO per
 * host, and a host-wide pause (Retry-After) that holds everyone. The start time is stamped only
 * once the global slot is also held, so waiting for global capacity never squeezes two starts
 * to one host closer than the delay. Hosts are keyed by `URL.host` (hostname and port).
 */
export class HostPoliteness {
  private readonly gates = new Map<string, HostGate>();
  private readonly global: Semaphore;
  private readonly now: () => number;
  private readonly sleep: Sleep;

  constructor(private readonly options: PolitenessOptions) {
    this.global = new Semaphore(options.globalConcurrency);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Resolves when a request to `host` may start now; call the release when it has finished. */
  acquire(host: string): Promise<Release> {
    const gate = this.gate(host);
    return new Promise((resolve) => {
      gate.waiters.push(resolve);
      this.pump(host, gate);
    });
  }

  /** No request to `host` starts within the next `ms` (Retry-After applies to everyone). */
  pause(host: string, ms: number): void {
    const gate = this.gate(host);
    gate.nextStartAt = Math.max(gate.nextStartAt, this.now() + ms);
  }

  /** Raises the spacing for one host (robots.txt Crawl-delay); never lowers the policy. */
  raiseDelay(host: string, ms: number): void {
    const gate = this.gate(host);
    gate.delayMs = Math.max(gate.delayMs, ms);
  }

  private gate(host: string): HostGate {
    let gate = this.gates.get(host);
    if (!gate) {
      gate = {
        active: 0,
        nextStartAt: 0,
        delayMs: this.options.delayMs,
        waiters: [],
        granting: false,
        timer: false,
      };
      this.gates.set(host, gate);
    }
    return gate;
  }

  private pump(host: string, gate: HostGate): void {
    if (gate.granting || gate.timer) return;
    if (gate.waiters.length === 0 || gate.active >= this.options.perHostConcurrency) return;
    const wait = gate.nextStartAt - this.now();
    if (wait > 0) {
      gate.timer = true;
      void this.sleep(wait).then(() => {
        gate.timer = false;
        this.pump(host, gate);
      });
      return;
    }
    gate.granting = true;
    void this.global.acquire().then((releaseGlobal) => {
      gate.granting = false;
      const waiter = this.now() >= gate.nextStartAt ? gate.waiters.shift() : undefined;
      if (!waiter) {
        // Paused while waiting for global capacity: give the slot back and wait again.
        releaseGlobal();
        this.pump(host, gate);
        return;
      }
      gate.active++;
      gate.nextStartAt = Math.max(gate.nextStartAt, this.now() + gate.delayMs);
      let released = false;
      waiter(() => {
        if (released) return;
        released = true;
        gate.active--;
        releaseGlobal();
        this.pump(host, gate);
      });
      this.pump(host, gate);
    });
  }
}
