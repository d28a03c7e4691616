import { v } from "convex/values";
import { invalidInput, userError } from "./errors";
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import * as z from "zod/mini";
import { internalMutation, type MutationCtx, type QueryCtx } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { boundedPage, viewerDisplayName, workspaceMutation, workspaceQuery } from "./functions";
import schema from "./schema";
import { leadSearchTerms, matchesLeadSearch, searchIndexText } from "../src/domain/leadSearch";
import { displayPhone } from "../src/domain/phone";
import { leadNameSchema, leadNoteSchema, manualNoteSchema } from "../src/domain/leadForms";

/** How many conversations the lead page lists (a lead rarely has more; newest first). */
export const LEAD_PAGE_CONVERSATIONS = 20;

async function leadInWorkspace(
  ctx: Pick<QueryCtx, "db">,
  workspaceId: Id<"workspaces">,
  contactId: Id<"contacts">,
): Promise<Doc<"contacts">> {
  const lead = await ctx.db.get("contacts", contactId);
  if (!lead || lead.workspace_id !== workspaceId) {
    throw userError("NOT_FOUND", { key: "errors.leads.notFound" });
  }
  return lead;
}

/** The field's value as its shared schema cleans it; the error names the field (its path) for API callers. */
function parseField<T>(schema: z.ZodMiniType<T>, field: string, value: unknown): T {
  const parsed = z.object({ [field]: schema }).safeParse({ [field]: value });
  if (!parsed.success) {
    throw invalidInput(parsed.error);
  }
  return parsed.data[field] as T;
}

/** What the search index holds for a lead: name and phone digits. */
export function contactSearchText(name: string, phone: string | undefined): string {
  return phone ? `${name} ${phone}` : name;
}

/** What a conversation carries of its lead, so an inbox page reads no contacts. */
export function conversationLeadFields(lead: { name: string; phone?: string }) {
  return { contact_name: lead.name, contact_phone: lead.phone, search_text: contactSearchText(lead.name, lead.phone) };
}

type ConversationLeadFields = ReturnType<typeof conversationLeadFields>;

function hasLeadFields(conversation: Doc<"conversations">, fields: ConversationLeadFields) {
  return (
    conversation.contact_name === fields.contact_name &&
    conversation.contact_phone === fields.contact_phone &&
    conversation.search_text === fields.search_text
  );
}

/** Conversations a lead change updates in its own transaction; a lead rarely has more. */
export const LEAD_CONVERSATIONS_INLINE = 10;
/** Conversations per scheduled continuation when it does. */
const LEAD_CONVERSATIONS_PAGE = 100;

/**
 * Copies the lead's current name and phone onto its conversations after a rename
 * or a name Kapso filled in. Reads at most LEAD_CONVERSATIONS_INLINE of them,
 * newest first; when the lead may have more, a scheduled mutation pages through
 * the rest, so the caller's reads stay bounded.
 */
export async function syncLeadConversations(ctx: MutationCtx, lead: Pick<Doc<"contacts">, "_id" | "name" | "phone">) {
  const fields = conversationLeadFields(lead);
  const conversations = await ctx.db
    .query("conversations")
    .withIndex("by_contact_last_active", (q) => q.eq("contact_id", lead._id))
    .order("desc")
    .take(LEAD_CONVERSATIONS_INLINE);
  for (const conversation of conversations) {
    if (!hasLeadFields(conversation, fields)) {
      await ctx.db.patch("conversations", conversation._id, fields);
    }
  }
  if (conversations.length === LEAD_CONVERSATIONS_INLINE) {
    await ctx.scheduler.runAfter(0, internal.contacts.syncLeadConversationsPage, { contactId: lead._id, cursor: null });
  }
}

/** The continuation of syncLeadConversations: one page, then the next. Reads the lead as it is now. */
export const syncLeadConversationsPage = internalMutation({
  args: { contactId: v.id("contacts"), cursor: v.union(v.string(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { contactId, cursor }) => {
    const lead = await ctx.db.get("contacts", contactId);
    if (!lead) {
      return null;
    }
    const fields = conversationLeadFields(lead);
    const page = await ctx.db
      .query("conversations")
      .withIndex("by_contact_last_active", (q) => q.eq("contact_id", contactId))
      .order("desc")
      .paginate({ numItems: LEAD_CONVERSATIONS_PAGE, cursor });
    for (const conversation of page.page) {
      if (!hasLeadFields(conversation, fields)) {
        await ctx.db.patch("conversations", conversation._id, fields);
      }
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.contacts.syncLeadConversationsPage, {
        contactId,
        cursor: page.continueCursor,
      });
    }
    return null;
  },
});

/**
 * One-off migration for conversations stored before they carried their lead's
 * name and phone (the inbox shows "Unknown lead" for those until it has run):
 * `npx convex run contacts:backfillConversationLeads '{"cursor":null}'`. Pages
 * through all conversations and schedules itself until done.
 */
export const backfillConversationLeads = internalMutation({
  args: { cursor: v.union(v.string(), v.null()) },
  returns: v.object({ updated: v.number(), isDone: v.boolean() }),
  handler: async (ctx, { cursor }) => {
    const page = await ctx.db.query("conversations").paginate({ numItems: LEAD_CONVERSATIONS_PAGE, cursor });
    let updated = 0;
    for (const conversation of page.page) {
      if (conversation.contact_name !== undefined) {
        continue;
      }
      const lead = await ctx.db.get("contacts", conversation.contact_id);
      if (!lead) {
        continue;
      }
      await ctx.db.patch("conversations", conversation._id, conversationLeadFields(lead));
      updated += 1;
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.contacts.backfillConversationLeads, { cursor: page.continueCursor });
    }
    return { updated, isDone: page.isDone };
  },
});

const leadRow = v.object({
  _id: v.id("contacts"),
  name: v.string(),
  phone: v.optional(v.string()),
  /** The phone as people read it ("+62 813-9250-849"), "" without one: the browser does not load libphonenumber. */
  phone_display: v.string(),
  lastActivityAt: v.number(),
  last_inbound_at: v.optional(v.number()),
  note: v.optional(v.string()),
});

/**
 * The leads, most recent activity first (by relevance when searching). One page of contacts;
 * when searching, every word must match the name or phone (the page is narrowed here).
 */
export const list = workspaceQuery({
  permission: "workspace.read",
  args: { search: v.optional(v.string()), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(leadRow),
  handler: async (ctx, { workspaceId, search, paginationOpts }) => {
    const { workspace } = ctx;
    const terms = search ? leadSearchTerms(search, workspace.default_country) : [];
    const searchText = searchIndexText(terms);
    const opts = boundedPage(paginationOpts);
    const result = searchText
      ? await ctx.db
          .query("contacts")
          .withSearchIndex("search_text", (q) => q.search("search_text", searchText).eq("workspace_id", workspaceId))
          .paginate(opts)
      : await ctx.db
          .query("contacts")
          .withIndex("by_workspace_last_activity", (q) => q.eq("workspace_id", workspaceId))
          .order("desc")
          .paginate(opts);
    const page = searchText ? result.page.filter((c) => matchesLeadSearch(terms, c)) : result.page;
    return {
      ...result,
      page: page.map((c) => ({
        _id: c._id,
        name: c.name,
        phone: c.phone,
        phone_display: displayPhone(c.phone),
        lastActivityAt: c.lastActivityAt,
        last_inbound_at: c.last_inbound_at,
        note: c.note,
      })),
    };
  },
});

/** The lead page: the lead and its most recent conversations. */
export const get = workspaceQuery({
  permission: "workspace.read",
  args: { contactId: v.id("contacts") },
  returns: v.object({
    lead: schema.doc("contacts"),
    /** The lead's phone as people read it, "" without one. */
    phone_display: v.string(),
    conversations: v.array(schema.doc("conversations")),
    hasMoreConversations: v.boolean(),
  }),
  handler: async (ctx, { workspaceId, contactId }) => {
    const lead = await leadInWorkspace(ctx, workspaceId, contactId);
    const conversations = await ctx.db
      .query("conversations")
      .withIndex("by_contact_last_active", (q) => q.eq("contact_id", contactId))
      .order("desc")
      .take(LEAD_PAGE_CONVERSATIONS + 1);
    return {
      lead,
      phone_display: displayPhone(lead.phone),
      conversations: conversations.slice(0, LEAD_PAGE_CONVERSATIONS),
      hasMoreConversations: conversations.length > LEAD_PAGE_CONVERSATIONS,
    };
  },
});

/** The lead's notes (daily summaries and manual notes), newest first. */
export const notes = workspaceQuery({
  permission: "workspace.read",
  args: { contactId: v.id("contacts"), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(schema.doc("leadNotes")),
  handler: async (ctx, { workspaceId, contactId, paginationOpts }) => {
    await leadInWorkspace(ctx, workspaceId, contactId);
    return await ctx.db
      .query("leadNotes")
      .withIndex("by_contact_created_at", (q) => q.eq("contact_id", contactId))
      .order("desc")
      .paginate(boundedPage(paginationOpts));
  },
});

/** Renames a lead. The name is then kept: webhooks never overwrite an edited name. */
export const rename = workspaceMutation({
  permission: "lead.edit",
  args: { contactId: v.id("contacts"), name: v.string() },
  returns: v.null(),
  handler: async (ctx, { workspaceId, contactId, name }) => {
    const lead = await leadInWorkspace(ctx, workspaceId, contactId);
    const clean = parseField(leadNameSchema, "name", name);
    const now = Date.now();
    await ctx.db.patch("contacts", contactId, {
      name: clean,
      name_edited_at: now,
      search_text: contactSearchText(clean, lead.phone),
      updated_at: now,
    });
    // The inbox shows and searches the name from the conversations.
    await syncLeadConversations(ctx, { _id: contactId, name: clean, phone: lead.phone });
    return null;
  },
});

/** Sets (or, with an empty text, clears) the lead's standing note. */
export const setNote = workspaceMutation({
  permission: "lead.edit",
  args: { contactId: v.id("contacts"), note: v.string() },
  returns: v.null(),
  handler: async (ctx, { workspaceId, contactId, note }) => {
    await leadInWorkspace(ctx, workspaceId, contactId);
    const clean = parseField(leadNoteSchema, "note", note);
    await ctx.db.patch("contacts", contactId, { note: clean === "" ? undefined : clean, updated_at: Date.now() });
    return null;
  },
});

/** Adds a dated manual note to the lead's timeline. */
export const addNote = workspaceMutation({
  permission: "lead.edit",
  args: { contactId: v.id("contacts"), content: v.string() },
  returns: v.id("leadNotes"),
  handler: async (ctx, { workspaceId, contactId, content }) => {
    const { viewer } = ctx;
    await leadInWorkspace(ctx, workspaceId, contactId);
    const clean = parseField(manualNoteSchema, "content", content);
    return await ctx.db.insert("leadNotes", {
      workspace_id: workspaceId,
      contact_id: contactId,
      note_type: "manual",
      content: clean,
      author: viewer.userId,
      author_name: await viewerDisplayName(ctx, viewer),
      created_at: Date.now(),
    });
  },
});
