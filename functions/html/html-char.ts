/**
 * Character classes of htmlparser2's tokenizer, by code: the same for a UTF-16 code unit of
 * decoded text (markup-tree.ts) and for a byte of an ASCII-compatible page (script-code.ts).
 */

/** Tokenizer whitespace: space, \n, \t, \f, \r. */
export function isWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 12 || c === 13;
}

export function isAsciiAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
