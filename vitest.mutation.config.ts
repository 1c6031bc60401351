import { defineConfig } from "vitest/config";

/**
 * The fast, pure unit tests of the files StrykerJS mutates (stryker.config.json): each mutant
 * runs only these, so a run takes minutes, not the hour the whole suite would.
 */
export default defineConfig({
  test: {
    include: [
      "test/core/detect/rules/**/*.test.ts",
      "test/core/alert-lifecycle.test.ts",
      "test/core/detect/effective-price*.test.ts",
      "test/core/detect/pack-size*.test.ts",
      "test/core/detect/pack-spec*.test.ts",
    ],
    pool: "forks",
  },
});
