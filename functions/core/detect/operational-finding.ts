import type { Finding } from "../alert.js";

/**
 * A finding about the crawl rather than a seller (a blocked page, a blind channel, a session that
 * stopped working): no SKU, seller or price, only where and why.
 */
export function operationalFinding(args: {
  type: Finding["type"];
  severity: Finding["severity"];
  listingId: string;
  url: string;
  channel: string;
  currency: string;
  explanation: string;
  inputs: Finding["inputs"];
}): Finding {
  return {
    ...args,
    sku: null,
    seller: null,
    sellerId: null,
    distributorId: null,
    price: null,
    listedPrice: null,
    threshold: null,
    monitoringOnly: false,
  };
}
