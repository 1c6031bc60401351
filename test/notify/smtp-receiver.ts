import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
}

/**
 * An SMTP server on 127.0.0.1 (smtp-server) that keeps every message, decoded enough to read its
 * subject, text and HTML parts. `reject(recipient)` may answer RCPT TO with an SMTP error code.
 */
export async function startSmtpReceiver(
  opts: {
    reject?: (recipient: string) => number | undefined;
    /** What a refusal says (default `recipient refused (code)`). */
    rejectText?: string;
    requireAuth?: boolean;
  } = {},
) {
  const mails: ReceivedMail[] = [];
  /** TCP connections accepted, whatever came of them. */
  let connections = 0;
  const authAttempts: string[] = [];
  const server = new SMTPServer({
    logger: false,
    secure: false,
    // Without STARTTLS on offer, a client that must not send credentials in clear has to stop.
    hideSTARTTLS: true,
    authOptional: !opts.requireAuth,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      authAttempts.push(auth.username ?? "");
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      const code = opts.reject?.(address.address);
      if (code === undefined) return callback();
      callback(
        Object.assign(new Error(opts.rejectText ?? `recipient refused (${code})`), { responseCode: code }),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMessage(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    authAttempts,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return headers;
}

function split(entity: string): { headers: Map<string, string>; body: string } {
  const at = entity.indexOf("\r\n\r\n");
  return { headers: parseHeaders(entity.slice(0, at)), body: entity.slice(at + 4) };
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === "base64")
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding?.toLowerCase() === "quoted-printable") {
    const bytes = body
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`)
      .replace(/[^%\w-]/g, (c) => encodeURIComponent(c));
    return decodeURIComponent(bytes);
  }
  return body;
}

/** RFC 2047 encoded words in a header, as text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
      kind.toLowerCase() === "b"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeBody(data.replace(/_/g, " "), "quoted-printable"),
    );
}

function parseMessage(raw: string): Omit<ReceivedMail, "from" | "to" | "raw"> {
  const { headers, body } = split(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get("content-type") ?? "")?.[1];
  let text = "";
  let html = "";
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [];
  for (const part of parts) {
    const p = split(part.replace(/^\r\n/, ""));
    const content = decodeBody(p.body.replace(/\r\n$/, ""), p.headers.get("content-transfer-encoding"));
    const type = p.headers.get("content-type") ?? "";
    if (type.startsWith("text/plain")) text = content;
    if (type.startsWith("text/html")) html = content;
  }
  return { headers, subject: decodeWords(headers.get("subject") ?? ""), text, html };
}
