// `npm run bench`: the daily summary job over 1,000 workspaces with a few
// messages each plus one workspace with 20,000 messages in its day, under
// convex-test's transaction limits, with a stubbed Grok. Prints figures.
import { afterAll, expect, it, vi } from "vitest";
import { convexTest } from "convex-test";
import schema from "../convex/schema";
import { modules } from "../convex/test.setup";
import { internal } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";

const SMALL_WORKSPACES = 1_000;
const BIG_DAY_MESSAGES = 20_000;
const BIG_DAY_LEADS = 400;
const NOW = Date.parse("2026-11-25T17:30:00Z"); // 00:30 on the 26th in Jakarta
const DAY_START = Date.parse("2026-11-24T17:00:00Z"); // the 25th in Jakarta
const INSERT_CHUNK = 2_000;

type Counter = { runs: number; maxDocumentsRead: number };
const byFunction = new Map<string, Counter>();

type Registered = {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  _handler: (ctx: unknown, args: unknown) => Promise<unknown>;
};
type MetaCtx = { meta: { getTransactionMetrics(): Promise<{ documentsRead: { used: number } }> } };

/** A summary module (the cron's or the job's) with each function counting its runs and documents read. */
async function instrumented(path: "./summaryCron.ts" | "./summaryJob.ts") {
  const original = (await modules[path]()) as Record<string, unknown>;
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(original)) {
    if (typeof value !== "function" || !("_handler" in value)) {
      wrapped[name] = value;
      continue;
    }
    const fn = value as unknown as Registered;
    const handler = async (ctx: MetaCtx, args: unknown) => {
      const result = await fn._handler(ctx, args);
      const counter = byFunction.get(name) ?? { runs: 0, maxDocumentsRead: 0 };
      counter.runs++;
      if (!fn.isAction) {
        const metrics = await ctx.meta.getTransactionMetrics();
        counter.maxDocumentsRead = Math.max(counter.maxDocumentsRead, metrics.documentsRead.used);
      }
      byFunction.set(name, counter);
      return result;
    };
    wrapped[name] = Object.assign(Object.create(null), fn, { _handler: handler });
  }
  return wrapped;
}

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

// Fake timers also freeze performance.now(); keep the real one for wall time.
const realNow = performance.now.bind(performance);

// convex-test answers every index query by scanning the whole table, so the wall time here is mostly the
// fake's, and it takes minutes on a busy machine; hence the long timeout.
it("daily summaries: 1,000 workspaces + one 20,000-message day", async () => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  vi.stubEnv("XAI_API_KEY", "bench-key");
  let llmCalls = 0;
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => {
      llmCalls++;
      const text = "DIGEST:\nA calm day.\nLEAD L1: Wants a price list.";
      return new Response(
        JSON.stringify({
          object: "response",
          status: "completed",
          output: [
            {
              type: "message",
              id: "m",
              role: "assistant",
              status: "completed",
              content: [{ type: "output_text", text }],
            },
          ],
          usage: { input_tokens: 1, output_tokens: 1 },
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    }),
  );

  const t = convexTest({
    schema,
    modules: {
      ...modules,
      "./summaryCron.ts": () => instrumented("./summaryCron.ts"),
      "./summaryJob.ts": () => instrumented("./summaryJob.ts"),
    },
    transactionLimits: true,
  });

  // Seed: small workspaces with two leads and three messages each, in chunks.
  const seedStart = realNow();
  for (let first = 0; first < SMALL_WORKSPACES; first += 100) {
    await t.run(async (ctx) => {
      for (let i = first; i < first + 100; i++) {
        const ws = await ctx.db.insert("workspaces", {
          name: `Toko ${i}`,
          kapso_phone_number_id: String(100000 + i),
          default_country: "ID",
          timezone: "Asia/Jakarta",
        });
        for (let l = 0; l < 2; l++) {
          const contact = await ctx.db.insert("contacts", {
            workspace_id: ws,
            name: `Lead ${i}-${l}`,
            lastActivityAt: NOW,
            created_at: DAY_START,
            updated_at: NOW,
          });
          const conversation = await ctx.db.insert("conversations", {
            workspace_id: ws,
            contact_id: contact,
            kapso_conversation_id: `c${i}-${l}`,
            status: "active",
            last_active_at: NOW,
          });
          for (let m = 0; m < (l === 0 ? 2 : 1); m++) {
            await ctx.db.insert("messages", {
              workspace_id: ws,
              conversation_id: conversation,
              contact_id: contact,
              direction: m ? "outbound" : "inbound",
              type: "text",
              content: `Halo ${m}`,
              status: "received",
              timestamp: DAY_START + 3_600_000 + m,
            });
          }
        }
      }
    });
  }
  const big = await t.run(async (ctx) => {
    const ws = await ctx.db.insert("workspaces", {
      name: "Toko Besar",
      kapso_phone_number_id: "999999",
      default_country: "ID",
      timezone: "Asia/Jakarta",
    });
    const leads: { contact: Id<"contacts">; conversation: Id<"conversations"> }[] = [];
    for (let l = 0; l < BIG_DAY_LEADS; l++) {
      const contact = await ctx.db.insert("contacts", {
        workspace_id: ws,
        name: `Pelanggan ${l}`,
        lastActivityAt: NOW,
        created_at: DAY_START - 1,
        updated_at: NOW,
      });
      const conversation = await ctx.db.insert("conversations", {
        workspace_id: ws,
        contact_id: contact,
        kapso_conversation_id: `big${l}`,
        status: "active",
        last_active_at: NOW,
      });
      leads.push({ contact, conversation });
    }
    return { ws, leads };
  });
  for (let first = 0; first < BIG_DAY_MESSAGES; first += INSERT_CHUNK) {
    await t.run(async (ctx) => {
      for (let i = first; i < first + INSERT_CHUNK; i++) {
        const lead = big.leads[i % BIG_DAY_LEADS];
        await ctx.db.insert("messages", {
          workspace_id: big.ws,
          conversation_id: lead.conversation,
          contact_id: lead.contact,
          direction: i % 3 ? "inbound" : "outbound",
          type: "text",
          content: `Pesan nomor ${i}: apakah paket A masih tersedia untuk dikirim besok pagi?`,
          status: "received",
          timestamp: DAY_START + Math.floor((i * 86_399_000) / BIG_DAY_MESSAGES),
        });
      }
    });
  }
  const seedMs = realNow() - seedStart;

  const started = realNow();
  await t.mutation(internal.summaryCron.startDailyRun, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers, 100_000);
  const wallMs = realNow() - started;

  const runs = await t.run((ctx) => ctx.db.query("summaryRuns").collect());
  const bigRun = runs.find((r) => r.workspace_id === big.ws)!;
  const smallRuns = runs.filter((r) => r.workspace_id !== big.ws);
  const bigDigest = await t.run((ctx) =>
    ctx.db
      .query("leadNotes")
      .withIndex("by_workspace_type_contact_date", (q) =>
        q
          .eq("workspace_id", big.ws)
          .eq("note_type", "daily_summary")
          .eq("contact_id", undefined)
          .eq("date", "2026-11-25"),
      )
      .unique(),
  );

  expect(runs).toHaveLength(SMALL_WORKSPACES + 1);
  expect(runs.every((r) => r.status === "done")).toBe(true);
  expect(bigDigest?.metadata?.message_count).toBe(BIG_DAY_MESSAGES);
  expect(bigRun.lead_count).toBe(BIG_DAY_LEADS);

  const functionsRun = [...byFunction.values()].reduce((n, c) => n + c.runs, 0);
  const [heaviest, heaviestCounter] = [...byFunction.entries()].sort(
    (a, b) => b[1].maxDocumentsRead - a[1].maxDocumentsRead,
  )[0];
  const smallCalls = smallRuns.map((r) => r.llm_calls ?? 0);
  console.log(
    [
      "",
      `daily summaries bench (transactionLimits on; seeding took ${(seedMs / 1000).toFixed(1)} s)`,
      `  workspaces: ${SMALL_WORKSPACES} × 3 messages + 1 × ${BIG_DAY_MESSAGES.toLocaleString("en-US")} messages (${BIG_DAY_LEADS} leads)`,
      `  wall time: ${(wallMs / 1000).toFixed(1)} s`,
      `  functions run: ${functionsRun} (${[...byFunction.entries()].map(([n, c]) => `${n} ${c.runs}`).join(", ")})`,
      `  most documents read by one function: ${heaviestCounter.maxDocumentsRead} (${heaviest}); per function: ${[
        ...byFunction.entries(),
      ]
        .filter(([, c]) => c.maxDocumentsRead > 0)
        .map(([n, c]) => `${n} ${c.maxDocumentsRead}`)
        .join(", ")}`,
      `  LLM calls per workspace: small ${Math.min(...smallCalls)}–${Math.max(...smallCalls)}, the 20,000-message day ${bigRun.llm_calls}; total ${llmCalls}`,
      `  the 20,000-message day's digest counts ${bigDigest?.metadata?.message_count} messages`,
    ].join("\n"),
  );
}, 1_800_000);
