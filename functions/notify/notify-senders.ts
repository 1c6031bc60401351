import { dingtalkSender } from "./dingtalk-sender.js";
import { emailSender } from "./email-sender.js";
import { feishuSender } from "./feishu-sender.js";
import type { NotifySend, NotifySenders } from "./notify-sender.js";
import { slackSender } from "./slack-sender.js";
import { webhookSender } from "./webhook-sender.js";
import { wecomSender } from "./wecom-sender.js";

/** The real transport of every channel. */
export const notifySenders: NotifySenders = {
  webhook: webhookSender,
  wecom: wecomSender,
  dingtalk: dingtalkSender,
  feishu: feishuSender,
  slack: slackSender,
  email: emailSender,
};

/** One `send` that hands each target to its channel's sender (tests swap single channels). */
export function dispatchTo(senders: NotifySenders): NotifySend {
  return (target, message, ctx) => {
    switch (target.type) {
      case "webhook":
        return senders.webhook.send(target, message, ctx);
      case "wecom":
        return senders.wecom.send(target, message, ctx);
      case "dingtalk":
        return senders.dingtalk.send(target, message, ctx);
      case "feishu":
        return senders.feishu.send(target, message, ctx);
      case "slack":
        return senders.slack.send(target, message, ctx);
      case "email":
        return senders.email.send(target, message, ctx);
    }
  };
}

/** What the runtimes pass as `send`. */
export const sendNotification: NotifySend = dispatchTo(notifySenders);
