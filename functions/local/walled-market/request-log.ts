/**
 * Every request the market answered, in order, with the market's clock: tests assert a crawler's
 * pacing and what it was shown from the site's own log.
 */

export type WalledRequestKind = "item" | "search" | "api" | "stub" | "risk" | "login" | "other";

export interface WalledRequest {
  /** The market's clock (`opts.now`), ms. */
  at: number;
  /** The signed-in session, or null for a signed-out (or expired) visitor. */
  sessionId: string | null;
  /**
   * item / search: a signed-in page; api: an API answer (403s included); stub: a signed-out
   * answer (login stub, masked mobile page); risk: the risk page or the API's x-rp-content
   * answer; login: /login and /logout; other: anything else.
   */
  kind: WalledRequestKind;
  /** Path and query as requested. */
  path: string;
  status: number;
}

export class RequestLog {
  private readonly entries: WalledRequest[] = [];

  constructor(private readonly max = 20_000) {}

  add(entry: WalledRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
  }

  all(): WalledRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries.length = 0;
  }
}
