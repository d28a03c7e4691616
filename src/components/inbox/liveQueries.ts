import type { FunctionReference } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { hourStart } from "@/domain/deliveryHealth";

/**
 * The queries an open inbox page keeps subscribed, shell included. Each one a
 * commit touches re-runs once per open page, and Convex bills every re-run as a
 * function call: `bench/inboxLive.bench.test.ts` opens pages with exactly
 * these and counts what one incoming message costs. Keep them in step with
 * `InboxList` and `ConversationView`.
 */
export type LiveQuery = { query: FunctionReference<"query">; args: Record<string, unknown> };

export const INBOX_PAGE_SIZE = 25;
export const MESSAGES_PAGE_SIZE = 30;

const firstPage = (numItems: number) => ({ numItems, cursor: null });

/** /inbox: the shell's workspace list, the health banner (completed hours only) and the first page of conversations. */
export function inboxPageQueries(workspaceId: Id<"workspaces">, now = Date.now()): LiveQuery[] {
  return [
    { query: api.workspaces.listMine, args: {} },
    { query: api.deliveryHealth.completedHours, args: { workspaceId, currentHour: hourStart(now) } },
    {
      query: api.conversations.list,
      args: { workspaceId, filter: "all", paginationOpts: firstPage(INBOX_PAGE_SIZE) },
    },
  ];
}

/**
 * /inbox/[conversationId]: the same list beside the thread (one view on wide screens), plus the
 * newest messages, which carry the header, lead panel and reply box's data in the same query.
 */
export function conversationPageQueries(
  workspaceId: Id<"workspaces">,
  conversationId: Id<"conversations">,
  now = Date.now(),
): LiveQuery[] {
  return [
    ...inboxPageQueries(workspaceId, now),
    {
      query: api.messages.list,
      args: { workspaceId, conversationId, paginationOpts: firstPage(MESSAGES_PAGE_SIZE) },
    },
  ];
}
