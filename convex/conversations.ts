import { v, type Infer } from "convex/values";
import { userError } from "./errors";
import { paginationOptsValidator, paginationResultValidator, type PaginationOptions } from "convex/server";
import { type QueryCtx } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { boundedPage, workspaceMutation, workspaceQuery } from "./functions";
import schema from "./schema";
import { leadSearchTerms, matchesLeadSearch, searchIndexText } from "../src/domain/leadSearch";
import { displayPhone } from "../src/domain/phone";
import { kapsoKeyConfigured } from "./kapsoCredentials";
import { messageRef } from "../src/i18n/messageRef";

/** The conversation, if it belongs to the workspace; throws otherwise (same message for both cases). */
export async function conversationInWorkspace(
  ctx: Pick<QueryCtx, "db">,
  workspaceId: Id<"workspaces">,
  conversationId: Id<"conversations">,
): Promise<Doc<"conversations">> {
  const conversation = await ctx.db.get("conversations", conversationId);
  if (!conversation || conversation.workspace_id !== workspaceId) {
    throw userError("NOT_FOUND", messageRef("errors.inbox.conversationNotFound"));
  }
  return conversation;
}

export const inboxFilter = v.union(v.literal("all"), v.literal("active"), v.literal("ended"), v.literal("waiting"));
export type InboxFilter = Infer<typeof inboxFilter>;

/** The lead as the conversation carries it; `name` is absent on rows stored before it was denormalised. */
const inboxLead = v.object({
  _id: v.id("contacts"),
  name: v.optional(v.string()),
  phone: v.optional(v.string()),
  /** "+62 813-9250-849", formatted here so the browser loads no phone library; "" without a phone. */
  phone_display: v.string(),
});

const inboxRow = v.object({
  _id: v.id("conversations"),
  status: v.union(v.literal("active"), v.literal("ended")),
  last_active_at: v.number(),
  last_message_preview: v.optional(v.string()),
  last_message_at: v.optional(v.number()),
  last_message_direction: v.optional(v.union(v.literal("inbound"), v.literal("outbound"))),
  waiting_for_reply: v.boolean(),
  /** The newest message is our reply and it failed, or may not have been delivered. */
  reply_problem: schema.tables.conversations.validator.fields.reply_problem,
  unread_count: v.number(),
  lead: inboxLead,
});

function pageOfConversations(
  ctx: QueryCtx,
  workspaceId: Id<"workspaces">,
  filter: InboxFilter,
  search: string,
  opts: PaginationOptions,
) {
  if (search) {
    return ctx.db
      .query("conversations")
      .withSearchIndex("search_text", (q) => {
        const base = q.search("search_text", search).eq("workspace_id", workspaceId);
        return filter === "active" || filter === "ended" ? base.eq("status", filter) : base;
      })
      .paginate(opts);
  }
  switch (filter) {
    case "active":
    case "ended":
      return ctx.db
        .query("conversations")
        .withIndex("by_workspace_status_last_active", (q) => q.eq("workspace_id", workspaceId).eq("status", filter))
        .order("desc")
        .paginate(opts);
    case "waiting":
      return ctx.db
        .query("conversations")
        .withIndex("by_workspace_waiting_last_active", (q) =>
          q.eq("workspace_id", workspaceId).eq("waiting_for_reply", true),
        )
        .order("desc")
        .paginate(opts);
    case "all":
      return ctx.db
        .query("conversations")
        .withIndex("by_workspace_last_active", (q) => q.eq("workspace_id", workspaceId))
        .order("desc")
        .paginate(opts);
  }
}

/**
 * The inbox: conversations, most recent activity first (by relevance when
 * searching), with the lead's name and phone as the conversation carries them.
 * Reads one page of conversations and no contacts. Every search word must match
 * the lead's name or phone: the search index finds rows matching any word, and
 * the page is narrowed here (still one page read).
 */
export const list = workspaceQuery({
  permission: "workspace.read",
  args: {
    filter: inboxFilter,
    search: v.optional(v.string()),
    paginationOpts: paginationOptsValidator,
  },
  returns: paginationResultValidator(inboxRow),
  handler: async (ctx, { workspaceId, filter, search, paginationOpts }) => {
    const { workspace } = ctx;
    const terms = search ? leadSearchTerms(search, workspace.default_country) : [];
    const searchText = searchIndexText(terms);
    const result = await pageOfConversations(ctx, workspaceId, filter, searchText, boundedPage(paginationOpts));
    // The search index cannot filter on waiting_for_reply; ended rows from before the
    // migration may still carry it.
    const rows = result.page.filter(
      (c) =>
        (!searchText || matchesLeadSearch(terms, { name: c.contact_name, phone: c.contact_phone })) &&
        (filter !== "waiting" || isWaiting(c)),
    );
    return {
      ...result,
      page: rows.map((c) => ({
        _id: c._id,
        status: c.status,
        last_active_at: c.last_active_at,
        last_message_preview: c.last_message_preview,
        last_message_at: c.last_message_at,
        last_message_direction: c.last_message_direction,
        waiting_for_reply: isWaiting(c),
        reply_problem: c.reply_problem,
        unread_count: c.status === "ended" ? 0 : (c.unread_count ?? 0),
        lead: {
          _id: c.contact_id,
          name: c.contact_name,
          phone: c.contact_phone,
          phone_display: displayPhone(c.contact_phone),
        },
      })),
    };
  },
});

/** Ended conversations wait for no one (ending clears the flag; rows stored before are read the same way). */
function isWaiting(c: Doc<"conversations">): boolean {
  return c.status === "active" && (c.waiting_for_reply ?? false);
}

/** How many of the lead's daily-summary notes the lead panel shows. */
export const LEAD_PANEL_SUMMARIES = 3;

const leadPanel = v.object({
  _id: v.id("contacts"),
  name: v.string(),
  phone: v.optional(v.string()),
  phone_display: v.string(),
  last_inbound_at: v.optional(v.number()),
  note: v.optional(v.string()),
  /** The lead's first message in this conversation came from a click-to-WhatsApp ad. */
  from_ad: v.boolean(),
  recent_summaries: v.array(v.object({ _id: v.id("leadNotes"), date: v.optional(v.string()), content: v.string() })),
});

/** How many of the conversation's first messages are looked at for an ad referral. */
export const FIRST_MESSAGES_FOR_REFERRAL = 3;

/** The thread's header, lead panel and reply box, as `messages.list` returns them with the newest page. */
export const conversationHeader = v.object({
  conversation: schema.doc("conversations"),
  lead: v.union(leadPanel, v.null()),
  /** False when neither the workspace nor the deployment has a Kapso API key: replies cannot go out. */
  canSend: v.boolean(),
});

/**
 * Everything the thread's header, lead panel and reply box need: the lead (note,
 * recent daily summaries, whether it came from an ad), and whether replies can be
 * sent at all (a Kapso key exists). It reads the conversation and lead docs
 * (changed by each message to this conversation only), the conversation's first
 * messages and the lead's newest summaries (neither touched when a new message
 * arrives), so it adds no re-run of its own to the thread's.
 */
export async function headerOf(
  ctx: QueryCtx & { workspace: Doc<"workspaces"> },
  conversation: Doc<"conversations">,
): Promise<Infer<typeof conversationHeader>> {
  const canSend = kapsoKeyConfigured(ctx.workspace);
  const lead = await ctx.db.get("contacts", conversation.contact_id);
  if (!lead) {
    return { conversation, lead: null, canSend };
  }
  const firstMessages = await ctx.db
    .query("messages")
    .withIndex("by_conversation_timestamp", (q) => q.eq("conversation_id", conversation._id))
    .take(FIRST_MESSAGES_FOR_REFERRAL);
  const summaries = await ctx.db
    .query("leadNotes")
    .withIndex("by_workspace_type_contact_date", (q) =>
      q.eq("workspace_id", conversation.workspace_id).eq("note_type", "daily_summary").eq("contact_id", lead._id),
    )
    .order("desc")
    .take(LEAD_PANEL_SUMMARIES);
  return {
    conversation,
    lead: {
      _id: lead._id,
      name: lead.name,
      phone: lead.phone,
      phone_display: displayPhone(lead.phone),
      last_inbound_at: lead.last_inbound_at,
      note: lead.note,
      from_ad: firstMessages.some((m) => m.direction === "inbound" && m.details?.referral !== undefined),
      recent_summaries: summaries.map((n) => ({ _id: n._id, date: n.date, content: n.content })),
    },
    canSend,
  };
}

/** Clears the unread badge of a conversation. */
export const markRead = workspaceMutation({
  permission: "workspace.read",
  args: { conversationId: v.id("conversations") },
  returns: v.null(),
  handler: async (ctx, { workspaceId, conversationId }) => {
    const conversation = await conversationInWorkspace(ctx, workspaceId, conversationId);
    // Skip the write when already read, so opening a conversation does not churn subscriptions.
    if ((conversation.unread_count ?? 0) !== 0) {
      await ctx.db.patch("conversations", conversationId, { unread_count: 0 });
    }
    return null;
  },
});
