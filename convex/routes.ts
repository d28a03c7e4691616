import { v } from "convex/values";
import { query } from "./_generated/server";
import type { QueryCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import { getViewerX, requireWorkspaceAccess } from "./functions";

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

/** True when `id` is a well-formed id of `table` whose document lies in a workspace the caller may read. */
async function visible(ctx: QueryCtx, table: "conversations" | "contacts", id: string): Promise<boolean> {
  // Anonymous callers are refused like everywhere else; the page then renders and asks them to sign in.
  await getViewerX(ctx);
  const docId = ctx.db.normalizeId(table, id);
  const found = docId ? await ctx.db.get(table, docId) : null;
  return found ? await canRead(ctx, found.workspace_id) : false;
}

export const conversationExists = query({
  args: { id: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { id }) => await visible(ctx, "conversations", id),
});

export const leadExists = query({
  args: { id: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { id }) => await visible(ctx, "contacts", id),
});
