/** Whether Chromium's own sandbox confines its renderers, and if not, why. */
export type SandboxMode = { sandboxed: true } | { sandboxed: false; reason: string };

export interface SandboxHost {
  /** process.getuid(); undefined where there is none (Windows). */
  uid: number | undefined;
  /** Running in AWS Lambda (AWS_LAMBDA_FUNCTION_NAME is set). */
  lambda: boolean;
}

/**
 * Whether to try the sandbox at all. Chromium refuses it for root, and Lambda has no user
 * namespaces (nor a setuid helper), so a launch there would only fail; everywhere else the launch
 * itself tells (a kernel or AppArmor profile that forbids unprivileged user namespaces).
 */
export function sandboxPlan(host: SandboxHost): { attempt: true } | { attempt: false; reason: string } {
  if (host.lambda)
    return {
      attempt: false,
      reason:
        "AWS Lambda has no user namespaces; the render function's role carries no evidence, signing or table rights instead",
    };
  if (host.uid === 0)
    return { attempt: false, reason: "running as root: Chromium refuses its sandbox for root" };
  return { attempt: true };
}

/** The host this process runs on. */
export function currentSandboxHost(): SandboxHost {
  return {
    uid: typeof process.getuid === "function" ? process.getuid() : undefined,
    lambda: process.env["AWS_LAMBDA_FUNCTION_NAME"] !== undefined,
  };
}

const SANDBOX_FAILURE =
  /sandboxing failed|no usable sandbox|without --no-sandbox|setuid.sandbox|namespace sandbox|zygote|CLONE_NEWUSER|user namespace/i;

/**
 * The line of a launch error that says the sandbox could not start (no user namespaces, no setuid
 * helper, root); null for any other launch failure, which must surface as it is.
 */
export function sandboxFailureOf(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n").find((l) => SANDBOX_FAILURE.test(l));
  return line === undefined ? null : line.trim().slice(0, 300);
}
