import * as z from "zod";
import { TenantConfigSchema } from "../core/config.js";

/**
 * JSON Schema of the tenant config's input form (defaults optional), for editor completion:
 * `# yaml-language-server: $schema=./pricewarden.schema.json`. Cross-field checks (unknown
 * channel or sku) live only in zod, so `pricewarden validate` remains the authority.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(TenantConfigSchema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return { ...schema, title: "Pricewarden tenant configuration" };
}
