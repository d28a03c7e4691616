// The daily activity summary of a workspace: aggregation of a local day's
// messages, the deterministic digest and per-lead notes, and the bounded
// map-reduce prompts for the LLM digest.

import * as z from "zod/mini";
import { isLocalDate, type LocalDate } from "./localDay";
import { formatLocalDate, formatTime } from "./dates";
import { INTL_LOCALES, type Locale } from "./locale";
import type { MessageKey, MessageValues } from "../i18n/messageRef";

/**
 * How the summary texts are written: in the workspace's language (its catalogue's `digest` sentences, rendered by
 * the caller), with its clock.
 */
export type SummaryWriter = {
  language: Locale;
  say: (key: MessageKey, values?: MessageValues) => string;
};

/** Times in summary texts: the workspace's clock, 24-hour, as the notes are stored for every reader. */
function summaryTime(ms: number, timeZone: string, w: SummaryWriter): string {
  return formatTime(ms, { timeZone, locale: INTL_LOCALES[w.language] });
}

export type Direction = "inbound" | "outbound";

export type DayMessage = { contactId: string; direction: Direction; content: string; timestamp: number };

export type LeadProfile = { contactId: string; name: string; phone?: string; createdAt: number };

type TranscriptLine = { at: number; direction: Direction; text: string };

type LeadActivity = {
  contactId: string;
  inbound: number;
  outbound: number;
  lastAt: number;
  lastDirection: Direction;
  lastLine: string;
  /** The lead's newest lines of the day, oldest first, at most LINES_PER_LEAD. */
  recent: TranscriptLine[];
};

export type LeadDaySummary = LeadActivity & {
  /** Short reference used inside LLM prompts (`L1`, `L2`, …). */
  ref: string;
  name: string;
  total: number;
  isNew: boolean;
  /** The lead's last message of the day is theirs: we owe a reply. */
  waiting: boolean;
};

export type DaySummary = {
  date: LocalDate;
  timeZone: string;
  messageCount: number;
  inbound: number;
  outbound: number;
  /** Most active first. */
  leads: LeadDaySummary[];
};

export const GENERATOR_DETERMINISTIC = "deterministic";
export const GENERATOR_FALLBACK = "deterministic-fallback";
export const llmGenerator = (model: string) => `llm:${model}`;

// Budgets. Every prompt is built from at most these many characters, whatever the day's volume.
export const LINES_PER_LEAD = 8;
export const LINE_CHARS = 200;
export const CHUNK_CHARS = 12_000;
export const LEADS_PER_CHUNK = 40;
export const MAX_CHUNKS = 6;
export const PARTIAL_DIGEST_CHARS = 2_000;
const LIST_LIMIT = 10;
const FIRST_LINE_CHARS = 120;
const NAME_CHARS = 60;
/** Upper bound on any prompt (system + user) this module builds. */
export const PROMPT_CHAR_BUDGET = 20_000;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The first non-empty line of a message, shortened for lists. */
export function firstLine(content: string, max = FIRST_LINE_CHARS): string {
  const line = content.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  return clip(line.trim().replace(/\s+/g, " "), max);
}

/** Accumulates a day's messages page by page; memory grows with leads, not with history. */
export class DayAggregator {
  inbound = 0;
  outbound = 0;
  private readonly byLead = new Map<string, LeadActivity>();

  add(messages: readonly DayMessage[]): void {
    for (const m of messages) {
      if (m.direction === "inbound") {
        this.inbound++;
      } else {
        this.outbound++;
      }
      const text = clip(m.content.replace(/\s+/g, " ").trim(), LINE_CHARS);
      let lead = this.byLead.get(m.contactId);
      if (!lead) {
        lead = {
          contactId: m.contactId,
          inbound: 0,
          outbound: 0,
          lastAt: -Infinity,
          lastDirection: m.direction,
          lastLine: "",
          recent: [],
        };
        this.byLead.set(m.contactId, lead);
      }
      if (m.direction === "inbound") {
        lead.inbound++;
      } else {
        lead.outbound++;
      }
      // Pages arrive in timestamp order; ties keep arrival order.
      if (m.timestamp >= lead.lastAt) {
        lead.lastAt = m.timestamp;
        lead.lastDirection = m.direction;
        lead.lastLine = firstLine(m.content);
      }
      lead.recent.push({ at: m.timestamp, direction: m.direction, text });
      if (lead.recent.length > LINES_PER_LEAD) {
        lead.recent.shift();
      }
    }
  }

  get messageCount(): number {
    return this.inbound + this.outbound;
  }

  contactIds(): string[] {
    return [...this.byLead.keys()];
  }

  /** The day's summary; leads without a profile (deleted since) are listed as `unknownLead`. */
  summarize(
    date: LocalDate,
    timeZone: string,
    day: { start: number; end: number },
    profiles: ReadonlyMap<string, LeadProfile>,
    unknownLead: string,
  ): DaySummary {
    const leads = [...this.byLead.values()]
      .map((lead) => {
        const profile = profiles.get(lead.contactId);
        return {
          ...lead,
          ref: "",
          name: profile ? displayName(profile, unknownLead) : unknownLead,
          total: lead.inbound + lead.outbound,
          isNew: profile !== undefined && profile.createdAt >= day.start && profile.createdAt < day.end,
          waiting: lead.lastDirection === "inbound",
        };
      })
      .sort((a, b) => b.total - a.total || b.lastAt - a.lastAt || a.contactId.localeCompare(b.contactId))
      .map((lead, i) => ({ ...lead, ref: `L${i + 1}` }));
    return { date, timeZone, messageCount: this.messageCount, inbound: this.inbound, outbound: this.outbound, leads };
  }
}

function displayName(profile: LeadProfile, unknownLead: string): string {
  const name = profile.name.trim();
  if (name && name !== "Unknown") {
    return clip(name, NAME_CHARS);
  }
  return profile.phone ? `+${profile.phone}` : unknownLead;
}

function listOf<T>(items: readonly T[], show: (item: T) => string, w: SummaryWriter, separator = ", "): string {
  const shown = items.slice(0, LIST_LIMIT).map(show).join(separator);
  return items.length > LIST_LIMIT
    ? `${shown}${separator}${w.say("digest.more", { count: items.length - LIST_LIMIT })}`
    : shown;
}

/** The day's exact figures; also the facts every LLM prompt is given. */
function factLines(s: DaySummary, w: SummaryWriter): string[] {
  const newLeads = s.leads.filter((l) => l.isNew);
  const waiting = s.leads.filter((l) => l.waiting);
  const lines = [
    w.say("digest.totals", {
      messages: s.messageCount,
      leads: s.leads.length,
      inbound: s.inbound,
      outbound: s.outbound,
    }),
  ];
  lines.push(
    newLeads.length
      ? w.say("digest.newLeads", { count: newLeads.length, names: listOf(newLeads, (l) => l.name, w) })
      : w.say("digest.noNewLeads"),
  );
  lines.push(
    waiting.length
      ? w.say("digest.waiting", {
          count: waiting.length,
          items: listOf(waiting, (l) => `${l.name} ("${l.lastLine}")`, w, "; "),
        })
      : w.say("digest.nobodyWaiting"),
  );
  const active = s.leads.slice(0, 5);
  if (active.length) {
    lines.push(w.say("digest.mostActive", { items: active.map((l) => `${l.name} (${l.total})`).join(", ") }));
  }
  return lines;
}

const ASKED_LIMIT = 8;

/**
 * A useful digest without an LLM. It leads with what leads asked (their latest
 * message of the day, unanswered leads first), then the counts and lists.
 */
export function deterministicDigest(s: DaySummary, w: SummaryWriter): string {
  const facts = factLines(s, w);
  const date = formatLocalDate(s.date, { timeZone: s.timeZone, locale: INTL_LOCALES[w.language] });
  const lines = [w.say("digest.activityOn", { date, facts: facts[0] })];
  const asked = s.leads
    .map((lead) => ({ lead, line: lead.recent.findLast((l) => l.direction === "inbound") }))
    .filter((a): a is { lead: LeadDaySummary; line: LeadDaySummary["recent"][number] } => a.line !== undefined)
    .sort((a, b) => Number(b.lead.waiting) - Number(a.lead.waiting));
  if (asked.length) {
    lines.push("", w.say("digest.askedHeading"));
    for (const { lead, line } of asked.slice(0, ASKED_LIMIT)) {
      lines.push(
        w.say("digest.askedLine", {
          name: lead.name,
          time: summaryTime(line.at, s.timeZone, w),
          waiting: lead.waiting ? "yes" : "no",
          text: line.text,
        }),
      );
    }
    if (asked.length > ASKED_LIMIT) {
      lines.push(w.say("digest.moreLeads", { count: asked.length - ASKED_LIMIT }));
    }
  }
  lines.push("", ...facts.slice(1));
  return lines.join("\n");
}

/** A lead's note without an LLM. */
export function deterministicLeadNote(lead: LeadDaySummary, timeZone: string, w: SummaryWriter): string {
  const parts = [
    // No "today": the note is read on later days too, under its date.
    w.say("digest.note.total", { messages: lead.total, inbound: lead.inbound, outbound: lead.outbound }),
  ];
  if (lead.isNew) {
    parts.push(w.say("digest.note.newLead"));
  }
  parts.push(
    w.say("digest.note.last", {
      time: summaryTime(lead.lastAt, timeZone, w),
      from: lead.lastDirection === "inbound" ? "lead" : "team",
      text: lead.lastLine,
    }),
  );
  parts.push(w.say(lead.waiting ? "digest.note.waiting" : "digest.note.answered"));
  return parts.join(" ");
}

// ---------------------------------------------------------------------------
// LLM map-reduce

export type Prompt = { system: string; prompt: string };

export type LlmPlan = {
  /** Transcript chunks, each at most CHUNK_CHARS; the leads they cover. */
  chunks: { text: string; refs: string[] }[];
  /** Leads left out because the day exceeded MAX_CHUNKS; they keep deterministic notes. */
  omittedLeads: number;
};

function leadBlock(lead: LeadDaySummary, timeZone: string): string {
  // The transcript's markers stay English: they are the prompt's format, not text anyone reads.
  const header = `[${lead.ref}] ${lead.name}${lead.isNew ? " (new lead)" : ""}: ${lead.inbound} in, ${lead.outbound} out${lead.recent.length < lead.total ? `, last ${lead.recent.length} shown` : ""}`;
  const lines = lead.recent.map(
    (l) =>
      `${formatTime(l.at, { timeZone, locale: "en-GB" })} ${l.direction === "inbound" ? "Lead" : "Team"}: ${l.text}`,
  );
  // A block always fits an empty chunk.
  return clip([header, ...lines].join("\n"), CHUNK_CHARS - 2);
}

/** Packs the most active leads' transcripts into at most MAX_CHUNKS bounded chunks. */
export function planLlmChunks(s: DaySummary): LlmPlan {
  const chunks: LlmPlan["chunks"] = [];
  let current: { parts: string[]; refs: string[]; size: number } | null = null;
  let placed = 0;
  for (const lead of s.leads) {
    const block = leadBlock(lead, s.timeZone);
    const full =
      current !== null && (current.size + block.length + 2 > CHUNK_CHARS || current.refs.length >= LEADS_PER_CHUNK);
    if (!current || full) {
      if (current) {
        chunks.push({ text: current.parts.join("\n\n"), refs: current.refs });
      }
      if (chunks.length >= MAX_CHUNKS) {
        current = null;
        break;
      }
      current = { parts: [], refs: [], size: 0 };
    }
    current.parts.push(block);
    current.refs.push(lead.ref);
    current.size += block.length + 2;
    placed++;
  }
  if (current) {
    chunks.push({ text: current.parts.join("\n\n"), refs: current.refs });
  }
  return { chunks, omittedLeads: s.leads.length - placed };
}

/** The workspace's language by its English name, for the model's instructions. */
const LANGUAGE_FOR_MODEL: Record<Locale, string> = { en: "English", id: "Indonesian (Bahasa Indonesia)" };

/** The model's instructions: always in English (models follow them best), its answer in the workspace's language. */
export function systemPrompt(language: Locale): string {
  return [
    "You summarise one day of WhatsApp conversations between a small business and its leads, for the sales team.",
    "Be factual and brief; never invent facts, prices or promises.",
    `Write everything in ${LANGUAGE_FOR_MODEL[language]}, whatever language the leads write in; quote leads as they wrote.`,
    "Counts in the facts are exact: use them as given.",
  ].join(" ");
}

const DIGEST_ASK =
  "the day's digest in at most 8 short lines: new leads, leads waiting for a reply, what customers asked for, hot leads (ready to buy), and outcomes (orders, bookings, lost leads).";

function factsBlock(s: DaySummary, w: SummaryWriter): string {
  return `Date: ${s.date} (${s.timeZone})\nFacts:\n${factLines(s, w)
    .map((l) => `- ${l}`)
    .join("\n")}`;
}

/** The prompt for one chunk: a partial digest plus one note per lead in it. */
export function buildChunkPrompt(s: DaySummary, plan: LlmPlan, index: number, w: SummaryWriter): Prompt {
  const chunk = plan.chunks[index];
  const scope =
    plan.chunks.length === 1 && plan.omittedLeads === 0
      ? "All of the day's conversations follow."
      : `Part ${index + 1} of ${plan.chunks.length} of the day's conversations follows (the most active leads${plan.omittedLeads ? `; ${plan.omittedLeads} quieter leads are not shown` : ""}).`;
  const prompt = [
    factsBlock(s, w),
    "",
    `${scope} Each lead starts with [ref] name; lines are "HH:MM Lead|Team: text".`,
    "",
    chunk.text,
    "",
    "Answer in exactly this format, nothing else:",
    "DIGEST:",
    `<${plan.chunks.length === 1 ? DIGEST_ASK : "what happened in this part, at most 6 short lines"}>`,
    ...chunk.refs
      .slice(0, 2)
      .map((ref) => `LEAD ${ref}: <one or two sentences: what this lead wanted and what is still open>`),
    chunk.refs.length > 2 ? `(one LEAD line for each of: ${chunk.refs.join(", ")})` : "",
  ].join("\n");
  return { system: systemPrompt(w.language), prompt };
}

/** The prompt that merges the chunks' partial digests into the day's digest. */
export function buildReducePrompt(s: DaySummary, partials: readonly string[], w: SummaryWriter): Prompt {
  const prompt = [
    factsBlock(s, w),
    "",
    "Partial summaries of the day's conversations, most active leads first:",
    ...partials.map((p, i) => `--- Part ${i + 1}\n${clip(p, PARTIAL_DIGEST_CHARS)}`),
    "",
    `Write ${DIGEST_ASK} Plain text, no preamble.`,
  ].join("\n");
  return { system: systemPrompt(w.language), prompt };
}

/** Splits an LLM answer into its digest and its per-lead notes (by ref). */
export function parseChunkReply(text: string): { digest: string; leadNotes: Map<string, string> } {
  const leadNotes = new Map<string, string>();
  const digestLines: string[] = [];
  let currentRef: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const lead = /^\**LEAD\s+\[?(L\d+)\]?\**\s*:\s*\**\s*(.*)$/i.exec(line);
    if (lead) {
      currentRef = lead[1].toUpperCase();
      leadNotes.set(currentRef, lead[2].trim());
    } else if (/^\**DIGEST\**\s*:?\s*\**\s*$/i.test(line)) {
      currentRef = null;
    } else if (currentRef) {
      if (line) {
        leadNotes.set(currentRef, `${leadNotes.get(currentRef)} ${line}`.trim());
      }
    } else {
      digestLines.push(raw.trimEnd());
    }
  }
  for (const [ref, note] of leadNotes) {
    if (!note) {
      leadNotes.delete(ref);
    }
  }
  return { digest: digestLines.join("\n").trim(), leadNotes };
}

export type Complete = (prompt: Prompt) => Promise<string>;

export type SummaryTexts = {
  digest: string;
  digestGenerator: string;
  /** contactId → note and the generator that wrote it. */
  leadNotes: Map<string, { content: string; generator: string }>;
  llmCalls: number;
  /** Why the LLM was not (fully) used, when it was attempted and failed. */
  fallbackReason?: string;
};

function reasonOf(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return clip(`${e?.name ?? "Error"}: ${e?.message ?? String(error)}`, 300);
}

/**
 * The day's digest and per-lead notes. Without `complete`, deterministic. With it,
 * map (one call per chunk) then reduce (one call, only when there are several
 * chunks); any failed call falls back to deterministic text for what it covered.
 */
export async function writeSummaryTexts(
  s: DaySummary,
  w: SummaryWriter,
  llm?: { complete: Complete; generator: string },
): Promise<SummaryTexts> {
  const leadNotes = new Map<string, { content: string; generator: string }>();
  // Until an LLM call succeeds for it, every text is deterministic; "fallback" when the LLM was meant to write it.
  const fallback = llm && s.messageCount > 0 ? GENERATOR_FALLBACK : GENERATOR_DETERMINISTIC;
  for (const lead of s.leads) {
    leadNotes.set(lead.contactId, { content: deterministicLeadNote(lead, s.timeZone, w), generator: fallback });
  }
  const result: SummaryTexts = { digest: deterministicDigest(s, w), digestGenerator: fallback, leadNotes, llmCalls: 0 };
  if (!llm || s.messageCount === 0) {
    return result;
  }

  const plan = planLlmChunks(s);
  const byRef = new Map(s.leads.map((l) => [l.ref, l]));
  const errors: string[] = [];
  const partials = await Promise.all(
    plan.chunks.map(async (chunk, index) => {
      result.llmCalls++;
      try {
        const reply = parseChunkReply(await llm.complete(buildChunkPrompt(s, plan, index, w)));
        for (const ref of chunk.refs) {
          const note = reply.leadNotes.get(ref);
          const lead = byRef.get(ref);
          if (note && lead) {
            leadNotes.set(lead.contactId, { content: note, generator: llm.generator });
          }
        }
        return reply.digest || null;
      } catch (error) {
        errors.push(reasonOf(error));
        return null;
      }
    }),
  );
  const succeeded = partials.filter((p): p is string => p !== null);
  if (plan.chunks.length === 1 && succeeded.length === 1) {
    result.digest = succeeded[0];
    result.digestGenerator = llm.generator;
  } else if (succeeded.length > 0) {
    result.llmCalls++;
    try {
      const digest = (await llm.complete(buildReducePrompt(s, succeeded, w))).trim();
      if (digest) {
        result.digest = digest;
        result.digestGenerator = llm.generator;
      } else {
        errors.push("Error: the LLM returned an empty digest");
      }
    } catch (error) {
      errors.push(reasonOf(error));
    }
  } else if (errors.length === 0) {
    errors.push("Error: the LLM returned no digest");
  }
  if (errors.length) {
    result.fallbackReason = errors.join("; ");
  }
  return result;
}

// ---------------------------------------------------------------------------
// Manual regeneration input (the form and `summaries.generate` share it)

/** A day that can be (re)summarised: a real calendar date no later than the last complete local day. */
export function summaryDateSchema(lastCompleteDay: LocalDate) {
  return z.object({
    date: z.string().check(
      z.trim(),
      z.refine(isLocalDate, "validation.summaries.date"),
      z.refine((d) => !isLocalDate(d) || d <= lastCompleteDay, {
        message: "validation.summaries.dayNotEnded",
        params: { lastCompleteDay },
      }),
    ),
  });
}
