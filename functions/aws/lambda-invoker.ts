import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, Checksum, SourceData } from "@smithy/types";

export interface LambdaInvokerOptions {
  region: string;
  functionName: string;
  /** The caller's credentials (e.g. another SDK client's `config.credentials`). */
  credentials: () => Promise<AwsCredentialIdentity>;
  /** Tests: a local endpoint instead of https://lambda.{region}.amazonaws.com. */
  endpoint?: string;
}

/** Invokes a function synchronously and returns what it returned (parsed JSON). */
export type InvokeFunction = (payload: unknown, signal?: AbortSignal) => Promise<unknown>;

/**
 * Lambda's Invoke API (RequestResponse), signed with the SDK's own SigV4 signer. The Lambda
 * runtime ships @aws-sdk/client-lambda but the repository does not depend on it; this is the one
 * call the render worker makes.
 */
export function createLambdaInvoker(options: LambdaInvokerOptions): InvokeFunction {
  const endpoint = new URL(options.endpoint ?? `https://lambda.${options.region}.amazonaws.com`);
  const signer = new SignatureV4({
    service: "lambda",
    region: options.region,
    credentials: options.credentials,
    sha256: NodeSha256,
  });
  const path = `/2015-03-31/functions/${encodeURIComponent(options.functionName)}/invocations`;
  return async (payload, signal) => {
    const body = JSON.stringify(payload);
    const signed = await signer.sign({
      method: "POST",
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
      path,
      query: {},
      headers: {
        host: endpoint.host,
        "content-type": "application/json",
        "x-amz-invocation-type": "RequestResponse",
      },
      body,
    });
    const response = await fetch(new URL(path, endpoint), {
      method: "POST",
      headers: signed.headers,
      body,
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    if (response.status !== 200)
      throw new Error(`Lambda Invoke ${options.functionName} failed: HTTP ${response.status}`);
    const functionError = response.headers.get("x-amz-function-error");
    if (functionError !== null)
      throw new Error(`${options.functionName} failed (${functionError}): ${errorTypeOf(text)}`);
    return JSON.parse(text) as unknown;
  };
}

/** Only the error's type: its message may quote whatever the function was handling. */
function errorTypeOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { errorType?: unknown };
    return typeof parsed.errorType === "string" ? parsed.errorType.slice(0, 100) : "error";
  } catch {
    return "error";
  }
}

/** SHA-256 (and HMAC-SHA-256 with a secret) as the signer wants it, from node:crypto. */
class NodeSha256 implements Checksum {
  readonly #secret: SourceData | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = this.#fresh();
  }

  update(data: Uint8Array): void {
    this.#hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#fresh();
  }

  #fresh(): Hash | Hmac {
    if (this.#secret === undefined) return createHash("sha256");
    const secret = this.#secret;
    const key =
      typeof secret === "string"
        ? secret
        : ArrayBuffer.isView(secret)
          ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength)
          : Buffer.from(secret);
    return createHmac("sha256", key);
  }
}
