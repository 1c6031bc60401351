import { type Expression, type Node, parseExpressionAt } from "acorn";

/**
 * Reads a JavaScript literal (object, array, string, number, boolean, null) from page code as
 * data, never evaluating it: a page's inline state is written by strangers. acorn parses the
 * expression; only literal nodes become values. Anything computed (a call, a variable, a
 * function) becomes `undefined`, so `{price: getPrice(), name: "x"}` still yields its name.
 */

/** Bounds for hostile state blobs: deeper or larger literals are cut, not followed. */
const MAX_DEPTH = 64;
const MAX_NODES = 200_000;

class Budget {
  nodes = 0;
}

function keyOf(node: Node): string | undefined {
  if (node.type === "Identifier") return (node as unknown as { name: string }).name;
  if (node.type === "Literal") {
    const value = (node as unknown as { value: unknown }).value;
    return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
  }
  return undefined;
}

function toValue(node: Node | null | undefined, depth: number, budget: Budget): unknown {
  if (!node || depth > MAX_DEPTH || ++budget.nodes > MAX_NODES) return undefined;
  switch (node.type) {
    case "Literal": {
      const literal = node as unknown as { value: unknown; regex?: unknown; bigint?: string };
      if (literal.regex) return undefined;
      if (literal.bigint !== undefined) return literal.bigint;
      return literal.value;
    }
    case "TemplateLiteral": {
      const template = node as unknown as { expressions: unknown[]; quasis: { value: { cooked: string } }[] };
      return template.expressions.length === 0 ? (template.quasis[0]?.value.cooked ?? "") : undefined;
    }
    case "ArrayExpression": {
      const elements = (node as unknown as { elements: (Node | null)[] }).elements;
      return elements.map((e) =>
        e && e.type !== "SpreadElement" ? toValue(e, depth + 1, budget) : undefined,
      );
    }
    case "ObjectExpression": {
      const out: Record<string, unknown> = Object.create(null);
      const properties = (node as unknown as { properties: Node[] }).properties;
      for (const p of properties) {
        if (p.type !== "Property") continue;
        const prop = p as unknown as { key: Node; value: Node; computed: boolean; kind: string };
        if (prop.computed || prop.kind !== "init") continue;
        const key = keyOf(prop.key);
        if (key === undefined || key === "__proto__") continue;
        const value = toValue(prop.value, depth + 1, budget);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case "UnaryExpression": {
      const unary = node as unknown as { operator: string; argument: Node };
      const inner = toValue(unary.argument, depth + 1, budget);
      if (unary.operator === "-" && typeof inner === "number") return -inner;
      if (unary.operator === "+" && typeof inner === "number") return inner;
      // Minifiers write booleans as !0 and !1.
      if (unary.operator === "!" && typeof inner === "number") return inner === 0;
      return undefined;
    }
    case "ParenthesizedExpression":
      return toValue((node as unknown as { expression: Node }).expression, depth + 1, budget);
    default:
      return undefined;
  }
}

/**
 * The literal that starts at `offset` of `code` (after optional whitespace), or undefined when
 * none parses there. Never throws.
 */
export function readLiteralAt(code: string, offset: number): unknown {
  let expression: Expression;
  try {
    expression = parseExpressionAt(code, offset, { ecmaVersion: "latest", allowHashBang: false });
  } catch {
    return undefined;
  }
  return toValue(expression, 0, new Budget());
}

/** `JSON.parse` for response bodies, with JSONP (`cb({...})`) and a JS literal as fallbacks. */
export function parseJsonLike(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    // JSONP: `callback({...})` or `/**/ cb({...});`.
    const open = /^[\s\S]{0,200}?[\w$.]+\s*\(\s*(?=[{[])/.exec(trimmed);
    if (open) return readLiteralAt(trimmed, open[0].length);
    const start = trimmed.search(/[{[]/);
    return start >= 0 && start < 200 ? readLiteralAt(trimmed, start) : undefined;
  }
}
