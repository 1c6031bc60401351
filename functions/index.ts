/** The package as a library: `import { parsePrice, extractListing } from "pricewarden"`. */

export type { Alert, Finding } from "./core/alert.js";
export type { TenantConfig } from "./core/config.js";
export { TenantConfigSchema, validateConfig } from "./core/config.js";
export { parseConfigText } from "./core/config-text.js";
export { detect } from "./core/detect/detect.js";
export type { ExtractedListing } from "./core/listing.js";
export type { ParsedPrice } from "./core/price/parse-price.js";
export { parsePrice, parsePriceRange } from "./core/price/parse-price.js";
export { extractListing } from "./extract/extract-listing.js";
export { toExtractionReport } from "./extract/extraction-report.js";
export { processTarget, runCycle } from "./stages/cycle.js";
