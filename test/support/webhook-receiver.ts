import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedCall {
  deliveryId: string;
  signatureValid: boolean;
  body: unknown;
  status: number;
}

/**
 * A webhook endpoint on 127.0.0.1 that fails its first `failFirst` calls with 500, and can hand
 * each request to a hook before answering (a test can kill the sender right there).
 */
export async function startWebhookReceiver(opts: {
  secret?: string;
  failFirst?: number;
  beforeAnswer?: (call: number) => Promise<"answer" | "hang"> | "answer" | "hang";
}) {
  const calls: ReceivedCall[] = [];
  let count = 0;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    count++;
    const decision = (await opts.beforeAnswer?.(count)) ?? "answer";
    if (decision === "hang") return;
    const status = count <= (opts.failFirst ?? 0) ? 500 : 200;
    const signature = req.headers["x-pricewarden-signature"];
    const expected = opts.secret
      ? `sha256=${createHmac("sha256", opts.secret).update(raw).digest("hex")}`
      : undefined;
    calls.push({
      deliveryId: String(req.headers["x-pricewarden-delivery"] ?? ""),
      signatureValid: expected !== undefined && signature === expected,
      body: JSON.parse(raw),
      status,
    });
    res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "try later");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    /** Deliveries the receiver accepted (2xx), by delivery id. */
    accepted: () => calls.filter((c) => c.status === 200).map((c) => c.deliveryId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
