// `npm run bench`: Kapso webhook ingestion, in-process with convex-test (transaction limits on).
// Prints documents read/written per delivery kind (from Convex's own transaction
// metrics) and wall time of the real POST /webhook/kapso against a floor: a
// minimal HTTP action that reads the body and calls ONE mutation inserting the
// same contact, conversation and message rows. Both run interleaved in one run.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { convexTest } from "convex-test";
import schema from "../convex/schema";
import { modules } from "../convex/test.setup";
import { internal } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import { FIXTURE_PHONE_NUMBER_ID } from "../convex/test.harness";
import { parseKapsoDelivery } from "../src/domain/kapsoWebhook";
import { TEST_SECRET, deliveryInit, fixtureJson, inboundText, type Payload } from "../tests/convex/kapsoDeliveries";

function newBenchTest() {
  return convexTest({
    schema,
    modules: {
      ...modules,
      "./http.ts": () => import("./ingestionFloor"),
      "./benchFloor.ts": () => import("./ingestionFloor"),
    },
    transactionLimits: true,
  });
}

type BenchConvex = ReturnType<typeof newBenchTest>;

beforeAll(() => {
  vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

async function createWorkspace(t: BenchConvex, phoneNumberId = FIXTURE_PHONE_NUMBER_ID) {
  return await t.mutation(internal.workspaces.create, {
    name: "Bench",
    kapsoPhoneNumberId: phoneNumberId,
    defaultCountry: "ID",
    timezone: "Asia/Jakarta",
  });
}

/** The processDelivery arguments the HTTP action would build for this payload. */
function deliveryArgs(payload: Payload, event: string, key: string, batch = false) {
  const parsed = parseKapsoDelivery({ event, payloadVersion: "v2", batchHeader: batch ? "true" : null, body: payload });
  if (parsed.kind !== "items") throw new Error(`bench payload did not parse: ${JSON.stringify(parsed)}`);
  return {
    idempotencyKey: key,
    event: parsed.event,
    phoneNumberId: parsed.phoneNumberId,
    ...(batch ? { batch } : {}),
    outcome: { kind: "items" as const, items: parsed.items },
  };
}

type Metrics = { reads: number; writes: number; queries: number };

/** Runs processDelivery nested in a mutation and reads Convex's transaction metrics for it. */
async function measure(t: BenchConvex, args: ReturnType<typeof deliveryArgs>): Promise<Metrics> {
  return await t.mutation(async (ctx) => {
    await ctx.runMutation(internal.ingest.processDelivery, args);
    const m = await ctx.meta.getTransactionMetrics();
    return { reads: m.documentsRead.used, writes: m.documentsWritten.used, queries: m.databaseQueries.used };
  });
}

const LEADS = 100;
let sequence = 0;

/** A new inbound message from one of LEADS leads (each with its own conversation). */
function nextInbound(): Payload {
  sequence += 1;
  const lead = sequence % LEADS;
  const phone = `62812${String(lead).padStart(7, "0")}`;
  return inboundText({
    wamid: `wamid.BENCH${sequence}`,
    text: `pesan ${sequence}`,
    timestamp: 1764122400 + sequence,
    conversationId: `conv-${lead}`,
    phone,
    from: phone,
  });
}

function nextBatch(size: number): Payload {
  const batch = fixtureJson("batchReceived");
  const template = batch.data[0];
  sequence += 1;
  const phone = `62813${String(sequence).padStart(7, "0")}`;
  batch.data = Array.from({ length: size }, (_, i) => {
    const item = inboundText({
      wamid: `wamid.BATCH${sequence}-${i}`,
      text: `pesan ${i}`,
      timestamp: 1764122400 + i,
      conversationId: `batch-conv-${sequence}`,
      phone,
      from: phone,
    });
    return { ...template, message: item.message, conversation: item.conversation };
  });
  return batch;
}

/** The signed request Kapso would send; built before timing starts. */
async function request(payload: Payload, event: string, extra: Record<string, string> = {}) {
  return await deliveryInit({ body: JSON.stringify(payload), event, batch: Array.isArray(payload.data), headers: extra });
}

async function post(t: BenchConvex, path: string, init: RequestInit) {
  const res = await t.fetch(path, init);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { status: string };
}

test("documents read and written per delivery", async () => {
  const t = newBenchTest();
  await createWorkspace(t);
  const rows: Record<string, Metrics> = {};

  const first = nextInbound();
  rows["new inbound message, new lead"] = await measure(t, deliveryArgs(first, "whatsapp.message.received", "m1"));
  const second = inboundText({
    wamid: "wamid.SECOND",
    conversationId: first.conversation.id,
    phone: first.conversation.phone_number,
    timestamp: 1764999999,
  });
  rows["new inbound message, known lead"] = await measure(t, deliveryArgs(second, "whatsapp.message.received", "m2"));
  // Kapso's name replaces "Unknown": the lead's conversations are updated too (bounded read of them).
  const unnamed = { conversationId: "conv-unnamed", phone: "628129999999", from: "628129999999" };
  await measure(t, deliveryArgs(inboundText({ ...unnamed, wamid: "wamid.UN1", contactName: null, timestamp: 1764122400 }), "whatsapp.message.received", "n1"));
  rows["new inbound message, Kapso names an Unknown lead"] = await measure(
    t,
    deliveryArgs(inboundText({ ...unnamed, wamid: "wamid.UN2", contactName: "Budi", timestamp: 1764122401 }), "whatsapp.message.received", "n2"),
  );
  rows["duplicate (same X-Idempotency-Key)"] = await measure(t, deliveryArgs(second, "whatsapp.message.received", "m2"));
  rows["same wamid, new key"] = await measure(t, deliveryArgs(second, "whatsapp.message.received", "m3"));

  await measure(t, deliveryArgs(fixtureJson("sentText"), "whatsapp.message.sent", "s1"));
  rows["status update (sent → delivered)"] = await measure(
    t,
    deliveryArgs(fixtureJson("delivered"), "whatsapp.message.delivered", "s2"),
  );
  rows["outbound message, known lead"] = await measure(
    t,
    deliveryArgs({ ...fixtureJson("sentText"), message: { ...fixtureJson("sentText").message, id: "wamid.OUT2" } }, "whatsapp.message.sent", "s3"),
  );
  const batch = await measure(t, deliveryArgs(nextBatch(100), "whatsapp.message.received", "b1", true));
  rows["batch of 100 (new lead), whole delivery"] = batch;

  // The HTTP action's secret lookup (internal.ingest.webhookTarget) is one more read per delivery.
  const lookup = await t.query(async (ctx) => {
    await ctx.runQuery(internal.ingest.webhookTarget, { phoneNumberId: FIXTURE_PHONE_NUMBER_ID });
    return (await ctx.meta.getTransactionMetrics()).documentsRead.used;
  });

  console.log("\nDocuments per delivery (processDelivery mutation; Convex transaction metrics):");
  console.table(rows);
  console.log(`batch of 100 per message: ${(batch.reads / 100).toFixed(2)} reads, ${(batch.writes / 100).toFixed(2)} writes`);
  console.log(`+ secret lookup query in the HTTP action: ${lookup} read(s) per delivery`);

  // The budget for a new inbound message.
  for (const key of [
    "new inbound message, new lead",
    "new inbound message, known lead",
    "new inbound message, Kapso names an Unknown lead",
  ]) {
    expect(rows[key].reads).toBeLessThanOrEqual(6);
    expect(rows[key].writes).toBeLessThanOrEqual(4);
  }
  expect(rows["duplicate (same X-Idempotency-Key)"].writes).toBe(0);
});

test("wall time: POST /webhook/kapso vs the floor, interleaved", async () => {
  // Two databases, so the floor's rows (a new lead per delivery) do not grow the
  // tables the ingestion reads; the runs still alternate in the same process.
  const t = newBenchTest();
  await createWorkspace(t);
  const floorT = newBenchTest();
  const floorWorkspaceId: Id<"workspaces"> = await createWorkspace(floorT);
  const floorHeaders = { "X-Bench-Workspace": floorWorkspaceId };
  const timing = { single: { real: 0, floor: 0, n: 0 }, batch: { real: 0, floor: 0, n: 0 } };

  // Warm up both paths (module loading, JIT) before timing.
  await post(t, "/webhook/kapso", await request(nextInbound(), "whatsapp.message.received"));
  await post(floorT, "/bench/floor", await request(nextInbound(), "whatsapp.message.received", floorHeaders));

  // 1,000 single-message deliveries each, in rounds of 50 that alternate which goes first.
  const ROUNDS = 20;
  const PER_ROUND = 50;
  const blocks: Array<{ real: number; floor: number }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = { ...timing.single };
    const order = round % 2 === 0 ? (["real", "floor"] as const) : (["floor", "real"] as const);
    for (const which of order) {
      const requests = [];
      for (let i = 0; i < PER_ROUND; i++) {
        requests.push(await request(nextInbound(), "whatsapp.message.received", which === "real" ? {} : floorHeaders));
      }
      const start = performance.now();
      for (const init of requests) {
        if (which === "real") {
          const res = await post(t, "/webhook/kapso", init);
          if (res.status !== "processed") throw new Error(`unexpected ${res.status}`);
        } else {
          await post(floorT, "/bench/floor", init);
        }
      }
      timing.single[which] += performance.now() - start;
    }
    timing.single.n += PER_ROUND;
    const block = Math.floor(round / 4);
    blocks[block] ??= { real: 0, floor: 0 };
    blocks[block].real += timing.single.real - before.real;
    blocks[block].floor += timing.single.floor - before.floor;
  }

  // 10 batches of 100 each, alternating.
  for (let round = 0; round < 10; round++) {
    const order = round % 2 === 0 ? (["real", "floor"] as const) : (["floor", "real"] as const);
    for (const which of order) {
      const init = await request(nextBatch(100), "whatsapp.message.received", which === "real" ? {} : floorHeaders);
      const start = performance.now();
      if (which === "real") await post(t, "/webhook/kapso", init);
      else await post(floorT, "/bench/floor", init);
      timing.batch[which] += performance.now() - start;
    }
    timing.batch.n += 1;
  }

  const single = timing.single;
  const batch = timing.batch;
  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log("\nWall time (convex-test, in-process, interleaved):");
  console.table({
    "1,000 single-message deliveries": {
      ingestion: fmt(single.real),
      floor: fmt(single.floor),
      "per delivery": `${(single.real / single.n).toFixed(2)} ms vs ${(single.floor / single.n).toFixed(2)} ms`,
      ratio: (single.real / single.floor).toFixed(2),
    },
    "10 batches of 100": {
      ingestion: fmt(batch.real),
      floor: fmt(batch.floor),
      "per delivery": `${(batch.real / batch.n).toFixed(1)} ms vs ${(batch.floor / batch.n).toFixed(1)} ms`,
      ratio: (batch.real / batch.floor).toFixed(2),
    },
  });
  const stored = async (c: BenchConvex) => await c.run(async (ctx) => (await ctx.db.query("messages").collect()).length);
  // convex-test answers every index lookup by scanning the whole table, so the
  // ingestion's lookups (idempotency key, wamid span, conversation) slow down as
  // the tables grow while the floor, which only inserts, does not.
  console.log("Single deliveries by block of 200 (ingestion tables growing):");
  console.table(
    Object.fromEntries(
      blocks.map((b, i) => [
        `deliveries ${i * 200 + 1}-${(i + 1) * 200}`,
        { "ingestion ms/delivery": (b.real / 200).toFixed(2), "floor ms/delivery": (b.floor / 200).toFixed(2), ratio: (b.real / b.floor).toFixed(2) },
      ]),
    ),
  );
  const messages = await stored(t);
  console.log(`messages stored: ingestion ${messages}, floor ${await stored(floorT)}`);
  expect(messages).toBe(single.n + batch.n * 100 + 1);
});
