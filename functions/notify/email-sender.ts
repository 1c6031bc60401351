import { createTransport } from "nodemailer";
import { alertEmail } from "./alert-email.js";
import { type NotifySender, resolveRef, type SendResult, type TargetOf } from "./notify-sender.js";
import { shortText } from "./robot-http.js";

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
 * E-mail over SMTP (nodemailer): one message per alert and target, to all of the target's
 * recipients. Its Message-ID derives from the delivery id, so a re-send after a crash can be
 * recognised as the same message. Credentials are sent only over TLS (465, or STARTTLS required).
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
    const secure = smtp.secure ?? smtp.port === 465;
    const timeout = ctx.timeoutMs ?? 15_000;
    const transport = createTransport({
      host: smtp.host,
      port: smtp.port,
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
          "X-Pricewarden-Alert": message.alert.id,
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

/** SMTP 4xx and connection trouble are retried; 5xx (rejected, auth failed) and config errors are final. */
export function smtpFailure(error: unknown): SendResult {
  const { responseCode, code, response } = error as {
    responseCode?: unknown;
    code?: unknown;
    response?: unknown;
  };
  const detail =
    typeof response === "string" ? shortText(response) : shortText(String((error as Error).message ?? error));
  if (typeof responseCode === "number") {
    return { ok: false, retryable: responseCode < 500, reason: `SMTP ${responseCode}: ${detail}` };
  }
  const name = typeof code === "string" ? code : "error";
  return { ok: false, retryable: TRANSIENT_CODES.has(name), reason: `SMTP ${name}: ${detail}` };
}
