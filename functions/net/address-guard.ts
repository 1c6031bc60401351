import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/** Resolves a hostname to every address it has. Injected in tests; `node:dns` otherwise. */
export type LookupFn = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/** `unresolved`: DNS gave no answer (worth retrying later), as opposed to a refused address. */
export type AddressCheck = { ok: true; address: string } | { ok: false; reason: string; unresolved?: true };

export const systemLookup: LookupFn = async (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Why an address must not be fetched, or null when it is a public unicast address. Only
 * ipaddr's "unicast" range passes: loopback, private, link-local (cloud metadata at
 * 169.254.169.254), unique-local, CGNAT, unspecified, multicast, reserved and documentation
 * ranges are all refused. IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64,
 * 6to4) are judged by the IPv4 address inside.
 */
export function addressRefusal(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return `"${address}" is not an IP address`;
  }
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    const embedded = embeddedIPv4(v6);
    if (embedded) {
      const inner = addressRefusal(embedded);
      return inner === null ? null : `${address} embeds ${embedded}: ${inner}`;
    }
  }
  const range = parsed.range();
  if (range === "unicast") return null;
  return `${address} is a ${range} address`;
}

function embeddedIPv4(v6: ipaddr.IPv6): string | null {
  const range = v6.range();
  const p = v6.parts;
  const last32 = () => {
    const hi = p[6] ?? 0;
    const lo = p[7] ?? 0;
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  };
  if (range === "ipv4Mapped") return v6.toIPv4Address().toString();
  if (range === "rfc6052") return last32();
  if (range === "6to4") {
    const a = p[1] ?? 0;
    const b = p[2] ?? 0;
    return `${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
  }
  // Deprecated IPv4-compatible ::a.b.c.d (ipaddr calls it unicast); :: and ::1 have their own ranges.
  const zeroPrefix = p.slice(0, 6).every((x) => x === 0);
  if (zeroPrefix && range === "unicast") return last32();
  return null;
}

/**
 * Checks a host (name or IP literal, IPv6 with or without brackets) before any connection is
 * made: every address it resolves to must be public unless `allowPrivate`. Returns the one
 * address to connect to, so a second DNS answer (rebinding) can never be used.
 */
export async function checkHostAddress(
  hostname: string,
  opts: { allowPrivate: boolean; lookup?: LookupFn },
): Promise<AddressCheck> {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (host === "") return { ok: false, reason: "no host" };
  if (ipaddr.isValid(host)) {
    const refusal = opts.allowPrivate ? null : addressRefusal(host);
    return refusal === null ? { ok: true, address: host } : { ok: false, reason: refusal };
  }
  let answers: Array<{ address: string; family: number }>;
  try {
    answers = await (opts.lookup ?? systemLookup)(host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      ok: false,
      reason: `cannot resolve ${host}${typeof code === "string" ? ` (${code})` : ""}`,
      unresolved: true,
    };
  }
  const first = answers[0];
  if (!first) return { ok: false, reason: `${host} has no addresses`, unresolved: true };
  if (!opts.allowPrivate) {
    // Any private answer refuses the host: an attacker controls which answer a client picks.
    for (const answer of answers) {
      const refusal = addressRefusal(answer.address);
      if (refusal !== null) return { ok: false, reason: `${host} resolves to ${refusal}` };
    }
  }
  return { ok: true, address: first.address };
}

/** `checkHostAddress` for a URL, whose scheme must be http or https. */
export async function checkUrlAddress(
  url: string,
  opts: { allowPrivate: boolean; lookup?: LookupFn },
): Promise<AddressCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return { ok: false, reason: `scheme ${parsed.protocol} is not allowed` };
  // WHATWG URL already normalised decimal/hex/octal IPv4 forms; IPv6 literals keep brackets.
  if (parsed.hostname === "") return { ok: false, reason: "URL has no host" };
  return checkHostAddress(parsed.hostname, opts);
}
