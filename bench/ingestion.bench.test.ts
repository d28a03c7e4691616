// `npm run bench`: what one Kapso delivery costs, in the units Convex bills
// (function calls, documents and bytes read and written), per delivery kind,
// for POST /webhook/kapso and for the minimal floor webhook (bench/ingestionFloor.ts)
// in the same run. Counted by bench/costMeter.ts from convex-test's own
// transaction metrics; wall time is not reported: convex-test answers every
// index lookup with a full-table scan, which says nothing about a deployment.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { convexTest } from "convex-test";
import schema from "../convex/schema";
import { modules } from "../convex/test.setup";
import { internal } from "../convex/_generated/api";
import productionHttp from "../convex/http";
import { FIXTURE_PHONE_NUMBER_ID } from "../convex/test.harness";
import { TEST_SECRET, deliveryInit } from "../tests/convex/kapsoDeliveries";
import { documented } from "../tests/fixtures/kapso/documented";
import { meter, meteredModule, meteredRouter, type Cost } from "./costMeter";
import { floorWebhook } from "./ingestionFloor";

const FLOOR_PATH = "/bench/floor";

function newBenchTest() {
  return convexTest({
    schema,
    modules: {
      ...modules,
      "./http.ts": async () => ({
        default: meteredRouter([...productionHttp.getRoutes(), [FLOOR_PATH, "POST", floorWebhook] as const]),
      }),
      "./webhookDeliveries.ts": async () => meteredModule(await import("../convex/webhookDeliveries")),
      "./benchFloor.ts": async () => meteredModule(await import("./ingestionFloor")),
    },
    transactionLimits: true,
  });
}

type BenchConvex = ReturnType<typeof newBenchTest>;
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- payloads are edited freely

beforeAll(() => vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET));
afterAll(() => vi.unstubAllEnvs());

let sequence = 0;

function inbound(options: { lead: number; conversation?: string; phoneNumberId?: string }): Body {
  sequence += 1;
  const body = structuredClone(documented.text.body) as Body;
  body.message.id = `wamid.BENCH${sequence}`;
  body.message.timestamp = String(1764122400 + sequence);
  body.message.text.body = `pesan ${sequence}`;
  body.message.kapso.content = `pesan ${sequence}`;
  body.message.from = `62812${String(options.lead).padStart(7, "0")}`;
  body.conversation.id = options.conversation ?? `conv-${options.lead}`;
  body.conversation.phone_number = `+${body.message.from}`;
  body.conversation.kapso.contact_name = `Lead ${options.lead}`;
  if (options.phoneNumberId) {
    body.phone_number_id = options.phoneNumberId;
    body.conversation.phone_number_id = options.phoneNumberId;
  }
  return body;
}

function outbound(wamid: string, status: "sent" | "delivered"): Body {
  const body = structuredClone(documented.delivered.body) as Body;
  body.message.id = wamid;
  body.message.to = "628120000001";
  body.message.kapso.status = status;
  body.message.kapso.statuses = [{ id: wamid, status, timestamp: body.message.timestamp }];
  body.conversation.id = "conv-1";
  body.conversation.phone_number = "+628120000001";
  return body;
}

function batch(size: number): Body {
  sequence += 1;
  const lead = 100_000 + sequence;
  return {
    type: "whatsapp.message.received",
    batch: true,
    data: Array.from({ length: size }, () => inbound({ lead, conversation: `batch-${lead}` })),
    batch_info: { size },
  };
}

type Delivery = { body: Body; event: string; key?: string; batch?: boolean };

async function post(t: BenchConvex, path: string, delivery: Delivery): Promise<{ status: number; cost: Cost }> {
  const init = await deliveryInit({
    body: JSON.stringify(delivery.body),
    event: delivery.event,
    key: delivery.key,
    batch: delivery.batch,
  });
  meter.reset();
  const res = await t.fetch(path, init);
  return { status: res.status, cost: meter.read() };
}

test("cost per delivery kind: ingestion vs the minimal floor", async () => {
  const paths = {
    ingestion: { t: newBenchTest(), path: "/webhook/kapso" },
    floor: { t: newBenchTest(), path: FLOOR_PATH },
  };
  for (const { t } of Object.values(paths)) {
    await t.mutation(internal.workspaces.create, {
      name: "Bench",
      kapsoPhoneNumberId: FIXTURE_PHONE_NUMBER_ID,
      defaultCountry: "ID",
      timezone: "Asia/Jakarta",
    });
  }

  // Each kind is built once and sent to both paths, after the same setup.
  const known = inbound({ lead: 1 });
  const kinds: Array<{ name: string; setup?: Delivery[]; delivery: Delivery; status: number }> = [
    {
      name: "new inbound message, new lead",
      delivery: { body: inbound({ lead: 2 }), event: "whatsapp.message.received" },
      status: 200,
    },
    {
      name: "new inbound message, known lead",
      setup: [{ body: known, event: "whatsapp.message.received" }],
      delivery: { body: inbound({ lead: 1 }), event: "whatsapp.message.received" },
      status: 200,
    },
    {
      name: "duplicate (same X-Idempotency-Key)",
      setup: [{ body: known, event: "whatsapp.message.received", key: "dup" }],
      delivery: { body: known, event: "whatsapp.message.received", key: "dup" },
      status: 200,
    },
    {
      name: "status update (sent → delivered)",
      setup: [{ body: outbound("wamid.OUT1", "sent"), event: "whatsapp.message.sent" }],
      delivery: { body: outbound("wamid.OUT1", "delivered"), event: "whatsapp.message.delivered" },
      status: 200,
    },
    {
      name: "batch of 100, new lead",
      delivery: { body: batch(100), event: "whatsapp.message.received", batch: true },
      status: 200,
    },
    {
      name: "invalid (message.id missing)",
      delivery: {
        body: (({ message, ...rest }) => ({ ...rest, message: { ...message, id: undefined } }))(inbound({ lead: 3 })),
        event: "whatsapp.message.received",
      },
      status: 422,
    },
    {
      name: "unmatched (no workspace for the number)",
      delivery: { body: inbound({ lead: 4, phoneNumberId: "999000999" }), event: "whatsapp.message.received" },
      status: 200,
    },
  ];

  const rows: Record<string, Record<string, string | number>> = {};
  const costs: Record<string, { ingestion: Cost; floor: Cost }> = {};
  for (const [k, kind] of kinds.entries()) {
    const measured = {} as { ingestion: Cost; floor: Cost };
    for (const [which, { t, path }] of Object.entries(paths) as Array<[keyof typeof paths, (typeof paths)["floor"]]>) {
      // The same keys on both paths, so both count in the same delivery-counter shards.
      for (const [i, setup] of (kind.setup ?? []).entries()) {
        await post(t, path, { ...setup, key: setup.key ?? `kind-${k}-setup-${i}` });
      }
      const delivery = { ...kind.delivery, key: kind.delivery.key ?? `kind-${k}` };
      const { status, cost } = await post(t, path, delivery);
      expect(status, `${which}: ${kind.name}`).toBe(kind.status);
      measured[which] = cost;
    }
    costs[kind.name] = measured;
    const { ingestion: i, floor: f } = measured;
    rows[kind.name] = {
      functions: `${i.functions} | ${f.functions}`,
      "docs read": `${i.documentsRead} | ${f.documentsRead}`,
      "docs written": `${i.documentsWritten} | ${f.documentsWritten}`,
      "bytes read": `${i.bytesRead} | ${f.bytesRead}`,
      "bytes written": `${i.bytesWritten} | ${f.bytesWritten}`,
    };
  }
  console.log(
    "\nCost per delivery, ingestion | floor (convex-test transaction metrics; function calls counted per request):",
  );
  console.table(rows);

  // The budget: one HTTP action and ONE other function per delivery, at most one
  // document read more than the floor, no more documents written than it.
  for (const [name, { ingestion, floor }] of Object.entries(costs)) {
    expect(ingestion.functions, name).toBe(2);
    expect(ingestion.documentsRead, name).toBeLessThanOrEqual(floor.documentsRead + 1);
    expect(ingestion.documentsWritten, name).toBeLessThanOrEqual(floor.documentsWritten);
  }
});
