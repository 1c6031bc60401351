import type * as z from "zod";
import { configDescription, configText, SCHEMA_MESSAGES_ZH } from "../text/config-text.js";
import type { Locale } from "../text/locale.js";
import type { ReferenceProblem } from "./config-references.js";

/**
 * Zod's issues about a tenant config, said so a person can act on them: the path, the missing
 * key and the form it expects (from the key's description), the branch of a union that was meant
 * (`watch[0] (discover): missing key \`links\``), in the reader's language.
 */

/** What the per-parse error map returns: "no message of the schema's own", so one is built here. */
export const DEFAULT_MESSAGE = "\u0000default";

export interface LocatedIssue {
  path: string;
  message: string;
}

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export function formatIssuePath(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out || "(root)";
}

/** `watch[0].discover.links` → `watch[].discover.links`, the key the descriptions use. */
function patternOf(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += "[]";
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function describeIssues(issues: readonly Issue[], root: z.ZodType, locale: Locale): LocatedIssue[] {
  const out: LocatedIssue[] = [];
  for (const issue of issues) describe(issue, [], null, root, locale, out);
  return out;
}

/** A branch label shown after a union's path: the key that tells its forms apart. */
interface Branch {
  at: Path;
  label: string;
}

function describe(
  issue: Issue,
  prefix: Path,
  branch: Branch | null,
  root: z.ZodType,
  locale: Locale,
  out: LocatedIssue[],
): void {
  const t = configText(locale);
  const path = [...prefix, ...issue.path];
  const own = issue.message !== DEFAULT_MESSAGE ? translate(issue.message, locale) : null;
  const about = configDescription(patternOf(path), locale);
  const place = (at: Path) => {
    const text = formatIssuePath(at);
    if (!branch) return text;
    const base = formatIssuePath(branch.at);
    const rest = text.slice(base.length);
    const labelled = `${base} (${branch.label})`;
    // `watch[0].discover.links` in the discover form: `watch[0] (discover)` when the rest is its key.
    return rest === `.${branch.label}` || rest === "" ? labelled : `${labelled}${rest}`;
  };
  const push = (at: Path, message: string): void => {
    out.push({ path: place(at), message });
  };

  switch (issue.code) {
    case "invalid_union": {
      if (own) {
        push(path, own);
        return;
      }
      if (issue.errors.length === 0) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        push(path, t.unknownType(options.map(String)));
        return;
      }
      const best = chooseBranch(issue.errors);
      const label = branchLabel(root, path, best.index) ?? String(best.index + 1);
      for (const inner of best.issues) describe(inner, path, { at: path, label }, root, locale, out);
      return;
    }
    case "invalid_type": {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined && issue.path.length > 0 && issue.expected !== "int") {
        const key = String(path[path.length - 1]);
        push(path.slice(0, -1), own ?? t.missingKey(key, about));
        return;
      }
      if (own) {
        push(path, own);
        return;
      }
      if (issue.expected === "int") {
        push(path, t.notInteger);
        return;
      }
      push(path, t.wrongType(issue.expected, kindOf(input), about));
      return;
    }
    case "unrecognized_keys":
      push(path, own ?? t.unknownKeys(issue.keys));
      return;
    case "too_small":
      push(path, own ?? t.tooSmall(issue.origin, String(issue.minimum), issue.inclusive !== false));
      return;
    case "too_big":
      push(path, own ?? t.tooBig(issue.origin, String(issue.maximum), issue.inclusive !== false));
      return;
    case "invalid_value":
      push(path, own ?? t.oneOf(issue.values));
      return;
    case "invalid_format":
      push(path, own ?? t.badFormat(issue.format, about));
      return;
    default:
      push(path, own ?? t.invalid);
      return;
  }
}

/** The branch a person most likely meant: the fewest problems, then not the wrong shape at its root. */
function chooseBranch(branches: readonly (readonly Issue[])[]): { index: number; issues: readonly Issue[] } {
  let best = 0;
  const cost = (issues: readonly Issue[]) =>
    issues.length * 2 + (issues.some((i) => i.code === "unrecognized_keys" && i.path.length === 0) ? 1 : 0);
  branches.forEach((issues, i) => {
    if (cost(issues) < cost(branches[best]!)) best = i;
  });
  return { index: best, issues: branches[best]! };
}

/** The first key of the union option's object shape (`url`, `discover`): how people tell the forms apart. */
function branchLabel(root: z.ZodType, path: Path, index: number): string | null {
  const union = schemaAt(root, path);
  const options = (def(union)?.options as z.ZodType[] | undefined) ?? [];
  const option = options[index] ? unwrap(options[index]!) : undefined;
  const shape = option ? (def(option)?.shape as Record<string, unknown> | undefined) : undefined;
  return shape ? (Object.keys(shape)[0] ?? null) : null;
}

function def(schema: unknown): Record<string, unknown> | undefined {
  return (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: unknown = schema;
  for (let i = 0; i < 10; i++) {
    const d = def(current);
    if (!d) break;
    if (
      ["optional", "default", "prefault", "nullable", "readonly", "catch", "nonoptional"].includes(
        String(d.type),
      )
    )
      current = d.innerType;
    else if (d.type === "pipe") current = d.in;
    else break;
  }
  return current as z.ZodType;
}

/** The schema at a path (into objects, arrays and, by key, union options). */
function schemaAt(root: z.ZodType, path: Path): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(root);
  for (const part of path) {
    if (!current) return undefined;
    const d: Record<string, unknown> = def(current)!;
    if (d.type === "array" && typeof part === "number") current = unwrap(d.element as z.ZodType);
    else if (d.type === "object") {
      const next: z.ZodType | undefined = (d.shape as Record<string, z.ZodType>)[String(part)];
      current = next ? unwrap(next) : undefined;
    } else if (d.type === "union") {
      const option = (d.options as z.ZodType[])
        .map(unwrap)
        .find((o) => def(o)?.type === "object" && String(part) in (def(o)!.shape as object));
      const next: z.ZodType | undefined = option
        ? (def(option)!.shape as Record<string, z.ZodType>)[String(part)]
        : undefined;
      current = next ? unwrap(next) : undefined;
    } else return undefined;
  }
  return current;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function translate(message: string, locale: Locale): string {
  return locale === "zh-CN" ? (SCHEMA_MESSAGES_ZH[message] ?? message) : message;
}

/** A cross-reference problem (config-references.ts) in the reader's language. */
export function referenceMessage(problem: ReferenceProblem, locale: Locale): string {
  const t = configText(locale);
  switch (problem.kind) {
    case "unknown_channel":
      return t.unknownChannel(problem.value, problem.known);
    case "unknown_sku":
      return t.unknownSku(problem.value, problem.known);
    case "duplicate":
      return t.duplicate(problem.what, problem.value);
    case "duplicate_target_id":
      return t.duplicateTargetId(problem.id, problem.first);
    case "same_target":
      return t.sameTarget(problem.id, problem.first);
    case "min_above_max":
      return t.minAboveMax;
    case "product_needs_match":
      return t.productNeedsMatch;
    case "schedule":
      return t.schedule(problem.problem);
  }
}
