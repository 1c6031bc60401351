import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../functions/local/config-json-schema.js";

describe("examples/pricewarden.schema.json", () => {
  it("is the schema generated from the zod config schema (run `npm run schema` after changing it)", () => {
    const committed: unknown = JSON.parse(readFileSync("examples/pricewarden.schema.json", "utf8"));
    expect(committed).toEqual(configJsonSchema());
  });

  it("explains every property in Chinese and in English, so editors can show it", () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (typeof node !== "object" || node === null) return;
      const n = node as Record<string, unknown>;
      if (n.properties)
        for (const [key, child] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          const at = path ? `${path}.${key}` : key;
          const zh = child["x-description-zh-CN"];
          const en = child["x-description-en"];
          if (typeof zh !== "string" || !/\p{Script=Han}/u.test(zh) || typeof en !== "string" || en === "")
            undescribed.push(at);
          else expect(child.description).toBe(`${zh}\n\n${en}`);
          walk(child, at);
        }
      if (n.items) walk(n.items, `${path}[]`);
      for (const key of ["anyOf", "oneOf", "allOf"])
        for (const option of (n[key] as unknown[] | undefined) ?? []) walk(option, path);
    };
    walk(configJsonSchema(), "");
    expect(undescribed).toEqual([]);
    const schema = JSON.stringify(configJsonSchema());
    // Spot checks: a nested key of a union's branch, and one inside a data source.
    expect(schema).toContain("商品链接的 CSS 选择器");
    expect(schema).toContain("how this field is read");
  });
});
