import { isIP } from "node:net";
import { Agent, buildConnector } from "undici";
import { checkHostAddress } from "./address-guard.js";
import type { OutboundPolicy } from "./outbound-policy.js";

/** The code of a connection the address guard refused (mapped to a refusal, never retried as a network error). */
export const ADDRESS_GUARD_CODE = "EADDRGUARD";

export class AddressGuardError extends Error {
  readonly code = ADDRESS_GUARD_CODE;
  /** True when DNS gave no answer: a later attempt may succeed. */
  readonly unresolved: boolean;
  constructor(reason: string, unresolved: boolean) {
    super(`address guard: ${reason}`);
    this.name = "AddressGuardError";
    this.unresolved = unresolved;
  }
}

/**
 * An undici Agent whose every connection passes the address guard first: IP literals are judged
 * as they are, names are resolved once and the socket goes to exactly the address that was
 * checked (TLS still verifies the name), so a rebinding DNS answer can never reach a private
 * address. Redirects are whatever the caller does with a 3xx: `request()` follows none.
 */
export function createGuardedAgent(
  policy: OutboundPolicy,
  options: Omit<Agent.Options, "connect"> & { connectTimeoutMs?: number } = {},
): Agent {
  const { connectTimeoutMs, ...agentOptions } = options;
  const connectDirectly = buildConnector({ timeout: connectTimeoutMs ?? 10_000 });
  const connect: buildConnector.connector = (target, callback) => {
    checkHostAddress(target.hostname, policy).then(
      (check) => {
        if (!check.ok) {
          callback(new AddressGuardError(check.reason, check.unresolved === true), null);
          return;
        }
        const name = target.hostname.replace(/^\[|\]$/g, "");
        connectDirectly(
          {
            ...target,
            hostname: check.address,
            ...(target.servername || isIP(name) ? {} : { servername: name }),
          },
          callback,
        );
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
  return new Agent({ ...agentOptions, connect });
}
