import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { internal } from "./_generated/api";
import { isLegacyConfig, upgradeConfig } from "../src/domain/keywordRules";

const PAGE = 100;

const table = v.union(v.literal("workflowSettings"), v.literal("workflowSettingsHistory"));

/**
 * Rewrites keyword replies stored as `{ [keyword]: reply }` into the list form, in
 * settings and their history. Run once after deploying:
 * `npx convex run keywordRulesMigration:run '{"table":"workflowSettings","cursor":null}'`;
 * it pages through both tables and schedules itself until done. Readers upgrade
 * unmigrated rows on the fly, so it can run at any time, and again.
 */
export const run = internalMutation({
  args: { table, cursor: v.union(v.string(), v.null()) },
  returns: v.object({ updated: v.number(), isDone: v.boolean() }),
  handler: async (ctx, { table, cursor }) => {
    const page = await ctx.db.query(table).paginate({ numItems: PAGE, cursor });
    let updated = 0;
    for (const row of page.page) {
      if (!isLegacyConfig(row.config)) {
        continue;
      }
      await ctx.db.patch(table, row._id, { config: upgradeConfig(row.config) });
      updated += 1;
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.keywordRulesMigration.run, { table, cursor: page.continueCursor });
    } else if (table === "workflowSettings") {
      await ctx.scheduler.runAfter(0, internal.keywordRulesMigration.run, {
        table: "workflowSettingsHistory",
        cursor: null,
      });
    }
    return { updated, isDone: page.isDone };
  },
});
