import { v } from "convex/values";
import { query } from "./_generated/server";
import type { QueryCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import { requireWorkspaceAccess } from "./functions";

/**
 * Whether a dashboard URL's id names something the caller may open, so the page
 * can answer 404 for ids that are malformed, unknown or in someone else's
 * workspace (all alike, so ids cannot be probed).
 */
async function canRead(ctx: QueryCtx, workspaceId: Id<"workspaces">): Promise<boolean> {
  try {
    await requireWorkspaceAccess(ctx, workspaceId, "workspace.read");
    return true;
  } catch {
    return false;
  }
}

export const conversationExists = query({
  args: { id: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { id }) => {
    const conversationId = ctx.db.normalizeId("conversations", id);
    const conversation = conversationId ? await ctx.db.get("conversations", conversationId) : null;
    return conversation ? await canRead(ctx, conversation.workspace_id) : false;
  },
});

export const leadExists = query({
  args: { id: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { id }) => {
    const contactId = ctx.db.normalizeId("contacts", id);
    const lead = contactId ? await ctx.db.get("contacts", contactId) : null;
    return lead ? await canRead(ctx, lead.workspace_id) : false;
  },
});
