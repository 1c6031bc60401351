import type { TenantConfig } from "./config.js";

/** Every `env:NAME` a config's notify targets name, by path (`notify[2].smtp.password`). */
export function configEnvRefs(config: Pick<TenantConfig, "notify">): { path: string; name: string }[] {
  const refs: { path: string; name: string }[] = [];
  config.notify.forEach((target, i) => {
    const fields: Array<[string, string | undefined]> = [];
    if (target.type === "email")
      fields.push(["smtp.user", target.smtp.user], ["smtp.password", target.smtp.password]);
    else if (target.type !== "console") {
      fields.push(["url", target.url]);
      if ("secret" in target) fields.push(["secret", target.secret]);
    }
    for (const [field, value] of fields)
      if (value?.startsWith("env:")) refs.push({ path: `notify[${i}].${field}`, name: value.slice(4) });
  });
  return refs;
}
