import { expect } from "vitest";

/** Asserts that the stranger-written text of HOSTILE_SELLER / HOSTILE_EXPLANATION arrived inert. */
export function expectInert(rendered: string): void {
  expect(rendered).toContain("点我领券"); // the words survive…
  expect(rendered).not.toContain("evil.example"); // …but no host an IM client would link
  expect(rendered).not.toMatch(/https?:\/\/evil/);
  expect(rendered).not.toMatch(/\]\((?!https:\/\/item\.jd\.com\/)/); // no link but the listing's
  expect(rendered).not.toContain("[点我");
  expect(rendered).not.toMatch(/@所有人|@all|<at\b|<!channel>|<@U123>/i);
  expect(rendered).not.toContain('"warning">假');
  expect(rendered).not.toMatch(/\n#+ 标题/);
  expect(rendered).not.toContain("\u202e");
  expect(rendered).not.toContain("<a href='http");
}
