import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The operator's opt-in for local targets: tests run their sites and receivers on 127.0.0.1.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES: "1",
    },
  },
});
