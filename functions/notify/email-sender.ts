import { isIP } from "node:net";
import { checkHostAddress } from "../net/address-guard.js";
import { PRIVATE_ADDRESS_HINT } from "../net/outbound-policy.js";
import { alertEmail } from "./alert-email.js";
import { type NotifySender, resolveRef, type SendResult, type TargetOf } from "./notify-sender.js";

/** Connection-level failures worth retrying; anything else without an SMTP reply code is final. */
const TRANSIENT_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ECONNRESET",
  "ECONNREFUSED",
]);

/**
 * E-mail over SMTP (nodemailer): one message per listing (or digest) and target, to all of the target's
 * recipients. Its Message-ID derives from the delivery id, so a re-send after a crash can be
 * recognised as the same message. Credentials are sent only over TLS (465, or STARTTLS required).
 * The server's host passes the address guard first and nodemailer connects to exactly the
 * address that was checked (TLS still verifies the host name), so DNS is asked once.
 */
export const emailSender: NotifySender<TargetOf<"email">> = {
  async send(target, message, ctx) {
    const { smtp } = target;
    let auth: { user: string; pass: string } | undefined;
    if (smtp.user && smtp.password) {
      const user = resolveRef(smtp.user, ctx);
      if (!user.ok) return user.result;
      const pass = resolveRef(smtp.password, ctx);
      if (!pass.ok) return pass.result;
      auth = { user: user.value, pass: pass.value };
    }
    const check = await checkHostAddress(smtp.host, ctx.network ?? { allowPrivate: false });
    if (!check.ok)
      return check.unresolved
        ? { ok: false, retryable: true, reason: `address guard: ${check.reason}` }
        : { ok: false, retryable: false, reason: `address guard: ${check.reason} (${PRIVATE_ADDRESS_HINT})` };
    const hostName = smtp.host.replace(/^\[|\]$/g, "");
    const secure = smtp.secure ?? smtp.port === 465;
    const timeout = ctx.timeoutMs ?? 15_000;
    // Loaded on the first e-mail: most cycles send none, and nodemailer is a large module tree.
    const { createTransport } = await import("nodemailer");
    const transport = createTransport({
      host: check.address,
      port: smtp.port,
      ...(isIP(hostName) ? {} : { tls: { servername: hostName } }),
      secure,
      requireTLS: !secure && auth !== undefined,
      ...(auth ? { auth } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 2,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const mail = alertEmail(message);
    try {
      await transport.sendMail({
        from: target.from,
        to: target.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${message.deliveryId}@pricewarden>`,
        headers: {
          "X-Pricewarden-Delivery": message.deliveryId,
          // The alerts the message is about (a digest may list many; the header stays short).
          "X-Pricewarden-Alert": message.items
            .slice(0, 20)
            .map((i) => i.alert.id)
            .join(","),
          "Auto-Submitted": "auto-generated",
        },
      });
      // Some recipients may have been refused while others accepted it: re-sending would
      // duplicate it for those, so the delivery counts as done once the server took the message.
      return { ok: true, status: 250 };
    } catch (error) {
      return smtpFailure(error);
    } finally {
      transport.close();
    }
  },
};

/** What an SMTP reply code means, in this product's words (the server's text is never stored). */
function smtpMeaning(code: number): string {
  if (code === 530 || code === 534 || code === 535 || code === 538) return "authentication refused";
  if (code === 552) return "message too large";
  if (code >= 550 && code <= 553) return "sender or recipient refused";
  if (code === 421) return "service not available";
  if (code >= 400 && code < 500) return "temporarily refused";
  return "refused";
}

/**
 * SMTP 4xx and connection trouble are retried; 5xx (rejected, auth failed) and config errors are
 * final. The reason keeps the reply code and nodemailer's error code, never the server's text.
 */
export function smtpFailure(error: unknown): SendResult {
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
  if (typeof responseCode === "number") {
    return {
      ok: false,
      retryable: responseCode < 500,
      reason: `SMTP ${responseCode} from server (${smtpMeaning(responseCode)})`,
    };
  }
  const name = typeof code === "string" && /^[A-Z_]{2,32}$/.test(code) ? code : "error";
  return { ok: false, retryable: TRANSIENT_CODES.has(name), reason: `SMTP ${name}` };
}
