// How one stored message moves a lead's and a conversation's denormalised
// activity fields. None of them ever moves backwards, so deliveries in any
// order end in the same state.

export type LeadActivity = { lastActivityAt: number; last_inbound_at?: number };

export type ConversationActivity = {
  last_active_at: number;
  last_message_at?: number;
  last_message_preview?: string;
  last_message_direction?: "inbound" | "outbound";
  waiting_for_reply?: boolean;
  reply_problem?: "failed" | "unknown";
  unread_count?: number;
};

export type ActivityMessage = {
  direction: "inbound" | "outbound";
  timestamp: number;
  preview: string;
  /** False when the message was already stored (an adopted dashboard reply). */
  isNew: boolean;
};

/** The fields to set on the lead and the conversation for `message`. */
export function activityChanges(
  lead: LeadActivity,
  conversation: ConversationActivity,
  message: ActivityMessage,
): { lead: LeadActivity; conversation: ConversationActivity } {
  const inbound = message.direction === "inbound";
  const leadChanges: LeadActivity = {
    lastActivityAt: Math.max(lead.lastActivityAt, message.timestamp),
    ...(inbound ? { last_inbound_at: Math.max(lead.last_inbound_at ?? 0, message.timestamp) } : {}),
  };
  const changes: ConversationActivity = { last_active_at: Math.max(conversation.last_active_at, message.timestamp) };
  const newest = conversation.last_message_at;
  // Ties go to the later arrival, whatever the order: equal timestamps compare by preview so both orders agree.
  const isNewest =
    newest === undefined ||
    message.timestamp > newest ||
    (message.timestamp === newest && message.preview >= (conversation.last_message_preview ?? ""));
  if (isNewest) {
    changes.last_message_preview = message.preview;
    changes.last_message_at = message.timestamp;
    changes.last_message_direction = message.direction;
    changes.waiting_for_reply = inbound;
    // A newer message replaces the failed reply as the row's last word.
    changes.reply_problem = undefined;
  }
  // Every new inbound message is unread, even one that arrives late.
  if (inbound && message.isNew) {
    changes.unread_count = (conversation.unread_count ?? 0) + 1;
  }
  return { lead: leadChanges, conversation: changes };
}

/**
 * How the conversation shows the outcome of our reply stamped `replyAt`: a reply that
 * failed, or may not have gone out, leaves the lead waiting for our reply (an ended
 * conversation waits for no one) and marks the row; one that turns out sent clears both.
 * Only while that reply is still the newest message; null when nothing changes.
 */
export function replyOutcomeChanges(
  conversation: ConversationActivity & { status: "active" | "ended" },
  replyAt: number,
  problem: "failed" | "unknown" | null,
): Pick<ConversationActivity, "waiting_for_reply" | "reply_problem"> | null {
  if (conversation.last_message_direction !== "outbound" || conversation.last_message_at !== replyAt) {
    return null;
  }
  const changes = {
    waiting_for_reply: problem !== null && conversation.status === "active",
    reply_problem: problem ?? undefined,
  };
  const same =
    (conversation.waiting_for_reply ?? false) === changes.waiting_for_reply &&
    conversation.reply_problem === changes.reply_problem;
  return same ? null : changes;
}
