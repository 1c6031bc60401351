/** The package as a library: `import { parsePrice, extractListing } from "pricewarden"`. */
export { parsePrice, parsePriceRange } from "./core/price/parse-price.js";
export type { ParsedPrice } from "./core/price/parse-price.js";
export { extractListing } from "./extract/extract-listing.js";
export { toExtractionReport } from "./extract/extraction-report.js";
export { parseConfigText, validateConfig, TenantConfigSchema } from "./core/config.js";
export type { TenantConfig } from "./core/config.js";
export type { ExtractedListing } from "./core/listing.js";
export type { Alert, Finding } from "./core/alert.js";
export { detect } from "./core/detect.js";
export { runCycle, processTarget } from "./cycle.js";
