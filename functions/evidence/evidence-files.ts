import * as z from "zod";
import { FindingSchema } from "../core/alert.js";

/** finding.json: what detection concluded, as the alert stood when the page was captured. */
export const FindingFileSchema = FindingSchema.extend({
  alertId: z.string(),
  occurrence: z.number().int().positive(),
  openedAt: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
}).strict();
export type FindingFile = z.infer<typeof FindingFileSchema>;
