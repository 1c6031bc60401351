import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../functions/local/config-json-schema.js";

describe("examples/pricewarden.schema.json", () => {
  it("is the schema generated from the zod config schema (run `npm run schema` after changing it)", () => {
    const committed: unknown = JSON.parse(readFileSync("examples/pricewarden.schema.json", "utf8"));
    expect(committed).toEqual(configJsonSchema());
  });
});
