import type { CapturedResponse } from "./captured-response.js";

/**
 * What fetching one URL came to. Only `ok` carries a page to extract; every other kind is an
 * outcome with a reason and never becomes a price.
 */
export type BlockSignal = "captcha" | "slider" | "login" | "interstitial" | "forbidden";

export type FetchOutcome =
  | {
      kind: "ok";
      url: string;
      finalUrl: string;
      status: number;
      contentType: string | null;
      /**
       * The page as text for reading (charset applied). For a fetched page the code of its inline
       * JavaScript is left out, tags kept (crawl/script-code.ts): nothing reads it.
       */
      body: string;
      /** The whole page as text, as received: what evidence keeps. Decoded on call. */
      fullBody: () => string;
      bytes: number;
      charset: string;
      attempts: number;
      elapsedMs: number;
      rendered: boolean;
      /**
       * Responses the page's own script received while it rendered, those the channel's profile
       * asks for (and, for an imported HAR, the entries it read): read as the page's data.
       */
      responses?: readonly CapturedResponse[];
      /** Set when the page came from a capture a person made (a HAR file), not from a fetch. */
      capture?: { kind: "har"; sha256: string; entries: readonly number[] };
      /** The customer's browser session the page was seen with (never its secrets). */
      session?: { id: string; channel: string };
      /** Delivery area of that session: prices depend on it. */
      area?: string;
    }
  | {
      kind: "blocked";
      url: string;
      finalUrl?: string;
      status?: number;
      signal: BlockSignal;
      reason: string;
      attempts: number;
    }
  | { kind: "not_found"; url: string; status: number; reason: string; attempts: number }
  | { kind: "gone"; url: string; status?: number; reason: string; attempts: number }
  | {
      kind: "rate_limited";
      url: string;
      status: number;
      retryAfterMs?: number;
      reason: string;
      attempts: number;
    }
  | { kind: "refused"; url: string; reason: string; attempts: number }
  | { kind: "error"; url: string; code: string; reason: string; attempts: number };

export type FetchOutcomeKind = FetchOutcome["kind"];
