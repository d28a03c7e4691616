import { v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { getViewer, getViewerX } from "./functions";
import { language } from "./schema";

// A person's own preferences: they belong to the person, not to a workspace, so no workspace builder applies;
// anonymous callers have none and may set none.

/** The caller's chosen language, or null before they choose one (or when signed out). */
export const mine = query({
  args: {},
  returns: v.union(v.null(), v.object({ language })),
  handler: async (ctx) => {
    const viewer = await getViewer(ctx);
    if (!viewer) {
      return null;
    }
    const profile = await ctx.db
      .query("profiles")
      .withIndex("by_user_id", (q) => q.eq("user_id", viewer.userId))
      .unique();
    return profile ? { language: profile.language } : null;
  },
});

/** Records the language the caller reads the dashboard in, on every device they sign in from. */
export const setLanguage = mutation({
  args: { language },
  returns: v.null(),
  handler: async (ctx, args) => {
    const viewer = await getViewerX(ctx);
    const profile = await ctx.db
      .query("profiles")
      .withIndex("by_user_id", (q) => q.eq("user_id", viewer.userId))
      .unique();
    if (profile) {
      if (profile.language !== args.language) {
        await ctx.db.patch("profiles", profile._id, { language: args.language, updated_at: Date.now() });
      }
    } else {
      await ctx.db.insert("profiles", { user_id: viewer.userId, language: args.language, updated_at: Date.now() });
    }
    return null;
  },
});
