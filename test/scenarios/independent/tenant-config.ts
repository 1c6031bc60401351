import { type TenantConfig, validateConfig } from "../../../functions/core/config.js";
import type { DataSource } from "../../../functions/core/data-source-config.js";
import { jdPageConfig } from "../../../functions/extract/site-profiles/jd-sources.js";
import { pddGoodsRawData } from "../../../functions/extract/site-profiles/pdd-sources.js";
import { tmallIceContext } from "../../../functions/extract/site-profiles/taobao-sources.js";
import {
  CHANNEL_NAMES,
  CHANNEL_PROFILES,
  CHANNELS,
  type ChannelId,
  DISTRIBUTORS,
  OFFICIAL,
  PRODUCTS,
} from "./catalogue.js";
import { DROP_PERCENT, type Jurisdiction, MIN_TOLERANCE } from "./ground-truth.js";
import type { ListingSpec } from "./listing-model.js";
import { pagePath } from "./pages/render-page.js";

/**
 * The tenant a brand would write for this marketplace: each channel on 127.0.0.1 is given its
 * marketplace's built-in profile by name, and the profile's page-state sources are pointed at
 * the local host (as examples/demo.yaml does for its login-walled JD), everything else as built.
 */

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A built-in source re-pointed at this site's pages, without its production item URL. */
function local(source: DataSource, url: string, idFromUrl: string): DataSource {
  const { itemUrl: _productionUrl, ...rest } = source;
  return { ...rest, url, idFromUrl };
}

function channelSources(siteUrl: string, id: ChannelId): DataSource[] {
  const prefix = `^${escapeRegex(siteUrl)}/${escapeRegex(id)}/`;
  switch (id) {
    case "jd":
    case "jdh":
      return [local(jdPageConfig, `${prefix}item/`, "/(\\d+)\\.html")];
    case "tmall":
      return [local(tmallIceContext, `${prefix}item/`, "/(\\d+)\\.htm")];
    case "pdd":
      return [local(pddGoodsRawData, `${prefix}goods/`, "/(\\d+)\\.html")];
    default:
      return [];
  }
}

export function independentConfig(
  siteUrl: string,
  tenant: string,
  jurisdiction: Jurisdiction,
  listings: readonly ListingSpec[],
): TenantConfig {
  const raw = {
    tenant,
    currency: "CNY",
    jurisdiction,
    channels: CHANNELS.map((id) => {
      const sources = channelSources(siteUrl, id);
      const profile = CHANNEL_PROFILES[id];
      return {
        id,
        name: CHANNEL_NAMES[id],
        match: [`${siteUrl}/${id}/`],
        render: false,
        ...(profile ? { profile } : {}),
        ...(sources.length > 0 ? { sources } : {}),
      };
    }),
    products: PRODUCTS.map((p) => ({
      sku: p.sku,
      name: p.name,
      match: {
        keywords: [[...p.words], [...p.englishWords]],
        ids: [...p.ids],
        ...(p.packSize ? { packSize: p.packSize } : {}),
      },
      minPrice: p.min,
      maxPrice: p.max,
      category: p.category,
      onlineSaleProhibited: p.prohibited ?? false,
    })),
    distributors: DISTRIBUTORS.map((d) => ({
      id: d.id,
      name: d.name,
      regions: [...d.regions],
      sellers: d.shops.map((s) => ({ channel: s.channel, name: s.name, ...(s.id ? { id: s.id } : {}) })),
    })),
    officialSellers: OFFICIAL.map((o) => ({
      channel: o.channel,
      name: o.name,
      ...(o.id ? { id: o.id } : {}),
    })),
    rules: {
      minPrice: { basis: "effective", tolerance: MIN_TOLERANCE },
      maxPrice: {},
      authorizedSeller: {},
      region: {},
      priceDrop: { percent: DROP_PERCENT, window: "7d" },
      listingCompliance: {},
    },
    watch: listings.map((spec) => ({ url: `${siteUrl}${pagePath(spec)}`, channel: spec.channel })),
    network: { allowPrivateAddresses: true, perHostConcurrency: 8, delayMs: 0, retries: 0, concurrency: 16 },
    notify: [],
  };
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(`independent scenario config invalid: ${JSON.stringify(result.issues)}`);
  return result.config;
}
