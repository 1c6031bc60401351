import type { z } from "zod";
import { formatIssuePath } from "../core/config.js";
import type { Locale } from "../text/locale.js";
import { issueMessage } from "../text/problems-text.js";

export interface Problem {
  path: string;
  message: string;
}

/**
 * Every zod issue with its path, so a client can fix all of them at once; for a person (the
 * dashboard), in their language.
 */
export function problemsOf(error: z.ZodError, locale: Locale = "en"): Problem[] {
  return error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issueMessage(issue, locale),
  }));
}
