import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { internal } from "./_generated/api";

const PAGE = 100;

/**
 * Ended conversations wait for no one; rows ended before ingestion cleared
 * `waiting_for_reply` and `unread_count` on ending still carry them. Run once after deploying:
 * `npx convex run endedConversationsMigration:run '{"cursor":null}'`; it pages through the
 * conversations and schedules itself until done. The inbox already reads such rows as not
 * waiting, so it can run at any time, and again.
 */
export const run = internalMutation({
  args: { cursor: v.union(v.string(), v.null()) },
  returns: v.object({ updated: v.number(), isDone: v.boolean() }),
  handler: async (ctx, { cursor }) => {
    const page = await ctx.db.query("conversations").paginate({ numItems: PAGE, cursor });
    let updated = 0;
    for (const conversation of page.page) {
      if (conversation.status !== "ended" || (!conversation.waiting_for_reply && !conversation.unread_count)) {
        continue;
      }
      await ctx.db.patch("conversations", conversation._id, { waiting_for_reply: false, unread_count: 0 });
      updated += 1;
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.endedConversationsMigration.run, { cursor: page.continueCursor });
    }
    return { updated, isDone: page.isDone };
  },
});
