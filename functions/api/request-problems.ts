import type { z } from "zod";
import { formatIssuePath } from "../core/config.js";

export interface Problem {
  path: string;
  message: string;
}

/** Every zod issue with its path, so a client can fix all of them at once. */
export function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}
