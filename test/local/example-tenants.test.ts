import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tenantScheduleName } from "../../functions/aws/scheduler-tenant-schedules.js";
import { parseConfigText } from "../../functions/core/config-text.js";
import { nextRunAfter } from "../../functions/core/schedule.js";

const EXAMPLES = ["acme-pharma", "beijing-meditech"] as const;

const load = (name: string) => {
  const result = parseConfigText(
    readFileSync(new URL(`../../examples/tenants/${name}.yaml`, import.meta.url), "utf8"),
  );
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.issues)}`);
  return result.config;
};

/** docs/aws.md "Onboarding a tenant" registers these two files; they must apply as they are. */
describe("examples/tenants", () => {
  it("validate like `pricewarden validate`, each named after its file", () => {
    for (const name of EXAMPLES) expect(load(name).tenant).toBe(name);
  });

  it("show two different schedules in two different zones, each firing in its own zone", () => {
    const [acme, meditech] = EXAMPLES.map(load);
    expect(acme?.schedule).not.toBe(meditech?.schedule);
    expect(acme?.timezone).not.toBe(meditech?.timezone);
    // acme: weekdays 09:00 Singapore time (UTC+8, no DST) → 01:00 UTC, Monday 2026-03-02.
    expect(nextRunAfter(acme!.schedule, acme!.timezone, new Date("2026-02-28T00:00:00Z")).toISOString()).toBe(
      "2026-03-02T01:00:00.000Z",
    );
  });

  it("give Scheduler names that need no shortening", () => {
    for (const name of EXAMPLES) expect(tenantScheduleName("notify", name)).toBe(`notify-${name}`);
  });
});
