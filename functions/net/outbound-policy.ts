import type { LookupFn } from "./address-guard.js";

/**
 * The operator's switch for local targets: only a process started with
 * `PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES=1` may connect to loopback, private or link-local
 * addresses, and then only for a config that asks for it (`network.allowPrivateAddresses`).
 * A config alone cannot open the metadata service or the Lambda runtime API to itself.
 */
export const ALLOW_PRIVATE_ADDRESSES_VARIABLE = "PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES";

/** What every outbound connection (crawl, render, notify, SMTP) is checked against. */
export interface OutboundPolicy {
  allowPrivate: boolean;
  /** DNS for the guard; `node:dns` when absent (tests inject names). */
  lookup?: LookupFn;
}

export function operatorAllowsPrivateAddresses(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[ALLOW_PRIVATE_ADDRESSES_VARIABLE]?.trim().toLowerCase();
  return value === "1" || value === "true";
}

/** The config's wish for local targets, granted only when the operator opted in too. */
export function outboundPolicy(
  network: { allowPrivateAddresses: boolean },
  env: NodeJS.ProcessEnv = process.env,
): OutboundPolicy {
  return { allowPrivate: network.allowPrivateAddresses && operatorAllowsPrivateAddresses(env) };
}

/** Said with every refusal of a private address, so an operator knows which switch exists. */
export const PRIVATE_ADDRESS_HINT = `local targets need network.allowPrivateAddresses and ${ALLOW_PRIVATE_ADDRESSES_VARIABLE}=1`;
