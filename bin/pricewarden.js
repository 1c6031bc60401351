#!/usr/bin/env -S node --max-semi-space-size=32
// The flag is CRAWLER_V8_FLAGS (functions/crawl/v8-flags.ts); a test keeps the two equal.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { main } = await import("../dist/functions/local/cli.js");
process.exitCode = await main(process.argv);
