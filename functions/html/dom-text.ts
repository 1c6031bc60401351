import type { Cheerio, CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";

/**
 * Collapsed text of a selection's first node, read only until `max` characters: a wrapper
 * around half the page costs no more than a leaf. Script and style contents are not text.
 */
export function nodeText(_$: CheerioAPI, node: Cheerio<AnyNode>, max = 2000): string {
  const root = node.get(0);
  if (!root) return "";
  const budget = max * 4 + 200;
  let raw = "";
  const stack: AnyNode[] = [root];
  while (stack.length > 0 && raw.length <= budget) {
    const current = stack.pop() as AnyNode;
    if (current.type === "text") raw += (current as unknown as { data: string }).data;
    else if (current.type === "tag") {
      const children = (current as Element).children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as AnyNode);
    }
  }
  return raw.replace(/\s+/g, " ").trim().slice(0, max);
}

/** Everything up to the last amount, with its "/片"-style unit: that amount is another price. */
const UP_TO_LAST_AMOUNT = /^.*\d(?:\s*[/／]\s*[^\s\d]{1,6})?/s;

/**
 * The words right before an element (a label such as "原价:" or "Was"), bounded. Only what
 * follows the last amount counts: a per-unit price printed just before ("¥3.98/片") labels
 * itself, not the selling price after it.
 */
export function labelBefore($: CheerioAPI, el: Element): string {
  const prev = el.prev;
  if (!prev) return "";
  return labelFromText(prev.type === "text" ? (prev as unknown as { data: string }).data : $(prev).text());
}

/** The label in the text of the node before an element (see `labelBefore`). */
export function labelFromText(text: string): string {
  return text.slice(-40).replace(UP_TO_LAST_AMOUNT, "").replace(/\s+/g, " ").trim();
}

/**
 * Whether a document nests deeper than `limit`. Descendant selectors cost depth × nodes, so a
 * hostile page of 50,000 nested divs would stall every CSS query; real pages stay below 100.
 */
export function nestsDeeperThan(root: AnyNode, limit: number): boolean {
  const stack: [AnyNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [AnyNode, number];
    if (depth > limit) return true;
    const children = (node as { children?: AnyNode[] }).children;
    if (children) for (const child of children) stack.push([child, depth + 1]);
  }
  return false;
}
