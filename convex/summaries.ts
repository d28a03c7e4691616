// Daily summaries on the dashboard: the digests, a day's lead notes, the runs,
// and "Generate summary" for a past day. The cron is summaryCron; a run is summaryJob.

import { v, type Infer } from "convex/values";
import { invalidInput, userError } from "./errors";
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import type { Doc } from "./_generated/dataModel";
import schema from "./schema";
import { boundedPage, viewerDisplayName, workspaceMutation, workspaceQuery } from "./functions";
import { NOTE_TYPE, runsOfDay, startRun } from "./model/summaryRuns";
import { lastCompleteLocalDay, localDatesEndingAt } from "../src/domain/localDay";
import { summaryDateSchema } from "../src/domain/dailySummary";
import { decideRun } from "../src/domain/summaryRuns";

const CHART_DAYS = 14;

const runValidator = schema.doc("summaryRuns");

const noteValidator = v.object({
  _id: v.id("leadNotes"),
  contact_id: v.optional(v.id("contacts")),
  lead_name: v.optional(v.string()),
  note_type: v.string(),
  content: v.string(),
  date: v.optional(v.string()),
  message_count: v.optional(v.number()),
  generator: v.optional(v.string()),
  created_at: v.number(),
});

function toNote(n: Doc<"leadNotes">, leadName?: string): Infer<typeof noteValidator> {
  return {
    _id: n._id,
    contact_id: n.contact_id,
    lead_name: leadName,
    note_type: n.note_type,
    content: n.content,
    date: n.date ?? n.metadata?.date,
    message_count: n.metadata?.message_count,
    generator: n.metadata?.generator,
    created_at: n.created_at,
  };
}

// Digests are long texts: smaller pages than the other lists.
const MAX_SUMMARY_PAGE = 50;

/** The workspace's daily digests, newest day first. */
export const listDigests = workspaceQuery({
  permission: "workspace.read",
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(noteValidator),
  handler: async (ctx, { workspaceId, paginationOpts }) => {
    const result = await ctx.db
      .query("leadNotes")
      .withIndex("by_workspace_type_contact_date", (q) =>
        q.eq("workspace_id", workspaceId).eq("note_type", NOTE_TYPE).eq("contact_id", undefined),
      )
      .order("desc")
      .paginate(boundedPage(paginationOpts, MAX_SUMMARY_PAGE));
    return { ...result, page: result.page.map((n) => toNote(n)) };
  },
});

/** The per-lead notes of one day, with lead names. */
export const listDayLeadNotes = workspaceQuery({
  permission: "workspace.read",
  args: { date: v.string(), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(noteValidator),
  handler: async (ctx, { workspaceId, date, paginationOpts }) => {
    const result = await ctx.db
      .query("leadNotes")
      .withIndex("by_workspace_type_date", (q) =>
        q.eq("workspace_id", workspaceId).eq("note_type", NOTE_TYPE).eq("date", date),
      )
      .paginate(boundedPage(paginationOpts, MAX_SUMMARY_PAGE));
    const page = [];
    for (const n of result.page) {
      if (!n.contact_id) {
        continue;
      } // the digest, shown above the list
      const lead = await ctx.db.get("contacts", n.contact_id);
      page.push(toNote(n, lead?.name));
    }
    return { ...result, page };
  },
});

/** The latest runs (cron and manual, quiet days included), newest first. */
export const listRuns = workspaceQuery({
  permission: "workspace.read",
  args: {},
  returns: v.array(runValidator),
  handler: async (ctx, { workspaceId }) => {
    const runs = await ctx.db
      .query("summaryRuns")
      .withIndex("by_workspace_started_at", (q) => q.eq("workspace_id", workspaceId))
      .order("desc")
      .take(20);
    return runs;
  },
});

/**
 * Messages per local day for the last 14 complete days, from the runs that
 * summarised them (null = not summarised). 14 small index reads, whatever the
 * volume; the ingestion path stays free of counters.
 */
export const dailyCounts = workspaceQuery({
  permission: "workspace.read",
  args: {},
  returns: v.object({
    timeZone: v.string(),
    lastCompleteDay: v.string(),
    days: v.array(v.object({ date: v.string(), count: v.union(v.number(), v.null()) })),
  }),
  handler: async (ctx, { workspaceId }) => {
    const { workspace } = ctx;
    const lastCompleteDay = lastCompleteLocalDay(Date.now(), workspace.timezone);
    const days = [];
    for (const date of localDatesEndingAt(lastCompleteDay, CHART_DAYS)) {
      const runs = await ctx.db
        .query("summaryRuns")
        .withIndex("by_workspace_date", (q) => q.eq("workspace_id", workspaceId).eq("date", date))
        .order("desc")
        .take(5);
      const finished = runs.find((r) => r.status === "done" || r.status === "quiet");
      days.push({ date, count: finished?.message_count ?? null });
    }
    return { timeZone: workspace.timezone, lastCompleteDay, days };
  },
});

/** One run, for following a manual regeneration. */
export const getRun = workspaceQuery({
  permission: "workspace.read",
  args: { runId: v.id("summaryRuns") },
  returns: runValidator,
  handler: async (ctx, { workspaceId, runId }) => {
    const run = await ctx.db.get("summaryRuns", runId);
    if (!run || run.workspace_id !== workspaceId) {
      throw userError("NOT_FOUND", { key: "errors.summaries.noRun" });
    }
    return run;
  },
});

/** Regenerates a past local day's summary, replacing its notes. Returns the run to follow. */
export const generate = workspaceMutation({
  permission: "summary.generate",
  args: { date: v.string() },
  returns: v.id("summaryRuns"),
  handler: async (ctx, { workspaceId, date }) => {
    const { workspace, viewer } = ctx;
    const now = Date.now();
    const parsed = summaryDateSchema(lastCompleteLocalDay(now, workspace.timezone)).safeParse({ date });
    if (!parsed.success) {
      throw invalidInput(parsed.error);
    }
    const day = parsed.data.date;
    const decision = decideRun(await runsOfDay(ctx, workspaceId, day), now, "manual");
    if (!decision.process) {
      throw userError("CONFLICT", { key: "errors.summaries.alreadyRunning", values: { date: day } });
    }
    return await startRun(ctx, workspaceId, day, "manual", decision.stale, now, await viewerDisplayName(ctx, viewer));
  },
});
