import * as z from "zod";
import { TenantConfigSchema } from "../core/config.js";
import { configDescription } from "../text/config-text.js";

/**
 * JSON Schema of the tenant config's input form (defaults optional), for editor completion:
 * `# yaml-language-server: $schema=./pricewarden.schema.json`. Every property carries its
 * description in Chinese and English (`description` both, `x-description-zh-CN` and
 * `x-description-en` each), from the config-text catalogue. Cross-field checks (unknown channel
 * or sku) live only in zod, so `pricewarden validate` remains the authority.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(TenantConfigSchema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  describeProperties(schema, "");
  return {
    ...schema,
    title: "Pricewarden 租户配置 / tenant configuration",
  };
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** Walks the generated schema and gives each property (and array element) its descriptions. */
function describeProperties(node: Node, path: string): void {
  if (path !== "") {
    const zh = configDescription(path, "zh-CN");
    const en = configDescription(path, "en");
    if (zh && en) {
      node.description = `${zh}\n\n${en}`;
      node["x-description-zh-CN"] = zh;
      node["x-description-en"] = en;
    }
  }
  if (isNode(node.properties))
    for (const [key, child] of Object.entries(node.properties))
      if (isNode(child)) describeProperties(child, path === "" ? key : `${path}.${key}`);
  if (isNode(node.items)) describeProperties(node.items, `${path}[]`);
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const options = node[key];
    if (Array.isArray(options)) for (const o of options) if (isNode(o)) describeOptions(o, path);
  }
}

/** A union's options describe the same path; only their properties get their own descriptions. */
function describeOptions(node: Node, path: string): void {
  if (isNode(node.properties))
    for (const [key, child] of Object.entries(node.properties))
      if (isNode(child)) describeProperties(child, path === "" ? key : `${path}.${key}`);
  if (isNode(node.items)) describeProperties(node.items, `${path}[]`);
}
