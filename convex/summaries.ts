// Daily activity summaries: the hourly cron fans out one job per workspace; each
// job summarises the workspace's most recent complete local day into a digest
// note plus one note per lead, with Grok when a key is set and a deterministic
// text otherwise. Every read and write is paged, so volume never meets a limit.

import { ConvexError, v, type Infer } from "convex/values";
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { createXai } from "@ai-sdk/xai";
import { generateText } from "ai";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { internalAction, internalMutation, internalQuery, mutation, query, type MutationCtx } from "./_generated/server";
import { env } from "./env";
import { summaryRunFields } from "./schema";
import { boundedPage, requireWorkspaceAccess, viewerDisplayName } from "./functions";
import { describeZodError } from "../src/domain/workspace";
import { lastCompleteLocalDay, localDatesEndingAt, localDayBounds, type LocalDate } from "../src/domain/localDay";
import {
  DayAggregator,
  llmGenerator,
  summaryDateSchema,
  writeSummaryTexts,
  type LeadProfile,
  type Prompt,
} from "../src/domain/dailySummary";

export const NOTE_TYPE = "daily_summary";

const WORKSPACE_PAGE = 100;
const MESSAGE_PAGE = 1_000;
const PROFILE_BATCH = 200;
const NOTE_BATCH = 200;
const DELETE_BATCH = 500;
/** Message text kept per message when paging; enough for a first line and a transcript line. */
const CONTENT_CHARS = 600;
/** A run still `running` after this long died without finishing (actions are not retried). */
export const RUN_STALE_MS = 15 * 60_000;
/** The cron gives up on a day after this many failed attempts (each hour is one attempt). */
const MAX_ATTEMPTS = 3;
/** Runs read per (workspace, day) when deciding; manual regenerations add a few each. */
const RUNS_PER_DAY_READ = 25;
const CHART_DAYS = 14;
const LLM_MAX_OUTPUT_TOKENS = 2_500;

// ---------------------------------------------------------------------------
// Cron: fan out per workspace

/** Cron target: schedules one job per workspace, a page at a time, then reschedules itself for the next page. */
export const startDailyRun = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())), asOf: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { cursor, asOf }) => {
    // One instant for the whole sweep, so every page agrees on which day is "the last complete one".
    const instant = asOf ?? Date.now();
    const page = await ctx.db.query("workspaces").paginate({ cursor: cursor ?? null, numItems: WORKSPACE_PAGE });
    for (const workspace of page.page) {
      await ctx.scheduler.runAfter(0, internal.summaries.summarizeWorkspaceDay, { workspaceId: workspace._id, asOf: instant });
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.summaries.startDailyRun, { cursor: page.continueCursor, asOf: instant });
    }
    return null;
  },
});

type RunDecision = { process: true; stale: Doc<"summaryRuns">[] } | { process: false; reason: string };

/** Whether a day needs (another) run, given its runs newest first. */
function decide(runs: Doc<"summaryRuns">[], now: number, mode: "cron" | "manual"): RunDecision {
  const stale = runs.filter((r) => r.status === "running" && now - r.started_at >= RUN_STALE_MS);
  if (runs.some((r) => r.status === "running" && now - r.started_at < RUN_STALE_MS)) {
    return { process: false, reason: "running" };
  }
  if (mode === "cron") {
    if (runs.some((r) => r.status === "done" || r.status === "quiet")) return { process: false, reason: "summarised" };
    if (runs.filter((r) => r.status === "failed").length + stale.length >= MAX_ATTEMPTS) {
      return { process: false, reason: "gave up" };
    }
  }
  return { process: true, stale };
}

async function runsOfDay(ctx: MutationCtx, workspaceId: Id<"workspaces">, date: LocalDate) {
  return await ctx.db
    .query("summaryRuns")
    .withIndex("by_workspace_date", (q) => q.eq("workspace_id", workspaceId).eq("date", date))
    .order("desc")
    .take(RUNS_PER_DAY_READ);
}

/** Marks runs that died as failed so their late writes (if any) are refused, and starts a new run. */
async function startRun(
  ctx: MutationCtx,
  workspaceId: Id<"workspaces">,
  date: LocalDate,
  how: "cron" | "manual",
  stale: Doc<"summaryRuns">[],
  now: number,
  startedBy?: string,
) {
  for (const run of stale) {
    await ctx.db.patch("summaryRuns", run._id, { status: "failed", error: "Stopped without finishing; retried.", finished_at: now, progress: undefined });
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
  await ctx.scheduler.runAfter(0, internal.summaries.summarizeDay, { runId });
  return runId;
}

/** Per workspace: summarise its most recent complete local day unless that is done (or quiet). */
export const summarizeWorkspaceDay = internalMutation({
  args: { workspaceId: v.id("workspaces"), asOf: v.number() },
  returns: v.null(),
  handler: async (ctx, { workspaceId, asOf }) => {
    const workspace = await ctx.db.get("workspaces", workspaceId);
    if (!workspace) return null;
    const now = Date.now();
    const date = lastCompleteLocalDay(asOf, workspace.timezone);
    const decision = decide(await runsOfDay(ctx, workspaceId, date), now, "cron");
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

// ---------------------------------------------------------------------------
// The job: read the day in pages, write the notes in batches

const runContextValidator = v.object({
  workspaceId: v.id("workspaces"),
  date: v.string(),
  timeZone: v.string(),
  start: v.number(),
  end: v.number(),
  startedAt: v.number(),
});

export const runContext = internalQuery({
  args: { runId: v.id("summaryRuns") },
  returns: v.union(runContextValidator, v.null()),
  handler: async (ctx, { runId }) => {
    const run = await ctx.db.get("summaryRuns", runId);
    if (!run || run.status !== "running") return null;
    const workspace = await ctx.db.get("workspaces", run.workspace_id);
    if (!workspace) return null;
    const { start, end } = localDayBounds(run.date, workspace.timezone);
    return { workspaceId: workspace._id, date: run.date, timeZone: workspace.timezone, start, end, startedAt: run.started_at };
  },
});

const slimMessage = v.object({
  contactId: v.id("contacts"),
  direction: v.union(v.literal("inbound"), v.literal("outbound")),
  content: v.string(),
  timestamp: v.number(),
});

/** One page of the day's messages, oldest first, with only what the summary needs. */
export const messagePage = internalQuery({
  args: { workspaceId: v.id("workspaces"), start: v.number(), end: v.number(), cursor: v.union(v.string(), v.null()) },
  returns: v.object({ messages: v.array(slimMessage), continueCursor: v.string(), isDone: v.boolean() }),
  handler: async (ctx, { workspaceId, start, end, cursor }) => {
    const page = await ctx.db
      .query("messages")
      .withIndex("by_workspace_timestamp", (q) => q.eq("workspace_id", workspaceId).gte("timestamp", start).lt("timestamp", end))
      .paginate({ cursor, numItems: MESSAGE_PAGE });
    return {
      messages: page.page.map((m) => ({
        contactId: m.contact_id,
        direction: m.direction,
        content: (m.content.trim() || m.transcript || m.caption || `[${m.type}]`).slice(0, CONTENT_CHARS),
        timestamp: m.timestamp,
      })),
      continueCursor: page.continueCursor,
      isDone: page.isDone,
    };
  },
});

export const leadProfiles = internalQuery({
  args: { workspaceId: v.id("workspaces"), contactIds: v.array(v.id("contacts")) },
  returns: v.array(v.object({ contactId: v.id("contacts"), name: v.string(), phone: v.optional(v.string()), createdAt: v.number() })),
  handler: async (ctx, { workspaceId, contactIds }) => {
    if (contactIds.length > PROFILE_BATCH) throw new ConvexError(`contactIds: at most ${PROFILE_BATCH} per call`);
    const profiles = [];
    for (const id of contactIds) {
      const c = await ctx.db.get("contacts", id);
      if (c && c.workspace_id === workspaceId) profiles.push({ contactId: c._id, name: c.name, phone: c.phone, createdAt: c.created_at });
    }
    return profiles;
  },
});

/** The run, if it is still the live one; writes for a superseded run are refused. */
async function liveRun(ctx: MutationCtx, runId: Id<"summaryRuns">) {
  const run = await ctx.db.get("summaryRuns", runId);
  return run && run.status === "running" ? run : null;
}

export const setProgress = internalMutation({
  args: { runId: v.id("summaryRuns"), progress: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { runId, progress }) => {
    if (!(await liveRun(ctx, runId))) return false;
    await ctx.db.patch("summaryRuns", runId, { progress });
    return true;
  },
});

/** Deletes up to DELETE_BATCH of the run's day's notes (digest and per-lead); returns how many. */
export const deleteDayNotes = internalMutation({
  args: { runId: v.id("summaryRuns") },
  returns: v.number(),
  handler: async (ctx, { runId }) => {
    const run = await liveRun(ctx, runId);
    if (!run) throw new ConvexError("This summary run was superseded.");
    if (run.progress !== "Saving notes") await ctx.db.patch("summaryRuns", runId, { progress: "Saving notes" });
    const notes = await ctx.db
      .query("leadNotes")
      .withIndex("by_workspace_type_date", (q) => q.eq("workspace_id", run.workspace_id).eq("note_type", NOTE_TYPE).eq("date", run.date))
      .take(DELETE_BATCH);
    for (const note of notes) await ctx.db.delete("leadNotes", note._id);
    return notes.length;
  },
});

const leadNoteInput = v.object({ contactId: v.id("contacts"), content: v.string(), messageCount: v.number(), generator: v.string() });

export const insertLeadNotes = internalMutation({
  args: { runId: v.id("summaryRuns"), notes: v.array(leadNoteInput) },
  returns: v.null(),
  handler: async (ctx, { runId, notes }) => {
    if (notes.length > NOTE_BATCH) throw new ConvexError(`notes: at most ${NOTE_BATCH} per call`);
    const run = await liveRun(ctx, runId);
    if (!run) throw new ConvexError("This summary run was superseded.");
    const now = Date.now();
    for (const n of notes) {
      await ctx.db.insert("leadNotes", {
        workspace_id: run.workspace_id,
        contact_id: n.contactId,
        note_type: NOTE_TYPE,
        content: n.content,
        metadata: { message_count: n.messageCount, date: run.date, generator: n.generator },
        date: run.date,
        created_at: now,
      });
    }
    return null;
  },
});

export const finishRun = internalMutation({
  args: {
    runId: v.id("summaryRuns"),
    status: v.union(v.literal("done"), v.literal("quiet"), v.literal("failed")),
    digest: v.optional(v.object({ content: v.string(), generator: v.string() })),
    messageCount: v.optional(v.number()),
    leadCount: v.optional(v.number()),
    llmCalls: v.optional(v.number()),
    fallbackReason: v.optional(v.string()),
    error: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    const run = await liveRun(ctx, args.runId);
    if (!run) return null;
    const now = Date.now();
    if (args.digest && args.status === "done") {
      await ctx.db.insert("leadNotes", {
        workspace_id: run.workspace_id,
        note_type: NOTE_TYPE,
        content: args.digest.content,
        metadata: { message_count: args.messageCount ?? 0, date: run.date, generator: args.digest.generator },
        date: run.date,
        created_at: now,
      });
    }
    await ctx.db.patch("summaryRuns", run._id, {
      status: args.status,
      generator: args.digest?.generator,
      message_count: args.messageCount,
      lead_count: args.leadCount,
      llm_calls: args.llmCalls,
      fallback_reason: args.fallbackReason,
      error: args.error,
      progress: undefined,
      duration_ms: now - run.started_at,
      finished_at: now,
    });
    return null;
  },
});

/** Grok through the AI SDK, or undefined when no key is set. */
function grok(): { complete: (p: Prompt) => Promise<string>; generator: string } | undefined {
  const apiKey = env.xaiApiKey();
  if (!apiKey) return undefined;
  const modelId = env.summaryModel();
  const model = createXai({ apiKey })(modelId);
  const timeoutMs = env.summaryLlmTimeoutMs();
  return {
    generator: llmGenerator(modelId),
    complete: async ({ system, prompt }) => {
      const { text } = await generateText({
        model,
        system,
        prompt,
        temperature: 0.2,
        maxOutputTokens: LLM_MAX_OUTPUT_TOKENS,
        // One retry for a transient error; the action's own time limit counts the back-off.
        maxRetries: 1,
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      return text;
    },
  };
}

function errorText(error: unknown): string {
  if (error instanceof ConvexError) return typeof error.data === "string" ? error.data : JSON.stringify(error.data);
  return error instanceof Error ? error.message : String(error);
}

/** Summarises one run's workspace-day. Never throws: the outcome is always recorded on the run. */
export const summarizeDay = internalAction({
  args: { runId: v.id("summaryRuns") },
  returns: v.null(),
  handler: async (ctx, { runId }) => {
    const run = await ctx.runQuery(internal.summaries.runContext, { runId });
    if (!run) return null;
    try {
      const aggregator = new DayAggregator();
      let cursor: string | null = null;
      let pages = 0;
      for (;;) {
        const page: { messages: Infer<typeof slimMessage>[]; continueCursor: string; isDone: boolean } = await ctx.runQuery(
          internal.summaries.messagePage,
          { workspaceId: run.workspaceId, start: run.start, end: run.end, cursor },
        );
        aggregator.add(page.messages);
        pages++;
        if (page.isDone) break;
        cursor = page.continueCursor;
        if (pages % 5 === 0) {
          await ctx.runMutation(internal.summaries.setProgress, { runId, progress: `Read ${aggregator.messageCount.toLocaleString("en-US")} messages` });
        }
      }

      const profiles = new Map<string, LeadProfile>();
      const contactIds = aggregator.contactIds() as Id<"contacts">[];
      for (let i = 0; i < contactIds.length; i += PROFILE_BATCH) {
        const batch = await ctx.runQuery(internal.summaries.leadProfiles, {
          workspaceId: run.workspaceId,
          contactIds: contactIds.slice(i, i + PROFILE_BATCH),
        });
        for (const p of batch) profiles.set(p.contactId, p);
      }
      const summary = aggregator.summarize(run.date, run.timeZone, { start: run.start, end: run.end }, profiles);

      const llm = summary.messageCount > 0 ? grok() : undefined;
      if (llm) await ctx.runMutation(internal.summaries.setProgress, { runId, progress: "Writing the summary with the LLM" });
      const texts = await writeSummaryTexts(summary, llm);

      // Replace, never add: the day's previous notes (a manual regeneration, a crashed attempt) go first.
      while ((await ctx.runMutation(internal.summaries.deleteDayNotes, { runId })) > 0);
      for (let i = 0; i < summary.leads.length; i += NOTE_BATCH) {
        const notes = summary.leads.slice(i, i + NOTE_BATCH).map((lead) => {
          const note = texts.leadNotes.get(lead.contactId)!;
          return { contactId: lead.contactId as Id<"contacts">, content: note.content, messageCount: lead.total, generator: note.generator };
        });
        await ctx.runMutation(internal.summaries.insertLeadNotes, { runId, notes });
      }
      await ctx.runMutation(internal.summaries.finishRun, {
        runId,
        status: summary.messageCount > 0 ? "done" : "quiet",
        digest: summary.messageCount > 0 ? { content: texts.digest, generator: texts.digestGenerator } : undefined,
        messageCount: summary.messageCount,
        leadCount: summary.leads.length,
        llmCalls: texts.llmCalls,
        fallbackReason: texts.fallbackReason,
      });
    } catch (error) {
      // The next hourly run retries a failed day (up to MAX_ATTEMPTS); manual runs can be started again.
      await ctx.runMutation(internal.summaries.finishRun, { runId, status: "failed", error: errorText(error).slice(0, 500) });
    }
    return null;
  },
});

// ---------------------------------------------------------------------------
// Dashboard

const runValidator = v.object({ _id: v.id("summaryRuns"), _creationTime: v.number(), ...summaryRunFields });

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
export const listDigests = query({
  args: { workspaceId: v.id("workspaces"), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(noteValidator),
  handler: async (ctx, { workspaceId, paginationOpts }) => {
    await requireWorkspaceAccess(ctx, workspaceId, "workspace.read");
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
export const listDayLeadNotes = query({
  args: { workspaceId: v.id("workspaces"), date: v.string(), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(noteValidator),
  handler: async (ctx, { workspaceId, date, paginationOpts }) => {
    await requireWorkspaceAccess(ctx, workspaceId, "workspace.read");
    const result = await ctx.db
      .query("leadNotes")
      .withIndex("by_workspace_type_date", (q) => q.eq("workspace_id", workspaceId).eq("note_type", NOTE_TYPE).eq("date", date))
      .paginate(boundedPage(paginationOpts, MAX_SUMMARY_PAGE));
    const page = [];
    for (const n of result.page) {
      if (!n.contact_id) continue; // the digest, shown above the list
      const lead = await ctx.db.get("contacts", n.contact_id);
      page.push(toNote(n, lead?.name));
    }
    return { ...result, page };
  },
});

/** The latest runs (cron and manual, quiet days included), newest first. */
export const listRuns = query({
  args: { workspaceId: v.id("workspaces") },
  returns: v.array(runValidator),
  handler: async (ctx, { workspaceId }) => {
    await requireWorkspaceAccess(ctx, workspaceId, "workspace.read");
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
export const dailyCounts = query({
  args: { workspaceId: v.id("workspaces") },
  returns: v.object({
    timeZone: v.string(),
    lastCompleteDay: v.string(),
    days: v.array(v.object({ date: v.string(), count: v.union(v.number(), v.null()) })),
  }),
  handler: async (ctx, { workspaceId }) => {
    const { workspace } = await requireWorkspaceAccess(ctx, workspaceId, "workspace.read");
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
export const getRun = query({
  args: { workspaceId: v.id("workspaces"), runId: v.id("summaryRuns") },
  returns: runValidator,
  handler: async (ctx, { workspaceId, runId }) => {
    await requireWorkspaceAccess(ctx, workspaceId, "workspace.read");
    const run = await ctx.db.get("summaryRuns", runId);
    if (!run || run.workspace_id !== workspaceId) throw new ConvexError({ code: "NOT_FOUND", message: "runId: no such run in this workspace" });
    return run;
  },
});

/** Regenerates a past local day's summary, replacing its notes. Returns the run to follow. */
export const generate = mutation({
  args: { workspaceId: v.id("workspaces"), date: v.string() },
  returns: v.id("summaryRuns"),
  handler: async (ctx, { workspaceId, date }) => {
    const { workspace, viewer } = await requireWorkspaceAccess(ctx, workspaceId, "summary.generate");
    const now = Date.now();
    const parsed = summaryDateSchema(lastCompleteLocalDay(now, workspace.timezone)).safeParse({ date });
    if (!parsed.success) throw new ConvexError({ code: "INVALID", message: describeZodError(parsed.error) });
    const day = parsed.data.date;
    const decision = decide(await runsOfDay(ctx, workspaceId, day), now, "manual");
    if (!decision.process) {
      throw new ConvexError({ code: "CONFLICT", message: `date: the summary of ${day} is already being generated` });
    }
    return await startRun(ctx, workspaceId, day, "manual", decision.stale, now, await viewerDisplayName(ctx, viewer));
  },
});
