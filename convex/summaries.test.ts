import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { seedLead } from "../tests/convex/inboxSeed";
import type { Id } from "./_generated/dataModel";
import { addMember, asUser, createWorkspace, newTest, type TestConvex } from "./test.harness";
import { RUN_STALE_MS } from "../src/domain/summaryRuns";
import crons from "./crons";

const utc = (iso: string) => Date.parse(iso);
// 00:30 on 26 November in Jakarta; still 12:30 on the 25th in New York.
const NOW = utc("2026-11-25T17:30:00Z");

let phoneIds = 1000;

async function workspace(
  t: TestConvex,
  timezone = "Asia/Jakarta",
  options: { defaultCountry?: string; language?: "en" | "id" } = {},
) {
  return await createWorkspace(t, { kapsoPhoneNumberId: String(957104384100000 + phoneIds++), timezone, ...options });
}

async function lead(
  t: TestConvex,
  workspaceId: Id<"workspaces">,
  name: string,
  createdAt = utc("2026-01-01T00:00:00Z"),
) {
  return await seedLead(t, workspaceId, { name, lastActiveAt: createdAt });
}

type Lead = Awaited<ReturnType<typeof lead>>;

async function messages(
  t: TestConvex,
  workspaceId: Id<"workspaces">,
  who: Lead,
  items: [iso: string | number, "inbound" | "outbound", string][],
) {
  await t.run(async (ctx) => {
    for (const [when, direction, content] of items) {
      await ctx.db.insert("messages", {
        workspace_id: workspaceId,
        conversation_id: who.conversationId,
        contact_id: who.contactId,
        direction,
        type: "text",
        content,
        status: direction === "inbound" ? "received" : "sent",
        timestamp: typeof when === "number" ? when : utc(when),
      });
    }
  });
}

async function runCron(t: TestConvex) {
  await t.mutation(internal.summaryCron.startDailyRun, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

async function notesOf(t: TestConvex, workspaceId: Id<"workspaces">) {
  return await t.run(async (ctx) => {
    const all = await ctx.db.query("leadNotes").collect();
    return all.filter((n) => n.workspace_id === workspaceId);
  });
}

async function runsOf(t: TestConvex, workspaceId: Id<"workspaces">) {
  return await t.run((ctx) =>
    ctx.db
      .query("summaryRuns")
      .withIndex("by_workspace_date", (q) => q.eq("workspace_id", workspaceId))
      .collect(),
  );
}

/** An xAI Responses API answer, the shape @ai-sdk/xai parses through .responses(). */
function responsesReply(text: string) {
  return new Response(
    JSON.stringify({
      object: "response",
      status: "completed",
      output: [
        {
          type: "message",
          id: "msg_1",
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text }],
        },
      ],
      usage: { input_tokens: 100, output_tokens: 20 },
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  vi.stubEnv("XAI_API_KEY", "");
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe("the cron", () => {
  it("is registered hourly as daily-activity-summaries, off the top of the hour", () => {
    const job = (
      crons as unknown as { crons: Record<string, { name: string; schedule: { type: string; cron: string } }> }
    ).crons["daily-activity-summaries"];
    expect(job.name).toBe("summaryCron:startDailyRun");
    expect(job.schedule).toEqual({ type: "cron", cron: "17 * * * *" });
  });
});

describe("the sweep reads only due workspaces", () => {
  /** The summarizeWorkspaceDay jobs the cron has scheduled so far. */
  async function jobsScheduled(t: TestConvex) {
    const scheduled = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    return scheduled.filter((f) => f.name.includes("summarizeWorkspaceDay")).length;
  }
  const dueAt = async (t: TestConvex, id: Id<"workspaces">) =>
    (await t.run((ctx) => ctx.db.get("workspaces", id)))!.summary_due_at;

  it("looks at a workspace once per local day, at its own day end, and not in between", async () => {
    const t = newTest();
    const jakarta = await workspace(t, "Asia/Jakarta");
    const newYork = await workspace(t, "America/New_York");

    await runCron(t); // 17:30 UTC: new workspaces are due at once
    expect(await jobsScheduled(t)).toBe(2);
    expect(new Date((await dueAt(t, jakarta))!).toISOString()).toBe("2026-11-26T17:00:00.000Z");
    expect(new Date((await dueAt(t, newYork))!).toISOString()).toBe("2026-11-26T05:00:00.000Z");

    for (let hour = 1; hour <= 11; hour++) {
      vi.setSystemTime(NOW + hour * 3_600_000); // up to 04:30 UTC: no day has ended
      await runCron(t);
    }
    expect(await jobsScheduled(t)).toBe(2);

    vi.setSystemTime(utc("2026-11-26T05:30:00Z")); // New York's 25th has ended, Jakarta's 26th has not
    await runCron(t);
    expect(await jobsScheduled(t)).toBe(3);
    expect(new Date((await dueAt(t, newYork))!).toISOString()).toBe("2026-11-27T05:00:00.000Z");
  });

  it("looks again on the next sweep after starting a run, then settles the day until it ends", async () => {
    const t = newTest();
    const ws = await workspace(t);
    const budi = await lead(t, ws, "Budi");
    await messages(t, ws, budi, [["2026-11-25T03:00:00Z", "inbound", "Halo"]]);
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response("down", { status: 503 })),
    );
    vi.stubEnv("XAI_API_KEY", "xai-test");

    await runCron(t);
    expect((await dueAt(t, ws))!).toBeLessThan(NOW + 3_600_000);
    vi.setSystemTime(NOW + 3_600_000);
    await runCron(t);
    // The second look found the day summarised (deterministic fallback) and settled it until the day ends.
    expect(new Date((await dueAt(t, ws))!).toISOString()).toBe("2026-11-26T17:00:00.000Z");
    expect((await runsOf(t, ws)).map((r) => r.status)).toEqual(["done"]);
  });

  it("makes a workspace due again when its time zone changes", async () => {
    const t = newTest();
    const ws = await workspace(t);
    await addMember(t, ws, "user_admin", "admin");
    await runCron(t);
    expect(await dueAt(t, ws)).toBeDefined();
    const settings = await asUser(t, "user_admin").query(api.workspaces.get, { workspaceId: ws });
    await asUser(t, "user_admin").mutation(api.workspaces.update, {
      workspaceId: ws,
      name: settings.name,
      kapsoPhoneNumberId: settings.kapsoPhoneNumberId,
      defaultCountry: settings.defaultCountry,
      timezone: "America/New_York",
    });
    expect(await dueAt(t, ws)).toBeUndefined();
    const before = await jobsScheduled(t);
    vi.setSystemTime(NOW + 3_600_000);
    await runCron(t);
    expect(await jobsScheduled(t)).toBe(before + 1);
    expect(new Date((await dueAt(t, ws))!).toISOString()).toBe("2026-11-26T05:00:00.000Z");
  });
});

describe("daily summary job", () => {
  it("summarises each workspace's own last complete local day, edges included", async () => {
    const t = newTest();
    const jakarta = await workspace(t, "Asia/Jakarta");
    const newYork = await workspace(t, "America/New_York");
    const budi = await lead(t, jakarta, "Budi", utc("2026-11-25T01:00:00Z"));
    const sari = await lead(t, jakarta, "Sari");
    // Jakarta's 25 November is [24T17:00Z, 25T17:00Z).
    await messages(t, jakarta, budi, [
      [utc("2026-11-24T17:00:00Z") - 1, "inbound", "late on the 24th"],
      ["2026-11-24T17:00:00Z", "inbound", "Halo, paket A berapa?"],
      ["2026-11-25T02:00:00Z", "outbound", "Rp 150.000"],
      [utc("2026-11-25T17:00:00Z") - 1, "inbound", "Oke, saya transfer"],
      ["2026-11-25T17:00:00Z", "inbound", "already the 26th"],
    ]);
    await messages(t, jakarta, sari, [["2026-11-25T05:00:00Z", "inbound", "Masih ada stok?"]]);
    // New York's last complete day is the 24th: [24T05:00Z, 25T05:00Z).
    const ana = await lead(t, newYork, "Ana");
    await messages(t, newYork, ana, [
      ["2026-11-24T04:59:59Z", "inbound", "the 23rd in New York"],
      ["2026-11-24T05:00:00Z", "inbound", "first of the 24th"],
      ["2026-11-25T04:59:59Z", "outbound", "last of the 24th"],
    ]);

    await runCron(t);

    const notes = await notesOf(t, jakarta);
    const digest = notes.find((n) => !n.contact_id)!;
    expect(digest).toMatchObject({
      note_type: "daily_summary",
      date: "2026-11-25",
      metadata: { message_count: 4, date: "2026-11-25", generator: "deterministic" },
    });
    // An Indonesian workspace (default country ID, no language chosen) gets its summary in Indonesian.
    expect(digest.content).toContain("4 pesan dengan 2 prospek: 3 dari prospek, 1 dikirim tim.");
    expect(digest.content).toContain("Prospek baru (1): Budi.");
    expect(digest.content).toContain('Menunggu balasan (2): Budi ("Oke, saya transfer"); Sari ("Masih ada stok?")');
    const perLead = Object.fromEntries(notes.filter((n) => n.contact_id).map((n) => [n.contact_id!, n.metadata]));
    expect(perLead).toEqual({
      [budi.contactId]: { message_count: 3, date: "2026-11-25", generator: "deterministic" },
      [sari.contactId]: { message_count: 1, date: "2026-11-25", generator: "deterministic" },
    });

    const nyNotes = await notesOf(t, newYork);
    expect(nyNotes.map((n) => [n.contact_id ?? "digest", n.date, n.metadata?.message_count]).sort()).toEqual(
      [
        [ana.contactId, "2026-11-24", 2],
        ["digest", "2026-11-24", 2],
      ].sort(),
    );
    expect(await runsOf(t, jakarta)).toMatchObject([
      {
        date: "2026-11-25",
        status: "done",
        trigger: "cron",
        generator: "deterministic",
        message_count: 4,
        lead_count: 2,
        llm_calls: 0,
      },
    ]);
  });

  it("never duplicates notes when it runs again, the same hour or later", async () => {
    const t = newTest();
    const ws = await workspace(t);
    const budi = await lead(t, ws, "Budi");
    await messages(t, ws, budi, [["2026-11-25T03:00:00Z", "inbound", "Halo"]]);

    await runCron(t);
    await runCron(t);
    vi.setSystemTime(NOW + 3_600_000);
    await runCron(t);

    const notes = await notesOf(t, ws);
    expect(notes.filter((n) => !n.contact_id)).toHaveLength(1);
    expect(notes.filter((n) => n.contact_id)).toHaveLength(1);
    expect((await runsOf(t, ws)).map((r) => r.status)).toEqual(["done"]);
  });

  it("records a quiet day once, with no note", async () => {
    const t = newTest();
    const ws = await workspace(t);
    const budi = await lead(t, ws, "Budi");
    // Only messages on other days.
    await messages(t, ws, budi, [["2026-11-23T03:00:00Z", "inbound", "two days ago"]]);

    await runCron(t);
    await runCron(t);

    expect(await notesOf(t, ws)).toEqual([]);
    expect(await runsOf(t, ws)).toMatchObject([
      { date: "2026-11-25", status: "quiet", message_count: 0, trigger: "cron" },
    ]);
  });

  it("counts every lead exactly across many pages, within transaction limits", async () => {
    const t = newTest();
    const ws = await workspace(t);
    const leads = [await lead(t, ws, "A"), await lead(t, ws, "B"), await lead(t, ws, "C")];
    const start = utc("2026-11-24T17:00:00Z");
    for (let chunk = 0; chunk < 5; chunk++) {
      const items: [number, "inbound" | "outbound", string][] = [];
      for (let i = 0; i < 500; i++) {
        items.push([start + chunk * 500 + i, i % 4 ? "inbound" : "outbound", `m${chunk}-${i}`]);
      }
      await messages(t, ws, leads[chunk % 3], items);
    }

    await runCron(t);

    const notes = await notesOf(t, ws);
    expect(notes.find((n) => !n.contact_id)?.metadata?.message_count).toBe(2_500);
    expect(
      Object.fromEntries(notes.filter((n) => n.contact_id).map((n) => [n.contact_id!, n.metadata?.message_count])),
    ).toEqual({
      [leads[0].contactId]: 1_000,
      [leads[1].contactId]: 1_000,
      [leads[2].contactId]: 500,
    });
  });

  it("retries a day whose run died, marking the dead run failed", async () => {
    const t = newTest();
    const ws = await workspace(t);
    const budi = await lead(t, ws, "Budi");
    await messages(t, ws, budi, [["2026-11-25T03:00:00Z", "inbound", "Halo"]]);
    const deadRun = await t.run((ctx) =>
      ctx.db.insert("summaryRuns", {
        workspace_id: ws,
        date: "2026-11-25",
        status: "running",
        trigger: "cron",
        started_at: NOW - RUN_STALE_MS - 1,
      }),
    );
    // A half-written attempt left a lead note behind.
    await t.run((ctx) =>
      ctx.db.insert("leadNotes", {
        workspace_id: ws,
        contact_id: budi.contactId,
        note_type: "daily_summary",
        content: "partial",
        metadata: { message_count: 1, date: "2026-11-25" },
        date: "2026-11-25",
        created_at: NOW - RUN_STALE_MS,
      }),
    );

    await runCron(t);

    const runs = await runsOf(t, ws);
    expect(runs.find((r) => r._id === deadRun)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/retried/),
    });
    expect(runs.filter((r) => r.status === "done")).toHaveLength(1);
    const notes = await notesOf(t, ws);
    expect(notes).toHaveLength(2);
    expect(notes.some((n) => n.content === "partial")).toBe(false);
  });

  it("leaves a day alone while a fresh run is still working on it", async () => {
    const t = newTest();
    const ws = await workspace(t);
    const budi = await lead(t, ws, "Budi");
    await messages(t, ws, budi, [["2026-11-25T03:00:00Z", "inbound", "Halo"]]);
    await t.run((ctx) =>
      ctx.db.insert("summaryRuns", {
        workspace_id: ws,
        date: "2026-11-25",
        status: "running",
        started_at: NOW - 60_000,
      }),
    );

    await runCron(t);

    expect(await notesOf(t, ws)).toEqual([]);
    expect(await runsOf(t, ws)).toHaveLength(1);
  });
});

describe("the summary's language", () => {
  it.each([
    [
      { language: "id" as const },
      "1 pesan dengan 1 prospek",
      'Pesan terakhir pukul 10.00 dari prospek: "Paket A berapa?".',
    ],
    [{ defaultCountry: "ID" }, "1 pesan dengan 1 prospek", "Menunggu balasan."],
    [{ defaultCountry: "SG" }, "1 message with 1 lead", 'Last message at 10:00 from the lead: "Paket A berapa?".'],
    [{ defaultCountry: "ID", language: "en" as const }, "1 message with 1 lead", "Waiting for a reply."],
  ])("%j: the digest says %j, the lead's note %j", async (options, digestText, noteText) => {
    const t = newTest();
    const ws = await workspace(t, "Asia/Jakarta", options);
    const budi = await lead(t, ws, "Budi");
    await messages(t, ws, budi, [["2026-11-25T03:00:00Z", "inbound", "Paket A berapa?"]]);
    await runCron(t);
    const notes = await notesOf(t, ws);
    expect(notes.find((n) => !n.contact_id)?.content).toContain(digestText);
    expect(notes.find((n) => n.contact_id === budi.contactId)?.content).toContain(noteText);
  });
});

describe("LLM summaries", () => {
  async function dayWithTwoLeads() {
    const t = newTest();
    const ws = await workspace(t);
    const budi = await lead(t, ws, "Budi");
    const sari = await lead(t, ws, "Sari");
    await messages(t, ws, budi, [
      ["2026-11-25T03:00:00Z", "inbound", "Paket A berapa?"],
      ["2026-11-25T03:05:00Z", "outbound", "Rp 150.000"],
    ]);
    await messages(t, ws, sari, [["2026-11-25T04:00:00Z", "inbound", "Masih ada stok?"]]);
    return { t, ws, budi, sari };
  }

  it("writes the digest and lead notes with Grok through the Responses API", async () => {
    vi.stubEnv("XAI_API_KEY", "xai-test-key");
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      responsesReply(
        "DIGEST:\nBudi asked the price of paket A; Sari waits for stock news.\nLEAD L1: Wants paket A at Rp 150.000; may buy.\nLEAD L2: Asked about stock; needs a reply.",
      ),
    );
    vi.stubGlobal("fetch", fetchMock);
    const { t, ws, budi, sari } = await dayWithTwoLeads();

    await runCron(t);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(String(url)).toBe("https://api.x.ai/v1/responses");
    expect(new Headers(init?.headers).get("authorization")).toBe("Bearer xai-test-key");
    const body = JSON.parse(String(init?.body));
    expect(body.model).toBe("grok-4.1-fast");
    expect(JSON.stringify(body.input)).toContain("Paket A berapa?");
    expect(init?.signal).toBeInstanceOf(AbortSignal);

    const notes = await notesOf(t, ws);
    expect(notes.find((n) => !n.contact_id)).toMatchObject({
      content: "Budi asked the price of paket A; Sari waits for stock news.",
      metadata: { message_count: 3, generator: "llm:grok-4.1-fast" },
    });
    expect(notes.find((n) => n.contact_id === budi.contactId)).toMatchObject({
      content: "Wants paket A at Rp 150.000; may buy.",
      metadata: { message_count: 2, generator: "llm:grok-4.1-fast" },
    });
    expect(notes.find((n) => n.contact_id === sari.contactId)?.content).toBe("Asked about stock; needs a reply.");
    expect(await runsOf(t, ws)).toMatchObject([{ status: "done", generator: "llm:grok-4.1-fast", llm_calls: 1 }]);
  });

  it.each([
    [{ language: "id" as const }, "Indonesian"],
    [{ defaultCountry: "ID" }, "Indonesian"],
    [{ defaultCountry: "SG" }, "English"],
    [{ defaultCountry: "ID", language: "en" as const }, "English"],
  ])("tells the model to write in the workspace's language: %j → %s", async (options, language) => {
    vi.stubEnv("XAI_API_KEY", "xai-test-key");
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => responsesReply("DIGEST:\nok"));
    vi.stubGlobal("fetch", fetchMock);
    const t = newTest();
    const ws = await workspace(t, "Asia/Jakarta", options);
    const budi = await lead(t, ws, "Budi");
    await messages(t, ws, budi, [["2026-11-25T03:00:00Z", "inbound", "Paket A berapa?"]]);
    await runCron(t);
    const body = String(fetchMock.mock.calls[0][1]?.body);
    expect(body).toContain(`Write everything in ${language}`);
    expect(body).toContain(language === "English" ? "No new leads." : "Tidak ada prospek baru.");
  });

  it("uses the configured model", async () => {
    vi.stubEnv("XAI_API_KEY", "xai-test-key");
    vi.stubEnv("SUMMARY_MODEL", "grok-5-mini");
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => responsesReply("DIGEST:\nok"));
    vi.stubGlobal("fetch", fetchMock);
    const { t, ws } = await dayWithTwoLeads();
    await runCron(t);
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body)).model).toBe("grok-5-mini");
    expect((await runsOf(t, ws))[0].generator).toBe("llm:grok-5-mini");
  });

  it("falls back to the deterministic summary when the API fails, and records why", async () => {
    vi.stubEnv("XAI_API_KEY", "xai-test-key");
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ error: "overloaded" }), { status: 500 }));
    vi.stubGlobal("fetch", fetchMock);
    const { t, ws } = await dayWithTwoLeads();

    await runCron(t);

    // maxRetries: 1 → two attempts.
    expect(fetchMock).toHaveBeenCalledTimes(2);
    const notes = await notesOf(t, ws);
    expect(notes).toHaveLength(3);
    expect(notes.every((n) => n.metadata?.generator === "deterministic-fallback")).toBe(true);
    expect(notes.find((n) => !n.contact_id)?.content).toContain("3 pesan dengan 2 prospek");
    const [run] = await runsOf(t, ws);
    expect(run).toMatchObject({ status: "done", generator: "deterministic-fallback", message_count: 3 });
    expect(run.fallback_reason).toBeTruthy();
  });

  it("falls back when the LLM times out", async () => {
    vi.stubEnv("XAI_API_KEY", "xai-test-key");
    vi.stubEnv("SUMMARY_LLM_TIMEOUT_MS", "50");
    const fetchMock = vi.fn(
      (_url: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
        ),
    );
    vi.stubGlobal("fetch", fetchMock);
    const { t, ws } = await dayWithTwoLeads();

    await runCron(t);

    const [run] = await runsOf(t, ws);
    expect(run).toMatchObject({ status: "done", generator: "deterministic-fallback" });
    expect(run.fallback_reason).toMatch(/TimeoutError/);
    expect((await notesOf(t, ws)).find((n) => !n.contact_id)?.metadata?.generator).toBe("deterministic-fallback");
  });

  it("never calls the LLM without a key (empty counts as none)", async () => {
    vi.stubEnv("XAI_API_KEY", "   ");
    const fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    const { t, ws } = await dayWithTwoLeads();
    await runCron(t);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await runsOf(t, ws)).toMatchObject([{ status: "done", generator: "deterministic", llm_calls: 0 }]);
    expect(await runsOf(t, ws).then((r) => r[0].fallback_reason)).toBeUndefined();
  });
});

describe("manual regeneration", () => {
  async function setup() {
    const t = newTest();
    const ws = await workspace(t);
    await addMember(t, ws, "user_op", "operator");
    await addMember(t, ws, "user_staff", "staff");
    const budi = await lead(t, ws, "Budi");
    await messages(t, ws, budi, [["2026-11-25T03:00:00Z", "inbound", "Halo"]]);
    return { t, ws, budi, op: asUser(t, "user_op") };
  }

  it("replaces the day's notes instead of adding copies, with a run to follow", async () => {
    const { t, ws, budi, op } = await setup();
    await runCron(t);
    const sari = await lead(t, ws, "Sari");
    await messages(t, ws, sari, [["2026-11-25T06:00:00Z", "inbound", "Arrived late"]]);
    await messages(t, ws, budi, [["2026-11-25T07:00:00Z", "outbound", "Halo juga"]]);

    const runId = await op.mutation(api.summaries.generate, { workspaceId: ws, date: "2026-11-25" });
    expect(await op.query(api.summaries.getRun, { workspaceId: ws, runId })).toMatchObject({
      status: "running",
      trigger: "manual",
      started_by: "user_op",
      progress: "Queued",
    });
    await t.finishAllScheduledFunctions(vi.runAllTimers);

    expect(await op.query(api.summaries.getRun, { workspaceId: ws, runId })).toMatchObject({
      status: "done",
      message_count: 3,
      lead_count: 2,
    });
    const notes = await notesOf(t, ws);
    expect(notes.filter((n) => !n.contact_id).map((n) => n.metadata?.message_count)).toEqual([3]);
    expect(
      notes
        .filter((n) => n.contact_id)
        .map((n) => [n.contact_id, n.metadata?.message_count])
        .sort(),
    ).toEqual(
      [
        [budi.contactId, 2],
        [sari.contactId, 1],
      ].sort(),
    );
  });

  it("regenerates an older day and a day that turned quiet", async () => {
    const { t, ws, op } = await setup();
    const runId = await op.mutation(api.summaries.generate, { workspaceId: ws, date: "2026-11-01" });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await op.query(api.summaries.getRun, { workspaceId: ws, runId })).toMatchObject({
      status: "quiet",
      message_count: 0,
    });
    expect(await notesOf(t, ws)).toEqual([]);
  });

  it("accepts only past local days, naming the field", async () => {
    const { t, ws, op } = await setup();
    // In Jakarta it is already 26 November: that day has not ended.
    await expect(op.mutation(api.summaries.generate, { workspaceId: ws, date: "2026-11-26" })).rejects.toThrow(
      /date: Pick a day that has ended: 2026-11-25/,
    );
    await expect(op.mutation(api.summaries.generate, { workspaceId: ws, date: "2027-01-01" })).rejects.toThrow(
      /date: /,
    );
    await expect(op.mutation(api.summaries.generate, { workspaceId: ws, date: "2026-02-30" })).rejects.toThrow(
      /date: Pick a date/,
    );
    await expect(op.mutation(api.summaries.generate, { workspaceId: ws, date: "yesterday" })).rejects.toThrow(
      /date: Pick a date/,
    );
    expect(await runsOf(t, ws)).toEqual([]);
  });

  it("refuses a second run of the same day while one is running", async () => {
    const { t, ws, op } = await setup();
    await op.mutation(api.summaries.generate, { workspaceId: ws, date: "2026-11-25" });
    await expect(op.mutation(api.summaries.generate, { workspaceId: ws, date: "2026-11-25" })).rejects.toThrow(
      "The summary of 2026-11-25 is already being generated.",
    );
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect((await runsOf(t, ws)).map((r) => r.status)).toEqual(["done"]);
  });

  it("needs the summary.generate permission", async () => {
    const { t, ws } = await setup();
    await expect(
      asUser(t, "user_staff").mutation(api.summaries.generate, { workspaceId: ws, date: "2026-11-25" }),
    ).rejects.toThrow(/does not allow this \(summary.generate\)/);
    await expect(
      asUser(t, "user_eve").mutation(api.summaries.generate, { workspaceId: ws, date: "2026-11-25" }),
    ).rejects.toThrow(/not a member/);
    await expect(t.mutation(api.summaries.generate, { workspaceId: ws, date: "2026-11-25" })).rejects.toThrow(
      /Sign in/,
    );
    expect(await runsOf(t, ws)).toEqual([]);
  });
});

describe("dashboard queries", () => {
  it("list digests newest first, a day's lead notes, runs and daily counts", async () => {
    // Three nights in a row; a deployment's clock only moves forward, so start on the first.
    vi.setSystemTime(utc("2026-11-23T17:30:00Z"));
    const t = newTest();
    const ws = await workspace(t);
    await addMember(t, ws, "user_staff", "staff");
    const staff = asUser(t, "user_staff");
    const budi = await lead(t, ws, "Budi");
    await messages(t, ws, budi, [
      ["2026-11-23T03:00:00Z", "inbound", "on the 23rd"],
      ["2026-11-25T03:00:00Z", "inbound", "on the 25th"],
      ["2026-11-25T04:00:00Z", "outbound", "reply"],
    ]);
    await runCron(t); // the 23rd
    vi.setSystemTime(utc("2026-11-24T17:30:00Z"));
    await runCron(t); // the 24th: quiet
    vi.setSystemTime(NOW);
    await runCron(t); // the 25th

    const digests = await staff.query(api.summaries.listDigests, {
      workspaceId: ws,
      paginationOpts: { numItems: 10, cursor: null },
    });
    expect(digests.page.map((d) => [d.date, d.message_count])).toEqual([
      ["2026-11-25", 2],
      ["2026-11-23", 1],
    ]);
    const dayNotes = await staff.query(api.summaries.listDayLeadNotes, {
      workspaceId: ws,
      date: "2026-11-25",
      paginationOpts: { numItems: 10, cursor: null },
    });
    expect(dayNotes.page.map((n) => [n.lead_name, n.message_count])).toEqual([["Budi", 2]]);

    const runs = await staff.query(api.summaries.listRuns, { workspaceId: ws });
    expect(runs.map((r) => [r.date, r.status])).toEqual([
      ["2026-11-25", "done"],
      ["2026-11-24", "quiet"],
      ["2026-11-23", "done"],
    ]);
    const counts = await staff.query(api.summaries.dailyCounts, { workspaceId: ws });
    expect(counts.lastCompleteDay).toBe("2026-11-25");
    expect(counts.days).toHaveLength(14);
    expect(counts.days.slice(-4)).toEqual([
      { date: "2026-11-22", count: null },
      { date: "2026-11-23", count: 1 },
      { date: "2026-11-24", count: 0 },
      { date: "2026-11-25", count: 2 },
    ]);
  });

  it("refuse anonymous callers, non-members and other workspaces' runs", async () => {
    const t = newTest();
    const ws = await workspace(t);
    const other = await workspace(t);
    await addMember(t, ws, "user_staff", "staff");
    const otherRun = await t.run((ctx) =>
      ctx.db.insert("summaryRuns", { workspace_id: other, date: "2026-11-25", status: "done", started_at: NOW }),
    );
    const page = { numItems: 10, cursor: null };
    const calls = [
      (c: TestConvex) => c.query(api.summaries.listDigests, { workspaceId: ws, paginationOpts: page }),
      (c: TestConvex) =>
        c.query(api.summaries.listDayLeadNotes, { workspaceId: ws, date: "2026-11-25", paginationOpts: page }),
      (c: TestConvex) => c.query(api.summaries.listRuns, { workspaceId: ws }),
      (c: TestConvex) => c.query(api.summaries.dailyCounts, { workspaceId: ws }),
      (c: TestConvex) => c.query(api.summaries.getRun, { workspaceId: ws, runId: otherRun }),
    ];
    for (const call of calls) {
      await expect(call(t)).rejects.toThrow(/Sign in/);
      await expect(call(asUser(t, "user_eve") as unknown as TestConvex)).rejects.toThrow(/not a member/);
    }
    await expect(
      asUser(t, "user_staff").query(api.summaries.getRun, { workspaceId: ws, runId: otherRun }),
    ).rejects.toThrow(/This summary run is not in this workspace/);
  });
});
