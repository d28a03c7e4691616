// WhatsApp lets a business send free text only within 24 hours of the lead's
// last inbound message; after that only approved templates go through (Meta
// error 131047).

import { messageRef, type MessageRef } from "../i18n/messageRef";

export const REPLY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** WhatsApp's limit for a text message body. */
export const REPLY_MAX_LENGTH = 4096;

export type ReplyWindow =
  { open: true; closesAt: number } | { open: false; closedAt: number | null; explanation: MessageRef };

/** The window state at `now`, from the lead's newest inbound message timestamp (ms). */
export function replyWindow(lastInboundAt: number | undefined | null, now: number): ReplyWindow {
  if (lastInboundAt === undefined || lastInboundAt === null) {
    return { open: false, closedAt: null, explanation: messageRef("inbox.window.neverWrote") };
  }
  const closesAt = lastInboundAt + REPLY_WINDOW_MS;
  if (now < closesAt) {
    return { open: true, closesAt };
  }
  return {
    open: false,
    closedAt: closesAt,
    explanation: messageRef("inbox.window.expired"),
  };
}

/** "3 h 12 min" style remaining time, for the reply box hint and the lead page. */
export function formatRemaining(ms: number): MessageRef {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  if (hours === 0) {
    return messageRef("inbox.window.minutes", { minutes });
  }
  return messageRef("inbox.window.hoursMinutes", { hours, minutes: minutes % 60 });
}
