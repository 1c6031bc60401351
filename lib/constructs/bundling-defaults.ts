/**
 * The esbuild settings every handler is bundled with, shared by PricewardenFunction and
 * bench/bundle-size.ts so the benchmark measures what is deployed.
 */
export const HANDLER_BUNDLING = {
  target: "node24",
  format: "esm",
  mainFields: ["module", "main"],
  minify: true,
  sourceMap: true,
  /** Keeps the .map small; stack traces still resolve file and line. */
  sourcesContent: false,
  /** The Lambda Node.js runtime provides AWS SDK v3. */
  externalModules: ["@aws-sdk/*"],
  /** ESM output: CommonJS dependencies that call require() on built-ins need one. */
  banner:
    "import { createRequire as __pwCreateRequire } from 'node:module'; const require = __pwCreateRequire(import.meta.url);",
} as const;
