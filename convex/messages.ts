import { v } from "convex/values";
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { boundedPage, workspaceQuery } from "./functions";
import schema from "./schema";
import { conversationHeader, conversationInWorkspace, headerOf } from "./conversations";
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
 *
 * The newest page (no cursor) also carries the thread's `header` (conversation,
 * lead panel, can send): an open conversation keeps this one subscription beside
 * the inbox list, so an incoming message re-runs two queries per open page, not
 * three. Older pages start at `olderThan`, the newest page's `continueCursor`.
 */
export const list = workspaceQuery({
  permission: "workspace.read",
  args: {
    conversationId: v.id("conversations"),
    olderThan: v.optional(v.string()),
    paginationOpts: paginationOptsValidator,
  },
  returns: paginationResultValidator(messageWithReactions).extend({ header: v.optional(conversationHeader) }),
  handler: async (ctx, { workspaceId, conversationId, olderThan, paginationOpts }) => {
    const conversation = await conversationInWorkspace(ctx, workspaceId, conversationId);
    const cursor = paginationOpts.cursor ?? olderThan ?? null;
    const result = await ctx.db
      .query("messages")
      .withIndex("by_conversation_timestamp", (q) => q.eq("conversation_id", conversationId))
      .order("desc")
      .paginate(boundedPage({ ...paginationOpts, cursor }));
    const page = await Promise.all(result.page.map((m) => withThreadExtras(ctx, m, ctx.workspace)));
    const header = cursor === null ? await headerOf(ctx, conversation) : undefined;
    return { ...result, page: foldReactions(page), ...(header ? { header } : {}) };
  },
});
