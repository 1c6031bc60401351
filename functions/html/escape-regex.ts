const REGEX_CHARS = /[-[\]{}()*+?.,\\^$|#\s]/g;

/** A literal as a non-Unicode regex source (also safe inside a character class). */
export function escapeRegex(value: string): string {
  return value.replace(REGEX_CHARS, "\\$&");
}
