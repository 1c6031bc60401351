import type { Channel } from "../core/config.js";
import type { ChannelReading } from "./observe-page.js";
import { mergeSources } from "./site-profiles/registry.js";

/** How a channel reads its pages: its CSS profile (or built-in name), and its built-in profile's data sources with the channel's own over them. */
export function channelSources(channel: Channel): ChannelReading {
  return {
    profile: channel.extract ?? channel.profile,
    sources: mergeSources(channel.profile, channel.sources ?? []),
  };
}
