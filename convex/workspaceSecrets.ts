import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { needsReseal, openSecret, sealSecret, secretsSealingEnabled } from "./model/secrets";

const SECRET_FIELDS = ["kapso_webhook_secret", "kapso_api_key"] as const;
// Two secrets per workspace: a page stays far below a mutation's limits.
const PAGE_SIZE = 100;

/**
 * Seals every workspace secret with the current KAPSO_SECRETS_KEY: plain-text
 * values stored before the key was set, and values sealed with the previous key
 * after a rotation. Runs hourly (crons.ts) and on demand
 * (`npx convex run workspaceSecrets:reseal`); one page per run, scheduling the next.
 */
export const reseal = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  returns: v.object({ resealed: v.number(), failed: v.number(), isDone: v.boolean() }),
  handler: async (ctx, { cursor }) => {
    if (!secretsSealingEnabled()) {
      return { resealed: 0, failed: 0, isDone: true };
    }
    const page = await ctx.db.query("workspaces").paginate({ numItems: PAGE_SIZE, cursor: cursor ?? null });
    let resealed = 0;
    let failed = 0;
    for (const workspace of page.page) {
      const patch: Partial<Pick<Doc<"workspaces">, (typeof SECRET_FIELDS)[number]>> = {};
      try {
        for (const field of SECRET_FIELDS) {
          const stored = workspace[field];
          if (stored && (await needsReseal(stored))) {
            patch[field] = await sealSecret(await openSecret(stored));
          }
        }
      } catch (error) {
        // One workspace sealed with a key this deployment lacks must not stop the others.
        console.error(`workspace ${workspace._id}: ${(error as Error).message}`);
        failed += 1;
        continue;
      }
      if (Object.keys(patch).length > 0) {
        await ctx.db.patch("workspaces", workspace._id, patch);
        resealed += 1;
      }
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.workspaceSecrets.reseal, { cursor: page.continueCursor });
    }
    return { resealed, failed, isDone: page.isDone };
  },
});
