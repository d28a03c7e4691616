// The hourly cron of the daily summaries: fans out one job (summaryJob) per
// workspace for its most recent complete local day, a page of workspaces at a time.

import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { NOTE_TYPE, runsOfDay, startRun } from "./model/summaryRuns";
import { lastCompleteLocalDay, localDayBounds } from "../src/domain/localDay";
import { decideRun } from "../src/domain/summaryRuns";

const WORKSPACE_PAGE = 100;

/** Cron target: schedules one job per workspace, a page at a time, then reschedules itself for the next page. */
export const startDailyRun = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())), asOf: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { cursor, asOf }) => {
    // One instant for the whole sweep, so every page agrees on which day is "the last complete one".
    const instant = asOf ?? Date.now();
    const page = await ctx.db.query("workspaces").paginate({ cursor: cursor ?? null, numItems: WORKSPACE_PAGE });
    for (const workspace of page.page) {
      await ctx.scheduler.runAfter(0, internal.summaryCron.summarizeWorkspaceDay, { workspaceId: workspace._id, asOf: instant });
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.summaryCron.startDailyRun, { cursor: page.continueCursor, asOf: instant });
    }
    return null;
  },
});

/** Per workspace: summarise its most recent complete local day unless that is done (or quiet). */
export const summarizeWorkspaceDay = internalMutation({
  args: { workspaceId: v.id("workspaces"), asOf: v.number() },
  returns: v.null(),
  handler: async (ctx, { workspaceId, asOf }) => {
    const workspace = await ctx.db.get("workspaces", workspaceId);
    if (!workspace) return null;
    const now = Date.now();
    const date = lastCompleteLocalDay(asOf, workspace.timezone);
    const decision = decideRun(await runsOfDay(ctx, workspaceId, date), now, "cron");
    if (!decision.process) return null;
    const digest = await ctx.db
      .query("leadNotes")
      .withIndex("by_workspace_type_contact_date", (q) =>
        q.eq("workspace_id", workspaceId).eq("note_type", NOTE_TYPE).eq("contact_id", undefined).eq("date", date),
      )
      .first();
    if (digest) return null;
    const { start, end } = localDayBounds(date, workspace.timezone);
    const anyMessage = await ctx.db
      .query("messages")
      .withIndex("by_workspace_timestamp", (q) => q.eq("workspace_id", workspaceId).gte("timestamp", start).lt("timestamp", end))
      .first();
    if (!anyMessage) {
      // A quiet day: no note, but the run is recorded so operators see the job ran.
      await ctx.db.insert("summaryRuns", {
        workspace_id: workspaceId,
        date,
        status: "quiet",
        trigger: "cron",
        message_count: 0,
        lead_count: 0,
        llm_calls: 0,
        duration_ms: 0,
        started_at: now,
        finished_at: now,
      });
      return null;
    }
    await startRun(ctx, workspaceId, date, "cron", decision.stale, now);
    return null;
  },
});
