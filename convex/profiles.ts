import { v } from "convex/values";
import { mutation, query, type QueryCtx } from "./_generated/server";
import { getViewerX } from "./functions";
import { language } from "./schema";

// A person's own preferences: they belong to the person, not to a workspace, so no workspace builder applies;
// anonymous callers have none and may set none.

async function signedInProfile(ctx: Pick<QueryCtx, "auth" | "db">) {
  // Refuses anonymous callers, as every function does.
  await getViewerX(ctx);
  const identity = (await ctx.auth.getUserIdentity())!;
  const profile = await ctx.db
    .query("profiles")
    .withIndex("by_token_identifier", (q) => q.eq("token_identifier", identity.tokenIdentifier))
    .unique();
  return { tokenIdentifier: identity.tokenIdentifier, profile };
}

/** The caller's chosen language, or null before they choose one. */
export const mine = query({
  args: {},
  returns: v.union(v.null(), v.object({ language })),
  handler: async (ctx) => {
    const { profile } = await signedInProfile(ctx);
    return profile ? { language: profile.language } : null;
  },
});

/** Records the language the caller reads the dashboard in, on every device they sign in from. */
export const setLanguage = mutation({
  args: { language },
  returns: v.null(),
  handler: async (ctx, args) => {
    const { tokenIdentifier, profile } = await signedInProfile(ctx);
    if (!profile) {
      await ctx.db.insert("profiles", {
        token_identifier: tokenIdentifier,
        language: args.language,
        updated_at: Date.now(),
      });
    } else if (profile.language !== args.language) {
      await ctx.db.patch("profiles", profile._id, { language: args.language, updated_at: Date.now() });
    }
    return null;
  },
});
