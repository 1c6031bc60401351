import * as z from "zod";
import type { AlertSeverity, AlertType, Finding } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import {
  MONITORING_ONLY_NOTE,
  type PlannedListing,
  PRICE_RULES_WITHHELD_NOTE,
  precheckJudgesPrice,
  precheckListing,
} from "../stages/precheck.js";
import { explainAlert, priceWorkingText } from "../text/explanation-text.js";
import { alertTypeLabel } from "../text/labels-text.js";
import type { Locale } from "../text/locale.js";
import { workflowText } from "../text/workflow-text.js";
import type { Caller } from "./caller.js";

const optionalText = (max: number) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(1).max(max).optional());

/** A planned listing as the API and the dashboard form take it. */
export const PrecheckRequestSchema = z.strictObject({
  sku: z.string().trim().min(1).max(64),
  channel: z.string().trim().min(1).max(64),
  price: z
    .string()
    .trim()
    .regex(/^\d{1,9}(\.\d{1,2})?$/, "a price such as 159 or 158.50"),
  seller: optionalText(200),
  sellerId: optionalText(100),
  shipFrom: optionalText(50),
  title: optionalText(300),
  promotions: z.array(z.string().trim().min(1).max(100)).max(10).optional(),
});
export type PrecheckRequest = z.infer<typeof PrecheckRequestSchema>;

export interface PrecheckFinding {
  type: AlertType;
  severity: AlertSeverity;
  monitoringOnly: boolean;
  explanation: string;
}

export type CallerPrecheck =
  | {
      kind: "checked";
      compliant: boolean;
      price: string;
      seller: string | null;
      /** `not_evaluated`: a distributor under CN/EU law, whose price no rule judges (`priceRulesNote` says why). */
      priceRules: "evaluated" | "not_evaluated";
      priceRulesNote?: string;
      findings: PrecheckFinding[];
    }
  | { kind: "bad_input"; reason: string };

/**
 * The pre-check for a signed-in caller. A brand user checks any seller. A distributor checks its
 * own shop only: the seller is the one the brand registered for it on that channel, never a name
 * it types, so it cannot probe how another seller would be judged. A distributor sees
 * monitoring-only findings without the brand's reference price, as `pricewarden check` words them;
 * under CN/EU law no price rule runs for a distributor at all, so no answer depends on the price.
 */
export function precheckFor(
  caller: Caller,
  config: TenantConfig,
  request: PrecheckRequest,
  locale: Locale = "en",
): CallerPrecheck {
  let seller: Pick<PlannedListing, "seller" | "sellerId"> = {
    ...(request.seller ? { seller: request.seller } : {}),
    ...(request.sellerId ? { sellerId: request.sellerId } : {}),
  };
  if (caller.role === "distributor") {
    if (request.seller || request.sellerId)
      return {
        kind: "bad_input",
        reason: "a distributor checks its own shop: leave seller and sellerId out",
      };
    const own = config.distributors
      .find((d) => d.id === caller.distributorId)
      ?.sellers.find((s) => s.channel === request.channel);
    if (!own)
      return {
        kind: "bad_input",
        reason: `no shop of yours is registered on channel ${request.channel}; the brand registers distributor shops`,
      };
    seller = { seller: own.name, ...(own.id ? { sellerId: own.id } : {}) };
  }
  const result = precheckListing(
    config,
    {
      sku: request.sku,
      channel: request.channel,
      price: request.price,
      ...seller,
      ...(request.shipFrom ? { shipFrom: request.shipFrom } : {}),
      ...(request.title ? { title: request.title } : {}),
      ...(request.promotions ? { promotions: request.promotions } : {}),
    },
    { priceRules: precheckJudgesPrice(config, caller.role) },
  );
  if (result.kind === "bad_input") return result;
  return {
    kind: "checked",
    compliant: result.compliant,
    price: priceWorkingText(result.priceFacts, config.currency, locale),
    seller: seller.seller ?? null,
    ...(result.priceRulesEvaluated
      ? { priceRules: "evaluated" as const }
      : { priceRules: "not_evaluated" as const, priceRulesNote: PRICE_RULES_WITHHELD_NOTE }),
    findings: result.findings.map((f) => ({
      type: f.type,
      severity: f.severity,
      monitoringOnly: f.monitoringOnly,
      explanation: findingText(f, caller, locale),
    })),
  };
}

/**
 * A finding as this caller reads it. A distributor never reads the brand's reference price: a
 * monitoring-only finding is one fixed sentence, and a finding compared with a price threshold
 * is named by its kind alone (the explanation would quote the threshold).
 */
function findingText(f: Finding, caller: Caller, locale: Locale): string {
  if (caller.role === "distributor") {
    if (f.monitoringOnly)
      return locale === "en" ? MONITORING_ONLY_NOTE : workflowText(locale).precheck.monitoringNote;
    if (f.threshold !== null) return alertTypeLabel(f.type, locale);
  }
  return explainAlert(f, locale);
}
