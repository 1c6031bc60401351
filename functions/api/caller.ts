import * as z from "zod";

/** Tenant and distributor ids share the config's id syntax, so a claim can never smuggle a key separator. */
export const ScopeIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "expected lowercase letters, digits and dashes");

const name = z.string().trim().min(1).max(200);

/** Who is asking. Every read is scoped by `tenant`, and for distributors also by `distributorId`. */
export const CallerSchema = z.discriminatedUnion("role", [
  z.object({ tenant: ScopeIdSchema, role: z.literal("brand"), name }),
  z.object({ tenant: ScopeIdSchema, role: z.literal("distributor"), distributorId: ScopeIdSchema, name }),
]);
export type Caller = z.infer<typeof CallerSchema>;

/** `env` is the runtime's bindings: the Lambda event under `hono/aws-lambda`, the Node request locally. */
export type Authenticate = (request: Request, env: unknown) => Promise<Caller | null>;
