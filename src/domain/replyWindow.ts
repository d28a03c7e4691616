// WhatsApp lets a business send free text only within 24 hours of the lead's
// last inbound message; after that only approved templates go through (Meta
// error 131047).

export const REPLY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** WhatsApp's limit for a text message body. */
export const REPLY_MAX_LENGTH = 4096;

export type ReplyWindow =
  { open: true; closesAt: number } | { open: false; closedAt: number | null; explanation: string };

export const NEVER_WROTE_EXPLANATION =
  "This lead has not written to you yet, so WhatsApp only allows template messages. Free text opens once they message you.";

/** The window state at `now`, from the lead's newest inbound message timestamp (ms). */
export function replyWindow(lastInboundAt: number | undefined | null, now: number): ReplyWindow {
  if (lastInboundAt === undefined || lastInboundAt === null) {
    return { open: false, closedAt: null, explanation: NEVER_WROTE_EXPLANATION };
  }
  const closesAt = lastInboundAt + REPLY_WINDOW_MS;
  if (now < closesAt) {
    return { open: true, closesAt };
  }
  return {
    open: false,
    closedAt: closesAt,
    explanation:
      "The lead's last message is more than 24 hours old, so WhatsApp only allows template messages. Free text opens again when they write.",
  };
}

/** "3 h 12 min" style remaining time, for the reply box hint. */
export function formatRemaining(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  if (hours === 0) {
    return `${minutes} min`;
  }
  return `${hours} h ${minutes % 60} min`;
}
