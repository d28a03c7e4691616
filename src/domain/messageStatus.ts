import { messageRef, type MessageRef } from "../i18n/messageRef";

/** Every status a message row can hold (see convex/schema.ts `messageStatus`). */
export type MessageStatus = "received" | "sent" | "delivered" | "read" | "failed" | "pending" | "unknown";

export const MESSAGE_STATUSES: readonly MessageStatus[] = [
  "received",
  "sent",
  "delivered",
  "read",
  "failed",
  "pending",
  "unknown",
];

// Status webhooks arrive in any order. `failed` ranks below `delivered` so a late
// failure never hides a message the lead actually got; `received` (inbound) and the
// dashboard's `pending`/`unknown` rank lowest so any WhatsApp status replaces them.
const RANK: Record<MessageStatus, number> = {
  received: 0,
  pending: 0,
  unknown: 0,
  sent: 1,
  failed: 2,
  delivered: 3,
  read: 4,
};

export function isMessageStatus(value: unknown): value is MessageStatus {
  return typeof value === "string" && (MESSAGE_STATUSES as readonly string[]).includes(value);
}

export function statusRank(status: MessageStatus): number {
  return RANK[status];
}

/** True when `next` may replace `current`: only strictly forward moves. */
export function canAdvanceStatus(current: MessageStatus, next: MessageStatus): boolean {
  return RANK[next] > RANK[current];
}

/** The later of two statuses by rank (ties keep `current`). */
export function laterStatus(current: MessageStatus, next: MessageStatus): MessageStatus {
  return canAdvanceStatus(current, next) ? next : current;
}

/** The words for an outbound message's ticks, as WhatsApp says them; none for inbound or unknown ones. */
export function statusLabel(status: MessageStatus): MessageRef | null {
  return status === "received" || status === "unknown" ? null : messageRef(`inbox.status.${status}`);
}
