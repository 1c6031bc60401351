import type { Finding } from "../alert.js";
import type { DetectInput } from "../detect-input.js";
import { describeListing, findingBase } from "./finding-base.js";

/** A seller that is neither the official store nor a distributor authorized on this channel. */
export function unauthorizedSeller(input: DetectInput): Finding | null {
  const rule = input.config.rules.authorizedSeller;
  // Without a seller name there is nobody to accuse; the listing stays recorded.
  if (!rule || input.seller.kind !== "unknown" || !input.listing.seller) return null;
  return {
    ...findingBase(input),
    type: "unauthorized_seller",
    severity: rule.severity ?? "high",
    threshold: null,
    explanation: `Unauthorized seller: ${describeListing(input)}; the shop "${input.listing.seller}"${input.listing.sellerId ? ` (id ${input.listing.sellerId})` : ""} is not the official store or an authorized distributor on ${input.channel.name}. ${input.seller.note}`,
  };
}
