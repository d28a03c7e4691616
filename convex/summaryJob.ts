// One summary run: reads the workspace's day in pages, writes a digest note and
// one note per lead in batches, with Grok when a key is set and a deterministic
// text otherwise. Every read and write is paged, so volume never meets a limit.

import { ConvexError, v, type Infer } from "convex/values";
import { createXai } from "@ai-sdk/xai";
import { generateText } from "ai";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { internalAction, internalMutation, internalQuery, type MutationCtx } from "./_generated/server";
import { env } from "./env";
import { errorCode, userError, type UserErrorData } from "./errors";
import { NOTE_TYPE } from "./model/summaryRuns";
import { summaryWriter } from "./model/i18n";
import { language } from "./schema";
import { workspaceLanguage } from "../src/domain/locale";
import { messageDirection } from "./schema";
import { localDayBounds } from "../src/domain/localDay";
import { encodeRunProgress } from "../src/domain/summaryRuns";
import {
  DayAggregator,
  llmGenerator,
  writeSummaryTexts,
  type LeadProfile,
  type Prompt,
} from "../src/domain/dailySummary";

const MESSAGE_PAGE = 1_000;
const PROFILE_BATCH = 200;
const NOTE_BATCH = 200;
const DELETE_BATCH = 500;
/** Message text kept per message when paging; enough for a first line and a transcript line. */
const CONTENT_CHARS = 600;
const LLM_MAX_OUTPUT_TOKENS = 2_500;

const runContextValidator = v.object({
  workspaceId: v.id("workspaces"),
  date: v.string(),
  timeZone: v.string(),
  /** The summaries' language: the workspace's. */
  language,
  start: v.number(),
  end: v.number(),
  startedAt: v.number(),
});

export const runContext = internalQuery({
  args: { runId: v.id("summaryRuns") },
  returns: v.union(runContextValidator, v.null()),
  handler: async (ctx, { runId }) => {
    const run = await ctx.db.get("summaryRuns", runId);
    if (!run || run.status !== "running") {
      return null;
    }
    const workspace = await ctx.db.get("workspaces", run.workspace_id);
    if (!workspace) {
      return null;
    }
    const { start, end } = localDayBounds(run.date, workspace.timezone);
    return {
      workspaceId: workspace._id,
      date: run.date,
      timeZone: workspace.timezone,
      language: workspaceLanguage(workspace),
      start,
      end,
      startedAt: run.started_at,
    };
  },
});

const slimMessage = v.object({
  contactId: v.id("contacts"),
  direction: messageDirection,
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
      .withIndex("by_workspace_timestamp", (q) =>
        q.eq("workspace_id", workspaceId).gte("timestamp", start).lt("timestamp", end),
      )
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
  returns: v.array(
    v.object({ contactId: v.id("contacts"), name: v.string(), phone: v.optional(v.string()), createdAt: v.number() }),
  ),
  handler: async (ctx, { workspaceId, contactIds }) => {
    if (contactIds.length > PROFILE_BATCH) {
      throw userError("INVALID", `contactIds: at most ${PROFILE_BATCH} per call`);
    }
    const profiles = [];
    for (const id of contactIds) {
      const c = await ctx.db.get("contacts", id);
      if (c && c.workspace_id === workspaceId) {
        profiles.push({ contactId: c._id, name: c.name, phone: c.phone, createdAt: c.created_at });
      }
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
    if (!(await liveRun(ctx, runId))) {
      return false;
    }
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
    if (!run) {
      throw userError("CONFLICT", "This summary run was superseded.");
    }
    const saving = encodeRunProgress({ step: "saving" });
    if (run.progress !== saving) {
      await ctx.db.patch("summaryRuns", runId, { progress: saving });
    }
    const notes = await ctx.db
      .query("leadNotes")
      .withIndex("by_workspace_type_date", (q) =>
        q.eq("workspace_id", run.workspace_id).eq("note_type", NOTE_TYPE).eq("date", run.date),
      )
      .take(DELETE_BATCH);
    for (const note of notes) {
      await ctx.db.delete("leadNotes", note._id);
    }
    return notes.length;
  },
});

const leadNoteInput = v.object({
  contactId: v.id("contacts"),
  content: v.string(),
  messageCount: v.number(),
  generator: v.string(),
});

export const insertLeadNotes = internalMutation({
  args: { runId: v.id("summaryRuns"), notes: v.array(leadNoteInput) },
  returns: v.null(),
  handler: async (ctx, { runId, notes }) => {
    if (notes.length > NOTE_BATCH) {
      throw userError("INVALID", `notes: at most ${NOTE_BATCH} per call`);
    }
    const run = await liveRun(ctx, runId);
    if (!run) {
      throw userError("CONFLICT", "This summary run was superseded.");
    }
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
    if (!run) {
      return null;
    }
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
  if (!apiKey) {
    return undefined;
  }
  const modelId = env.summaryModel();
  const model = createXai({ apiKey }).responses(modelId);
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
  if (error instanceof ConvexError) {
    const data = error.data as unknown;
    if (typeof data === "string") {
      return data;
    }
    return errorCode(error) ? (data as UserErrorData).message : JSON.stringify(data);
  }
  return error instanceof Error ? error.message : String(error);
}

/** Summarises one run's workspace-day. Never throws: the outcome is always recorded on the run. */
export const summarizeDay = internalAction({
  args: { runId: v.id("summaryRuns") },
  returns: v.null(),
  handler: async (ctx, { runId }) => {
    const run = await ctx.runQuery(internal.summaryJob.runContext, { runId });
    if (!run) {
      return null;
    }
    try {
      const aggregator = new DayAggregator();
      let cursor: string | null = null;
      let pages = 0;
      for (;;) {
        const page: { messages: Infer<typeof slimMessage>[]; continueCursor: string; isDone: boolean } =
          await ctx.runQuery(internal.summaryJob.messagePage, {
            workspaceId: run.workspaceId,
            start: run.start,
            end: run.end,
            cursor,
          });
        aggregator.add(page.messages);
        pages++;
        if (page.isDone) {
          break;
        }
        cursor = page.continueCursor;
        if (pages % 5 === 0) {
          await ctx.runMutation(internal.summaryJob.setProgress, {
            runId,
            progress: encodeRunProgress({ step: "reading", count: aggregator.messageCount }),
          });
        }
      }

      const profiles = new Map<string, LeadProfile>();
      const contactIds = aggregator.contactIds() as Id<"contacts">[];
      for (let i = 0; i < contactIds.length; i += PROFILE_BATCH) {
        const batch = await ctx.runQuery(internal.summaryJob.leadProfiles, {
          workspaceId: run.workspaceId,
          contactIds: contactIds.slice(i, i + PROFILE_BATCH),
        });
        for (const p of batch) {
          profiles.set(p.contactId, p);
        }
      }
      const writer = summaryWriter(run.language);
      const summary = aggregator.summarize(
        run.date,
        run.timeZone,
        { start: run.start, end: run.end },
        profiles,
        writer.say("digest.unknownLead"),
      );

      const llm = summary.messageCount > 0 ? grok() : undefined;
      if (llm) {
        await ctx.runMutation(internal.summaryJob.setProgress, {
          runId,
          progress: encodeRunProgress({ step: "writing" }),
        });
      }
      const texts = await writeSummaryTexts(summary, writer, llm);

      // Replace, never add: the day's previous notes (a manual regeneration, a crashed attempt) go first.
      while ((await ctx.runMutation(internal.summaryJob.deleteDayNotes, { runId })) > 0) {}
      for (let i = 0; i < summary.leads.length; i += NOTE_BATCH) {
        const notes = summary.leads.slice(i, i + NOTE_BATCH).map((lead) => {
          const note = texts.leadNotes.get(lead.contactId)!;
          return {
            contactId: lead.contactId as Id<"contacts">,
            content: note.content,
            messageCount: lead.total,
            generator: note.generator,
          };
        });
        await ctx.runMutation(internal.summaryJob.insertLeadNotes, { runId, notes });
      }
      await ctx.runMutation(internal.summaryJob.finishRun, {
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
      await ctx.runMutation(internal.summaryJob.finishRun, {
        runId,
        status: "failed",
        error: errorText(error).slice(0, 500),
      });
    }
    return null;
  },
});
