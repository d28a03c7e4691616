import { describe, expect, it, vi } from "vitest";
import {
  buildChunkPrompt,
  buildReducePrompt,
  CHUNK_CHARS,
  DayAggregator,
  deterministicDigest,
  deterministicLeadNote,
  firstLine,
  GENERATOR_DETERMINISTIC,
  GENERATOR_FALLBACK,
  LINES_PER_LEAD,
  MAX_CHUNKS,
  parseChunkReply,
  planLlmChunks,
  PROMPT_CHAR_BUDGET,
  writeSummaryTexts,
  type DayMessage,
  type LeadProfile,
} from "./dailySummary";
import { localDayBounds } from "./localDay";
import { createTranslator } from "use-intl/core";
import en from "../../messages/en.json";
import id from "../../messages/id.json";
import type { SummaryWriter } from "./dailySummary";
import type { Locale } from "./locale";

function writer(language: Locale): SummaryWriter {
  const t = createTranslator({ locale: language, messages: language === "en" ? en : (id as typeof en) });
  return { language, say: (key, values) => t(key, values) };
}
const EN = writer("en");
const ID = writer("id");

const TZ = "Asia/Jakarta";
const DATE = "2026-11-25";
const day = localDayBounds(DATE, TZ);
const at = (hhmm: string) => Date.parse(`${DATE}T${hhmm}:00+07:00`);

function msg(contactId: string, direction: DayMessage["direction"], hhmm: string, content: string): DayMessage {
  return { contactId, direction, content, timestamp: at(hhmm) };
}

const profiles = new Map<string, LeadProfile>([
  ["budi", { contactId: "budi", name: "Budi", phone: "628111", createdAt: at("08:00") }],
  ["sari", { contactId: "sari", name: "Sari", phone: "628222", createdAt: day.start - 86_400_000 }],
  ["anon", { contactId: "anon", name: "Unknown", phone: "628333", createdAt: day.start - 1 }],
]);

function sampleDay() {
  const agg = new DayAggregator();
  agg.add([
    msg("budi", "inbound", "08:00", "Halo, paket A berapa?\nTerima kasih"),
    msg("budi", "outbound", "08:05", "Rp 150.000 kak"),
    msg("sari", "inbound", "09:00", "Mau pesan 2"),
  ]);
  // A second page.
  agg.add([
    msg("budi", "inbound", "10:00", "Oke saya transfer"),
    msg("sari", "outbound", "11:00", "Siap, sudah kami catat"),
    msg("anon", "inbound", "23:59", "   \n  Info lokasi?  "),
  ]);
  return agg.summarize(DATE, TZ, day, profiles, "Unknown lead");
}

describe("DayAggregator", () => {
  it("counts in and out per lead, marks new and waiting leads, orders by activity", () => {
    const s = sampleDay();
    expect(s).toMatchObject({ messageCount: 6, inbound: 4, outbound: 2 });
    expect(s.leads.map((l) => [l.ref, l.name, l.inbound, l.outbound, l.isNew, l.waiting])).toEqual([
      ["L1", "Budi", 2, 1, true, true],
      ["L2", "Sari", 1, 1, false, false],
      ["L3", "+628333", 1, 0, false, true],
    ]);
    expect(s.leads[0].lastLine).toBe("Oke saya transfer");
    expect(s.leads[2].lastLine).toBe("Info lokasi?");
  });

  it("keeps only the newest lines of a busy lead", () => {
    const agg = new DayAggregator();
    for (let i = 0; i < 50; i++) {
      agg.add([{ contactId: "budi", direction: "inbound", content: `pesan ${i}`, timestamp: at("09:00") + i }]);
    }
    const [lead] = agg.summarize(DATE, TZ, day, profiles, "Unknown lead").leads;
    expect(lead.total).toBe(50);
    expect(lead.recent).toHaveLength(LINES_PER_LEAD);
    expect(lead.recent.at(-1)?.text).toBe("pesan 49");
  });

  it("names leads it has no profile for", () => {
    const agg = new DayAggregator();
    agg.add([msg("gone", "inbound", "09:00", "hi")]);
    expect(agg.summarize(DATE, TZ, day, new Map(), "Unknown lead").leads[0]).toMatchObject({
      name: "Unknown lead",
      isNew: false,
    });
  });
});

describe("deterministic texts", () => {
  it("digest has counts, new leads, waiting leads with first lines, most active", () => {
    const text = deterministicDigest(sampleDay(), EN);
    expect(text).toContain("Activity on Wed, 25 Nov 2026: 6 messages with 3 leads: 4 from leads, 2 sent by the team.");
    expect(text).toContain("New leads (1): Budi.");
    expect(text).toContain('Waiting for a reply (2): Budi ("Oke saya transfer"); +628333 ("Info lokasi?").');
    expect(text).toContain("Most active: Budi (3), Sari (2), +628333 (1).");
    expect(text).not.toContain("Siap, sudah kami catat");
  });

  it("digest leads with what leads asked, unanswered leads first, never the team's lines", () => {
    const text = deterministicDigest(sampleDay(), EN);
    const lines = text.split("\n");
    expect(lines[2]).toBe("What leads asked (unanswered first):");
    const asked = lines.slice(3, lines.indexOf("", 3));
    expect(asked.slice(0, 2).every((l) => l.includes("(waiting for a reply)"))).toBe(true);
    expect(asked.at(-1)).toMatch(/^- Sari, /);
    expect(asked).toHaveLength(3);
    expect(text.indexOf("What leads asked")).toBeLessThan(text.indexOf("New leads"));
  });

  it("lead note says counts, last message in local time and whether a reply is owed", () => {
    const [budi, sari] = sampleDay().leads;
    expect(deterministicLeadNote(budi, TZ, EN)).toBe(
      '3 messages that day (2 from the lead, 1 from the team). New lead. Last message at 10:00 from the lead: "Oke saya transfer". Waiting for a reply.',
    );
    expect(deterministicLeadNote(sari, TZ, EN)).toMatch(/Answered\.$/);
  });

  it("firstLine skips blank lines and shortens long ones", () => {
    expect(firstLine("\n\n  hello   world \nmore")).toBe("hello world");
    expect(firstLine("x".repeat(500))).toHaveLength(120);
  });
});

function bigDay(leads: number, perLead: number) {
  const agg = new DayAggregator();
  const names = new Map<string, LeadProfile>();
  for (let l = 0; l < leads; l++) {
    names.set(`c${l}`, { contactId: `c${l}`, name: `Lead ${l} ${"x".repeat(200)}`, createdAt: at("00:00") });
    const page: DayMessage[] = [];
    for (let i = 0; i < perLead; i++) {
      page.push({
        contactId: `c${l}`,
        direction: i % 3 ? "inbound" : "outbound",
        content: "y".repeat(1000),
        timestamp: at("09:00") + i,
      });
    }
    agg.add(page);
  }
  return agg.summarize(DATE, TZ, day, names, "Unknown lead");
}

describe("LLM chunks and prompts", () => {
  it("one small day fits one chunk and asks for a note per lead", () => {
    const s = sampleDay();
    const plan = planLlmChunks(s);
    expect(plan).toMatchObject({ omittedLeads: 0 });
    expect(plan.chunks).toHaveLength(1);
    expect(plan.chunks[0].refs).toEqual(["L1", "L2", "L3"]);
    const { prompt } = buildChunkPrompt(s, plan, 0, EN);
    expect(prompt).toContain("All of the day's conversations follow.");
    expect(prompt).toContain("[L1] Budi (new lead): 2 in, 1 out");
    expect(prompt).toContain("10:00 Lead: Oke saya transfer");
    expect(prompt).toContain("one LEAD line for each of: L1, L2, L3");
  });

  it("stays within a fixed budget however large the day", () => {
    for (const [leads, perLead] of [
      [5, 2],
      [300, 20],
      [20_000, 1],
    ] as const) {
      const s = bigDay(leads, perLead);
      const plan = planLlmChunks(s);
      expect(plan.chunks.length).toBeLessThanOrEqual(MAX_CHUNKS);
      expect(plan.chunks.reduce((n, c) => n + c.refs.length, 0) + plan.omittedLeads).toBe(leads);
      for (let i = 0; i < plan.chunks.length; i++) {
        expect(plan.chunks[i].text.length).toBeLessThanOrEqual(CHUNK_CHARS);
        const p = buildChunkPrompt(s, plan, i, EN);
        expect(p.system.length + p.prompt.length).toBeLessThanOrEqual(PROMPT_CHAR_BUDGET);
      }
      const reduce = buildReducePrompt(
        s,
        plan.chunks.map(() => "z".repeat(50_000)),
        EN,
      );
      expect(reduce.system.length + reduce.prompt.length).toBeLessThanOrEqual(PROMPT_CHAR_BUDGET);
    }
    expect(planLlmChunks(bigDay(20_000, 1)).omittedLeads).toBeGreaterThan(19_000);
  });

  it("parses digest and lead lines, tolerating markdown and continuation lines", () => {
    const reply = parseChunkReply(
      [
        "DIGEST:",
        "Budi wants paket A.",
        "Sari ordered 2.",
        "**LEAD L1:** Wants paket A;",
        "will transfer today.",
        "LEAD [l3]: Asked for the address.",
        "LEAD L9:",
      ].join("\n"),
    );
    expect(reply.digest).toBe("Budi wants paket A.\nSari ordered 2.");
    expect(Object.fromEntries(reply.leadNotes)).toEqual({
      L1: "Wants paket A; will transfer today.",
      L3: "Asked for the address.",
    });
  });
});

describe("in the workspace's language", () => {
  it.each([
    [
      "en",
      EN,
      [
        "Activity on Wed, 25 Nov 2026: 6 messages with 3 leads: 4 from leads, 2 sent by the team.",
        "What leads asked (unanswered first):",
        '- Budi, 10:00 (waiting for a reply): "Oke saya transfer"',
        "New leads (1): Budi.",
        "Most active: Budi (3), Sari (2), +628333 (1).",
      ],
      '3 messages that day (2 from the lead, 1 from the team). New lead. Last message at 10:00 from the lead: "Oke saya transfer". Waiting for a reply.',
    ],
    [
      "id",
      ID,
      [
        "Aktivitas Rab, 25 Nov 2026: 6 pesan dengan 3 prospek: 4 dari prospek, 2 dikirim tim.",
        "Pertanyaan prospek (yang belum dibalas lebih dulu):",
        '- Budi, 10.00 (menunggu balasan): "Oke saya transfer"',
        "Prospek baru (1): Budi.",
        'Menunggu balasan (2): Budi ("Oke saya transfer"); +628333 ("Info lokasi?").',
        "Paling aktif: Budi (3), Sari (2), +628333 (1).",
      ],
      '3 pesan hari itu (2 dari prospek, 1 dari tim). Prospek baru. Pesan terakhir pukul 10.00 dari prospek: "Oke saya transfer". Menunggu balasan.',
    ],
  ])("%s: the digest and a lead's note", (_, w, digestLines, budiNote) => {
    const s = sampleDay();
    const digest = deterministicDigest(s, w);
    for (const line of digestLines) {
      expect(digest).toContain(line);
    }
    expect(deterministicLeadNote(s.leads[0], TZ, w)).toBe(budiNote);
  });

  it.each([
    [1, EN, "1 message with 1 lead"],
    [5, EN, "5 messages with 1 lead"],
    [1, ID, "1 pesan dengan 1 prospek"],
    [5, ID, "5 pesan dengan 1 prospek"],
    [1234, ID, "1.234 pesan dengan 1 prospek"],
    [1234, EN, "1,234 messages with 1 lead"],
  ])("%i messages: %s", (count, w, expected) => {
    const agg = new DayAggregator();
    agg.add(Array.from({ length: count }, (_, i) => msg("budi", "inbound", "09:00", `m${i}`)));
    expect(deterministicDigest(agg.summarize(DATE, TZ, day, profiles, "x"), w)).toContain(expected);
  });

  it.each([
    ["en", EN, "Write everything in English", "New leads (1): Budi."],
    ["id", ID, "Write everything in Indonesian (Bahasa Indonesia)", "Prospek baru (1): Budi."],
  ])("%s: the LLM is told to write in it, and is given the facts in it", (_, w, instruction, fact) => {
    const s = sampleDay();
    const chunk = buildChunkPrompt(s, planLlmChunks(s), 0, w);
    const reduce = buildReducePrompt(s, ["partial"], w);
    expect(chunk.system).toContain(instruction);
    expect(reduce.system).toContain(instruction);
    expect(chunk.prompt).toContain(fact);
    expect(reduce.prompt).toContain(fact);
  });
});

describe("writeSummaryTexts", () => {
  it("without an LLM writes deterministic texts", async () => {
    const s = sampleDay();
    const texts = await writeSummaryTexts(s, EN);
    expect(texts).toMatchObject({
      digest: deterministicDigest(s, EN),
      digestGenerator: GENERATOR_DETERMINISTIC,
      llmCalls: 0,
    });
    expect([...texts.leadNotes.values()].every((n) => n.generator === GENERATOR_DETERMINISTIC)).toBe(true);
    expect(texts.fallbackReason).toBeUndefined();
  });

  it("uses one LLM call for a normal day, keeping deterministic notes for leads it skipped", async () => {
    const complete = vi.fn(
      async () =>
        "DIGEST:\nBudi is ready to buy.\nLEAD L1: Wants paket A, will transfer.\nLEAD L2: Ordered 2, confirmed.",
    );
    const texts = await writeSummaryTexts(sampleDay(), EN, { complete, generator: "llm:grok" });
    expect(complete).toHaveBeenCalledTimes(1);
    expect(texts).toMatchObject({ digest: "Budi is ready to buy.", digestGenerator: "llm:grok", llmCalls: 1 });
    expect(texts.leadNotes.get("budi")).toEqual({ content: "Wants paket A, will transfer.", generator: "llm:grok" });
    expect(texts.leadNotes.get("anon")?.generator).toBe(GENERATOR_FALLBACK);
  });

  it("maps then reduces a large day, bounded in calls", async () => {
    const complete = vi.fn(async (p: { prompt: string }) =>
      p.prompt.includes("Partial summaries") ? "Final digest." : "DIGEST:\npart\nLEAD L1: note one",
    );
    const texts = await writeSummaryTexts(bigDay(2_000, 3), EN, { complete, generator: "llm:grok" });
    expect(complete).toHaveBeenCalledTimes(MAX_CHUNKS + 1);
    expect(texts).toMatchObject({ digest: "Final digest.", digestGenerator: "llm:grok", llmCalls: MAX_CHUNKS + 1 });
    expect(texts.leadNotes.get("c0")).toEqual({ content: "note one", generator: "llm:grok" });
    expect(texts.leadNotes.get("c1999")?.generator).toBe(GENERATOR_FALLBACK);
  });

  it("falls back to deterministic text when the LLM fails, saying why", async () => {
    const s = sampleDay();
    const complete = vi.fn(async () => {
      throw Object.assign(new Error("signal timed out"), { name: "TimeoutError" });
    });
    const texts = await writeSummaryTexts(s, EN, { complete, generator: "llm:grok" });
    expect(texts).toMatchObject({
      digest: deterministicDigest(s, EN),
      digestGenerator: GENERATOR_FALLBACK,
      fallbackReason: "TimeoutError: signal timed out",
    });
    expect([...texts.leadNotes.values()].every((n) => n.generator === GENERATOR_FALLBACK)).toBe(true);
  });

  it("falls back when the reduce step fails but keeps the lead notes from the map step", async () => {
    const complete = vi.fn(async (p: { prompt: string }) => {
      if (p.prompt.includes("Partial summaries")) {
        throw new Error("503");
      }
      return "DIGEST:\npart\nLEAD L1: note one";
    });
    const s = bigDay(2_000, 3);
    const texts = await writeSummaryTexts(s, EN, { complete, generator: "llm:grok" });
    expect(texts.digest).toBe(deterministicDigest(s, EN));
    expect(texts.digestGenerator).toBe(GENERATOR_FALLBACK);
    expect(texts.fallbackReason).toBe("Error: 503");
    expect(texts.leadNotes.get("c0")?.generator).toBe("llm:grok");
  });
});
