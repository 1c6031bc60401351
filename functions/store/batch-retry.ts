import { PricewardenError } from "../core/errors.js";
import { storeError } from "./store-errors.js";

/** Rounds before a batch whose items keep coming back unprocessed is given up as a store fault. */
const MAX_ROUNDS = 8;
const FIRST_BACKOFF_MS = 25;

/**
 * Runs one batch request, then again for what DynamoDB left unprocessed (throttled items come back
 * rather than failing the request), backing off between rounds. `round` sends and answers how many
 * items are still pending.
 */
export async function unprocessedUntilDone(operation: string, round: () => Promise<number>): Promise<void> {
  for (let attempt = 0; attempt < MAX_ROUNDS; attempt++) {
    let pending: number;
    try {
      pending = await round();
    } catch (error) {
      throw storeError(operation, error);
    }
    if (pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, FIRST_BACKOFF_MS * 2 ** attempt));
  }
  throw new PricewardenError(
    "STORE_UNAVAILABLE",
    `${operation}: items still unprocessed after ${MAX_ROUNDS} rounds`,
  );
}
