// The hourly cron of the daily summaries: fans out one job (summaryJob) per due
// workspace for its most recent complete local day, a page of workspaces at a time.
// Only workspaces whose `summary_due_at` has passed are read, so an hour in which
// no local day ended costs one function call and one empty index range.

import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation, type MutationCtx } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { NOTE_TYPE, runsOfDay, startRun } from "./model/summaryRuns";
import { lastCompleteLocalDay, localDayBounds } from "../src/domain/localDay";
import { decideRun, nextSummaryCheck } from "../src/domain/summaryRuns";

const WORKSPACE_PAGE = 100;

/** Cron target: schedules one job per due workspace, a page at a time, then reschedules itself for the next page. */
export const startDailyRun = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())), asOf: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { cursor, asOf }) => {
    // One instant for the whole sweep, so every page agrees on which day is "the last complete one".
    const instant = asOf ?? Date.now();
    const page = await ctx.db
      .query("workspaces")
      .withIndex("by_summary_due_at", (q) => q.lte("summary_due_at", instant))
      .paginate({ cursor: cursor ?? null, numItems: WORKSPACE_PAGE });
    for (const workspace of page.page) {
      await ctx.scheduler.runAfter(0, internal.summaryCron.summarizeWorkspaceDay, {
        workspaceId: workspace._id,
        asOf: instant,
      });
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.summaryCron.startDailyRun, {
        cursor: page.continueCursor,
        asOf: instant,
      });
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
    if (!workspace) {
      return null;
    }
    const settled = await summarizeDayIfDue(ctx, workspace, asOf);
    await ctx.db.patch("workspaces", workspaceId, {
      summary_due_at: nextSummaryCheck(settled, asOf, workspace.timezone),
    });
    return null;
  },
});

/** Starts the day's run when one is needed; true when the day needs nothing more from the cron. */
async function summarizeDayIfDue(ctx: MutationCtx, workspace: Doc<"workspaces">, asOf: number): Promise<boolean> {
  const workspaceId = workspace._id;
  const now = Date.now();
  const date = lastCompleteLocalDay(asOf, workspace.timezone);
  const decision = decideRun(await runsOfDay(ctx, workspaceId, date), now, "cron");
  if (!decision.process) {
    return decision.reason !== "running";
  }
  const digest = await ctx.db
    .query("leadNotes")
    .withIndex("by_workspace_type_contact_date", (q) =>
      q.eq("workspace_id", workspaceId).eq("note_type", NOTE_TYPE).eq("contact_id", undefined).eq("date", date),
    )
    .first();
  if (digest) {
    return true;
  }
  const { start, end } = localDayBounds(date, workspace.timezone);
  const anyMessage = await ctx.db
    .query("messages")
    .withIndex("by_workspace_timestamp", (q) =>
      q.eq("workspace_id", workspaceId).gte("timestamp", start).lt("timestamp", end),
    )
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
    return true;
  }
  await startRun(ctx, workspaceId, date, "cron", decision.stale, now);
  return false;
}
