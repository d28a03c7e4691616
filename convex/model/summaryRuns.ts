import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { internal } from "../_generated/api";
import type { LocalDate } from "../../src/domain/localDay";

/** The note_type of daily summary notes (the digest and the per-lead notes). */
export const NOTE_TYPE = "daily_summary";

/** Runs read per (workspace, day) when deciding; manual regenerations add a few each. */
const RUNS_PER_DAY_READ = 25;

/** The day's runs, newest first. */
export async function runsOfDay(ctx: MutationCtx, workspaceId: Id<"workspaces">, date: LocalDate) {
  return await ctx.db
    .query("summaryRuns")
    .withIndex("by_workspace_date", (q) => q.eq("workspace_id", workspaceId).eq("date", date))
    .order("desc")
    .take(RUNS_PER_DAY_READ);
}

/** Marks runs that died as failed so their late writes (if any) are refused, and starts a new run. */
export async function startRun(
  ctx: MutationCtx,
  workspaceId: Id<"workspaces">,
  date: LocalDate,
  how: "cron" | "manual",
  stale: Doc<"summaryRuns">[],
  now: number,
  startedBy?: string,
) {
  for (const run of stale) {
    await ctx.db.patch("summaryRuns", run._id, {
      status: "failed",
      error: "Stopped without finishing; retried.",
      finished_at: now,
      progress: undefined,
    });
  }
  const runId = await ctx.db.insert("summaryRuns", {
    workspace_id: workspaceId,
    date,
    status: "running",
    trigger: how,
    ...(startedBy ? { started_by: startedBy } : {}),
    progress: "Queued",
    started_at: now,
  });
  await ctx.scheduler.runAfter(0, internal.summaryJob.summarizeDay, { runId });
  return runId;
}
