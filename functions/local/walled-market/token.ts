import { randomBytes, randomInt } from "node:crypto";

/**
 * The `h5st` request signature, JD-style: every page load embeds a fresh nonce in an obfuscated
 * inline script (`window.PSign`), which signs each API call with it. The server remembers the
 * nonces it issued per session (bounded, for a while) and accepts each once, so only a page's
 * own script, run in the page, can call the API; a replayed or hand-made call gets HTTP 403
 * with an empty body, as JD answers it.
 *
 * h5st = `{yyyyMMddHHmmssSSS, UTC+8};{fp};{appid};{sig};4.7;{t}`, where fp names the nonce and
 * sig = fnv1a(nonce|m) ‖ fnv1a(m|nonce) in hex, m = `{functionId}&{body}&{t}`.
 */

/** 32-bit FNV-1a over UTF-16 code units, 8 hex digits (the page's `_h`). */
export function fnv1aHex(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

export function h5stSignature(nonce: string, functionId: string, body: string, t: string): string {
  const m = `${functionId}&${body}&${t}`;
  return `${fnv1aHex(`${nonce}|${m}`)}${fnv1aHex(`${m}|${nonce}`)}`;
}

export interface IssuedNonce {
  /** Public name of the nonce, carried in the h5st. */
  readonly fp: string;
  readonly nonce: string;
}

/**
 * The inline script that defines `window.PSign.sign(functionId, appid, body, t) → h5st`. The
 * nonce is written reversed and XOR-ed with a per-page key: not secret from anyone who reads the
 * script, only from anyone who does not run it.
 */
export function signerScript(issued: IssuedNonce): string {
  const key = randomInt(17, 250);
  const codes = [...issued.nonce].reverse().map((c) => c.charCodeAt(0) ^ key);
  return `(function(w){var _k=[${codes.join(",")}],_x=${key},_f='${issued.fp}';function _n(){for(var s='',i=_k.length-1;i>=0;i--)s+=String.fromCharCode(_k[i]^_x);return s}function _h(s){var h=0x811c9dc5;for(var i=0;i<s.length;i++){h^=s.charCodeAt(i);h=Math.imul(h,0x01000193)>>>0}return('0000000'+h.toString(16)).slice(-8)}function _d(t){var d=new Date(t+288e5),p=function(v,n){return('000'+v).slice(-n)};return ''+d.getUTCFullYear()+p(d.getUTCMonth()+1,2)+p(d.getUTCDate(),2)+p(d.getUTCHours(),2)+p(d.getUTCMinutes(),2)+p(d.getUTCSeconds(),2)+p(d.getUTCMilliseconds(),3)}w.PSign={sign:function(fid,appid,body,t){var n=_n(),m=fid+'&'+body+'&'+t;return[_d(+t),_f,appid,_h(n+'|'+m)+_h(m+'|'+n),'4.7',t].join(';')}}})(window);`;
}

export interface NonceBookOptions {
  /** Nonces kept per session; the oldest go first. */
  perSession?: number;
  /** How long an issued nonce stays usable. */
  ttlMs?: number;
  now: () => number;
}

export type TokenCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "malformed" | "unknown-nonce" | "bad-signature" | "mismatch" };

/** Nonces issued per session, each accepted once. */
export class NonceBook {
  private readonly bySession = new Map<string, Map<string, { nonce: string; issuedAt: number }>>();
  private readonly perSession: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: NonceBookOptions) {
    this.perSession = options.perSession ?? 32;
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    this.now = options.now;
  }

  issue(sessionId: string): IssuedNonce {
    let book = this.bySession.get(sessionId);
    if (!book) {
      book = new Map();
      this.bySession.set(sessionId, book);
    }
    const issued = { fp: randomBytes(8).toString("hex"), nonce: randomBytes(16).toString("hex") };
    book.set(issued.fp, { nonce: issued.nonce, issuedAt: this.now() });
    while (book.size > this.perSession) {
      const oldest = book.keys().next().value;
      if (oldest === undefined) break;
      book.delete(oldest);
    }
    return issued;
  }

  /** Checks an h5st for a call; a valid one uses its nonce up. */
  redeem(
    sessionId: string,
    call: { h5st: string | null; appid: string; functionId: string; body: string; t: string | null },
  ): TokenCheck {
    if (!call.h5st || !call.t) return { ok: false, reason: "missing" };
    const parts = call.h5st.split(";");
    if (parts.length !== 6) return { ok: false, reason: "malformed" };
    const [, fp, appid, sig, , t] = parts;
    if (appid !== call.appid || t !== call.t) return { ok: false, reason: "mismatch" };
    const book = this.bySession.get(sessionId);
    const entry = fp ? book?.get(fp) : undefined;
    if (!book || !fp || !entry || this.now() - entry.issuedAt > this.ttlMs)
      return { ok: false, reason: "unknown-nonce" };
    if (sig !== h5stSignature(entry.nonce, call.functionId, call.body, call.t))
      return { ok: false, reason: "bad-signature" };
    book.delete(fp);
    return { ok: true };
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
  }
}
