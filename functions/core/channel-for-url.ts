import type { Channel } from "./config.js";

/**
 * The channel a URL belongs to by the channels' `match` entries: a hostname matches itself and
 * its subdomains; an entry with a scheme is a URL prefix. The longest matching entry wins, so a
 * `https://mall.jd.com/` channel can sit beside a `jd.com` one.
 */
export function channelForUrl(channels: readonly Channel[], url: string): Channel | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  let best: { channel: Channel; length: number } | null = null;
  for (const channel of channels) {
    for (const entry of channel.match) {
      const e = entry.toLowerCase();
      const hit = /^https?:\/\//.test(e)
        ? url.toLowerCase().startsWith(e)
        : host === e || host.endsWith(`.${e}`);
      if (hit && (!best || e.length > best.length)) best = { channel, length: e.length };
    }
  }
  return best?.channel ?? null;
}
