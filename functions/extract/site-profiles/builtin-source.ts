import {
  type BlockRule,
  type DataSource,
  type DataSourceInput,
  DataSourceSchema,
} from "../../core/data-source-config.js";

/** A built-in source, checked against the same schema a user's config is: a typo fails at load. */
export function builtInSource(input: DataSourceInput): DataSource {
  return DataSourceSchema.parse(input);
}

export type { BlockRule };
