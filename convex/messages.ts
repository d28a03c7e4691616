import { v } from "convex/values";
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { boundedPage, workspaceQuery } from "./functions";
import schema from "./schema";
import { conversationInWorkspace } from "./conversations";
import { foldReactions } from "../src/domain/reactions";
import { threadExtras, withThreadExtras } from "./model/threadExtras";

export const attachedReaction = v.object({
  emoji: v.string(),
  direction: v.union(v.literal("inbound"), v.literal("outbound")),
});

const messageWithReactions = schema.doc("messages").extend({ reactions: v.array(attachedReaction), ...threadExtras });

/**
 * Messages of a conversation, newest first by WhatsApp timestamp. Reactions
 * whose target is on the same page come attached to it; the client folds the
 * rest across loaded pages with the same helper. Each message comes with where
 * to load its media (`media_src`), the message it quotes and the known leads
 * among its contact cards (model/threadExtras.ts).
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
    const page = await Promise.all(result.page.map((m) => withThreadExtras(ctx, m, ctx.workspace)));
    return { ...result, page: foldReactions(page) };
  },
});
