import { v } from "convex/values";
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { boundedPage, workspaceQuery } from "./functions";
import schema from "./schema";
import { conversationInWorkspace } from "./conversations";
import { foldReactions } from "../src/domain/reactions";

export const attachedReaction = v.object({
  emoji: v.string(),
  direction: v.union(v.literal("inbound"), v.literal("outbound")),
});

const messageWithReactions = schema.doc("messages").extend({ reactions: v.array(attachedReaction) });

/**
 * Messages of a conversation, newest first by WhatsApp timestamp. Reactions
 * whose target is on the same page come attached to it; the client folds the
 * rest across loaded pages with the same helper.
 */
export const list = workspaceQuery({
  permission: "workspace.read",
  args: {
    conversationId: v.id("conversations"),
    paginationOpts: paginationOptsValidator,
  },
  returns: paginationResultValidator(messageWithReactions),
  handler: async (ctx, { workspaceId, conversationId, paginationOpts }) => {
    await conversationInWorkspace(ctx, workspaceId, conversationId);
    const result = await ctx.db
      .query("messages")
      .withIndex("by_conversation_timestamp", (q) => q.eq("conversation_id", conversationId))
      .order("desc")
      .paginate(boundedPage(paginationOpts));
    return { ...result, page: foldReactions(result.page) };
  },
});
