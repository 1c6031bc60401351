import type { TenantConfig } from "../core/config.js";
import type { SessionRepository } from "../store/session-repository.js";
import { startWalledMarket, WALLED_PORT, type WalledMarket } from "./walled-market/walled-market.js";

/** The literal host of the login-walled demo marketplace in examples/demo.yaml. */
export const WALLED_DEMO_HOST = `127.0.0.1:${WALLED_PORT}`;
const DEMO_SESSION_LABEL = "demo account (walled market)";

/**
 * `pricewarden start` without a config: the login-walled marketplace beside the static one, paced
 * generously so the demo is quick (the demo channel's pacing stays under it).
 */
export async function startWalledDemo(): Promise<WalledMarket> {
  const options = { pagesPerMinute: 40 };
  return startWalledMarket({ ...options, port: WALLED_PORT }).catch(() =>
    startWalledMarket({ ...options, port: 0 }),
  );
}

/**
 * Signs the demo tenant in to the walled market, as a person would with `session login`: one
 * fresh session per start (the market forgets its sessions when it stops), replacing the demo
 * session stored by an earlier start. Sessions a person added are left alone.
 */
export async function signInDemoSession(
  config: TenantConfig,
  market: WalledMarket,
  sessions: Pick<SessionRepository, "list" | "put" | "remove">,
): Promise<{ channel: string; id: string } | null> {
  const marketHost = new URL(market.url).host;
  const channel = config.channels.find((c) => c.session && c.match.some((m) => m.includes(marketHost)));
  if (!channel) return null;
  for (const old of await sessions.list(config.tenant, channel.id))
    if (old.label === DEMO_SESSION_LABEL) await sessions.remove(config.tenant, channel.id, old.id);
  const area = channel.session?.area;
  const created = market.createSession(area ? { area } : {});
  const info = await sessions.put(config.tenant, channel.id, created.storageState, {
    label: DEMO_SESSION_LABEL,
    ...(area ? { area } : {}),
  });
  return { channel: channel.id, id: info.id };
}
