// `npm run bench`: Kapso webhook ingestion, in-process with convex-test (transaction limits on).
// Prints documents read/written per delivery kind (from Convex's own transaction
// metrics) and wall time of the real POST /webhook/kapso against the floor (a
// minimal HTTP action that reads the body and calls ONE mutation inserting the
// same contact, conversation and message rows) and against the floor plus the
// checks the issue requires (bench/ingestionFloor.ts). All run interleaved.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { convexTest } from "convex-test";
import schema from "../convex/schema";
import { modules } from "../convex/test.setup";
import { internal } from "../convex/_generated/api";
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

test("wall time: POST /webhook/kapso vs the floors, interleaved", async () => {
  // One database per path, so the floors' rows (a new lead per delivery) do not
  // grow the tables the ingestion reads; the runs still alternate in one process.
  type Path = { t: BenchConvex; url: string; headers: Record<string, string>; expect?: string };
  const real: Path = { t: newBenchTest(), url: "/webhook/kapso", headers: {}, expect: "processed" };
  const floor: Path = { t: newBenchTest(), url: "/bench/floor", headers: {} };
  const checked: Path = { t: newBenchTest(), url: "/bench/floor-checked", headers: {} };
  await createWorkspace(real.t);
  floor.headers = { "X-Bench-Workspace": await createWorkspace(floor.t) };
  await createWorkspace(checked.t);
  const paths = { real, floor, checked };
  type Which = keyof typeof paths;
  const zero = () => ({ real: 0, floor: 0, checked: 0 });
  const timing = { single: { ...zero(), n: 0 }, batch: { ...zero(), n: 0 } };

  async function run(which: Which, init: RequestInit) {
    const path = paths[which];
    const res = await post(path.t, path.url, init);
    if (path.expect && res.status !== path.expect) throw new Error(`unexpected ${res.status}`);
  }
  const all: Which[] = ["real", "floor", "checked"];
  // Each round runs the paths in a rotated order, so none always goes first.
  const orderFor = (round: number): Which[] => [...all.slice(round % 3), ...all.slice(0, round % 3)];

  // Warm up every path (module loading, JIT) before timing.
  for (const which of all) await run(which, await request(nextInbound(), "whatsapp.message.received", paths[which].headers));

  // 1,000 single-message deliveries each, in rounds of 50.
  const ROUNDS = 20;
  const PER_ROUND = 50;
  const blocks: Array<ReturnType<typeof zero>> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = { ...timing.single };
    for (const which of orderFor(round)) {
      const requests = [];
      for (let i = 0; i < PER_ROUND; i++) {
        requests.push(await request(nextInbound(), "whatsapp.message.received", paths[which].headers));
      }
      const start = performance.now();
      for (const init of requests) await run(which, init);
      timing.single[which] += performance.now() - start;
    }
    timing.single.n += PER_ROUND;
    const block = (blocks[Math.floor(round / 4)] ??= zero());
    for (const which of all) block[which] += timing.single[which] - before[which];
  }

  // 10 batches of 100 each.
  for (let round = 0; round < 10; round++) {
    for (const which of orderFor(round)) {
      const init = await request(nextBatch(100), "whatsapp.message.received", paths[which].headers);
      const start = performance.now();
      await run(which, init);
      timing.batch[which] += performance.now() - start;
    }
    timing.batch.n += 1;
  }

  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  const row = (r: typeof timing.single, digits: number) => ({
    ingestion: fmt(r.real),
    floor: fmt(r.floor),
    "floor + required checks": fmt(r.checked),
    "per delivery": `${(r.real / r.n).toFixed(digits)} vs ${(r.floor / r.n).toFixed(digits)} ms`,
    ratio: (r.real / r.floor).toFixed(2),
    "required checks alone": (r.checked / r.floor).toFixed(2),
  });
  console.log("\nWall time (convex-test, in-process, interleaved; ratio = ingestion / floor):");
  console.table({
    "1,000 single-message deliveries": row(timing.single, 2),
    "10 batches of 100": row(timing.batch, 1),
  });
  // convex-test answers every index lookup by scanning the whole table, so every
  // lookup (idempotency key, conversation) slows down as the tables grow, while
  // the floor, which only inserts, does not.
  console.log("Single deliveries by block of 200 (tables growing):");
  console.table(
    Object.fromEntries(
      blocks.map((b, i) => [
        `deliveries ${i * 200 + 1}-${(i + 1) * 200}`,
        {
          "ingestion ms": (b.real / 200).toFixed(2),
          "floor ms": (b.floor / 200).toFixed(2),
          "floor + required checks ms": (b.checked / 200).toFixed(2),
          ratio: (b.real / b.floor).toFixed(2),
          "required checks alone": (b.checked / b.floor).toFixed(2),
        },
      ]),
    ),
  );
  const stored = async (c: BenchConvex) => await c.run(async (ctx) => (await ctx.db.query("messages").collect()).length);
  const expected = timing.single.n + timing.batch.n * 100 + 1;
  const counts = { ingestion: await stored(real.t), floor: await stored(floor.t), "floor + required checks": await stored(checked.t) };
  console.log("messages stored:", counts);
  expect(Object.values(counts)).toEqual([expected, expected, expected]);
});
