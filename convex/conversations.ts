import { v, type Infer } from "convex/values";
import { userError } from "./errors";
import { paginationOptsValidator, paginationResultValidator, type PaginationOptions } from "convex/server";
import { type QueryCtx } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { boundedPage, workspaceMutation, workspaceQuery } from "./functions";
import schema from "./schema";
import { leadSearchText } from "../src/domain/leadSearch";

const NOT_FOUND = "Conversation not found in this workspace.";

/** The conversation, if it belongs to the workspace; throws otherwise (same message for both cases). */
export async function conversationInWorkspace(
  ctx: Pick<QueryCtx, "db">,
  workspaceId: Id<"workspaces">,
  conversationId: Id<"conversations">,
): Promise<Doc<"conversations">> {
  const conversation = await ctx.db.get("conversations", conversationId);
  if (!conversation || conversation.workspace_id !== workspaceId) {
    throw userError("NOT_FOUND", NOT_FOUND);
  }
  return conversation;
}

export const inboxFilter = v.union(v.literal("all"), v.literal("active"), v.literal("ended"), v.literal("waiting"));
export type InboxFilter = Infer<typeof inboxFilter>;

const leadSummary = v.object({
  _id: v.id("contacts"),
  name: v.string(),
  phone: v.optional(v.string()),
});

/** The lead as the conversation carries it; `name` is absent on rows stored before it was denormalised. */
const inboxLead = v.object({
  _id: v.id("contacts"),
  name: v.optional(v.string()),
  phone: v.optional(v.string()),
});

const inboxRow = v.object({
  _id: v.id("conversations"),
  status: v.union(v.literal("active"), v.literal("ended")),
  last_active_at: v.number(),
  last_message_preview: v.optional(v.string()),
  last_message_at: v.optional(v.number()),
  last_message_direction: v.optional(v.union(v.literal("inbound"), v.literal("outbound"))),
  waiting_for_reply: v.boolean(),
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
 * Reads one page of conversations and no contacts.
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
    const searchText = search ? leadSearchText(search, workspace.default_country) : "";
    const result = await pageOfConversations(ctx, workspaceId, filter, searchText, boundedPage(paginationOpts));
    // The search index cannot filter on waiting_for_reply; that page is narrowed here (still one page read).
    const rows = searchText && filter === "waiting" ? result.page.filter((c) => c.waiting_for_reply) : result.page;
    return {
      ...result,
      page: rows.map((c) => ({
        _id: c._id,
        status: c.status,
        last_active_at: c.last_active_at,
        last_message_preview: c.last_message_preview,
        last_message_at: c.last_message_at,
        last_message_direction: c.last_message_direction,
        waiting_for_reply: c.waiting_for_reply ?? false,
        unread_count: c.unread_count ?? 0,
        lead: { _id: c.contact_id, name: c.contact_name, phone: c.contact_phone },
      })),
    };
  },
});

/** One conversation with its lead (for the conversation header and the 24-hour window). */
export const get = workspaceQuery({
  permission: "workspace.read",
  args: { conversationId: v.id("conversations") },
  returns: v.object({
    conversation: schema.doc("conversations"),
    lead: v.union(leadSummary.extend({ last_inbound_at: v.optional(v.number()) }), v.null()),
  }),
  handler: async (ctx, { workspaceId, conversationId }) => {
    const conversation = await conversationInWorkspace(ctx, workspaceId, conversationId);
    const lead = await ctx.db.get("contacts", conversation.contact_id);
    return {
      conversation,
      lead: lead ? { _id: lead._id, name: lead.name, phone: lead.phone, last_inbound_at: lead.last_inbound_at } : null,
    };
  },
});

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
