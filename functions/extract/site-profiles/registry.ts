import type { DataSource } from "../../core/data-source-config.js";
import type { SiteProfile } from "../site-profile.js";
import { aliHealthProfile } from "./ali-health.js";
import { genericProfile } from "./generic.js";
import { jdProfile } from "./jd.js";
import { jdHealthProfile } from "./jd-health.js";
import { pddProfile } from "./pdd.js";
import { tmallProfile } from "./tmall.js";
import { yaofangwangProfile } from "./yaofangwang.js";

/** Specific profiles first; `generic` matches nothing by host and is the fallback. */
export const siteProfiles: readonly SiteProfile[] = [
  jdHealthProfile,
  jdProfile,
  tmallProfile,
  pddProfile,
  aliHealthProfile,
  yaofangwangProfile,
  genericProfile,
];

const aliases: Record<string, string> = {
  taobao: "tmall",
  pinduoduo: "pdd",
  jdh: "jd-health",
  alihealth: "ali-health",
  yfw: "yaofangwang",
};

export function siteProfileByName(name: string): SiteProfile | undefined {
  const key = aliases[name] ?? name;
  return siteProfiles.find((p) => p.name === key);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** The profile whose hosts include the URL's host or one of its parent domains. */
export function siteProfileForUrl(url: string): SiteProfile {
  const host = hostOf(url);
  if (host) {
    for (const profile of siteProfiles) {
      if (profile.hosts.some((h) => host === h || host.endsWith(`.${h}`))) return profile;
    }
  }
  return genericProfile;
}

/**
 * The data sources for a channel: its named built-in profile's (or, without a name, every
 * built-in profile's, each selected by its own URL patterns), with the channel's own sources
 * replacing those of the same id and adding the rest.
 */
export function mergeSources(profileName: string | undefined, own: readonly DataSource[]): DataSource[] {
  const named = profileName ? siteProfileByName(profileName) : undefined;
  const builtIn = named ? (named.sources ?? []) : siteProfiles.flatMap((p) => p.sources ?? []);
  const ownIds = new Set(own.map((s) => s.id));
  return [...builtIn.filter((s) => !ownIds.has(s.id)), ...own];
}
