import { PricewardenError } from "../core/errors.js";

export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === "ConditionalCheckFailedException";
}

/** Translates SDK failures into stable codes, keeping the original as `cause`. */
export function storeError(action: string, error: unknown): PricewardenError {
  if (error instanceof PricewardenError) return error;
  const name = (error as { name?: string } | null)?.name ?? "Error";
  return new PricewardenError("STORE_UNAVAILABLE", `DynamoDB ${action} failed: ${name}`, { cause: error });
}
