// Delivery order and duplication never change the outcome; malformed required
// fields never write anything.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createWorkspace, newTest, type TestConvex } from "./test.harness";
import { TEST_SECRET, deliver } from "../tests/convex/kapsoDeliveries";
import { documented } from "../tests/fixtures/kapso/documented";
import { seededRandom } from "../tests/seededRandom";

beforeEach(() => vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET));
afterEach(() => vi.unstubAllEnvs());

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- payloads are edited freely
type Delivery = { key: string; event: string; body: string };

function inbound(lead: number, n: number, timestamp: number): Delivery {
  const body = structuredClone(documented.text.body) as Body;
  body.message.id = `wamid.L${lead}.IN${n}`;
  body.message.timestamp = String(timestamp);
  body.message.text.body = `pesan ${n} dari ${lead}`;
  body.message.from = `6281200000${lead}`;
  body.conversation.id = `conv-${lead}`;
  body.conversation.phone_number = `+6281200000${lead}`;
  body.conversation.kapso.contact_name = `Lead ${lead}`;
  return { key: `in-${lead}-${n}`, event: "whatsapp.message.received", body: JSON.stringify(body) };
}

function outbound(lead: number, n: number, timestamp: number, status: "sent" | "delivered" | "read"): Delivery {
  const body = structuredClone(documented.delivered.body) as Body;
  body.message.id = `wamid.L${lead}.OUT${n}`;
  body.message.timestamp = String(timestamp);
  body.message.to = `6281200000${lead}`;
  body.message.text.body = `balasan ${n}`;
  body.message.kapso.status = status;
  body.message.kapso.statuses = [{ id: body.message.id, status, timestamp: String(timestamp) }];
  body.conversation.id = `conv-${lead}`;
  body.conversation.phone_number = `+6281200000${lead}`;
  return { key: `out-${lead}-${n}-${status}`, event: `whatsapp.message.${status}`, body: JSON.stringify(body) };
}

function sequence(): Delivery[] {
  const base = 1764122400;
  return [
    inbound(1, 1, base),
    inbound(2, 1, base + 5),
    outbound(1, 1, base + 10, "sent"),
    outbound(1, 1, base + 10, "delivered"),
    inbound(1, 2, base + 20),
    outbound(2, 1, base + 25, "sent"),
    outbound(1, 1, base + 10, "read"),
    inbound(2, 2, base + 30),
    outbound(2, 1, base + 25, "delivered"),
    inbound(1, 3, base + 40),
  ];
}

/** The stored state without ids and arrival-time fields, in a canonical order. */
async function state(t: TestConvex) {
  return await t.run(async (ctx) => {
    const contacts = await ctx.db.query("contacts").collect();
    const nameOf = new Map(contacts.map((c) => [c._id, c.name]));
    const conversations = await ctx.db.query("conversations").collect();
    const messages = await ctx.db.query("messages").collect();
    return {
      contacts: contacts
        .map(({ name, phone, lastActivityAt, last_inbound_at, search_text }) => ({
          name,
          phone,
          lastActivityAt,
          last_inbound_at,
          search_text,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      conversations: conversations
        .map(({ _id, _creationTime, contact_id, created_at, workspace_id, ...rest }) => {
          void _id;
          void _creationTime;
          void created_at;
          void workspace_id;
          return { ...rest, lead: nameOf.get(contact_id) };
        })
        .sort((a, b) => a.kapso_conversation_id.localeCompare(b.kapso_conversation_id)),
      messages: messages
        .map(({ kapso_message_id, direction, type, content, status, timestamp, contact_id }) => ({
          kapso_message_id,
          direction,
          type,
          content,
          status,
          timestamp,
          lead: nameOf.get(contact_id),
        }))
        .sort((a, b) => a.kapso_message_id!.localeCompare(b.kapso_message_id!)),
    };
  });
}

async function run(deliveries: Delivery[]) {
  const t = newTest();
  await createWorkspace(t);
  for (const d of deliveries) {
    const res = await deliver(t, { body: d.body, event: d.event, key: d.key });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  }
  return await state(t);
}

test("seeded shuffles and duplications of a delivery sequence end in the in-order state", async () => {
  const inOrder = sequence();
  const expected = await run(inOrder);
  expect(expected.messages).toHaveLength(7);
  for (let seed = 1; seed <= 12; seed++) {
    const next = seededRandom(seed);
    const deliveries = [...inOrder];
    // Kapso re-sends some deliveries: under the same key, or under a new one.
    for (const d of inOrder) {
      if (next() < 0.3) {
        deliveries.push(next() < 0.5 ? d : { ...d, key: `${d.key}-again-${seed}` });
      }
    }
    deliveries.sort(() => next() - 0.5);
    expect(await run(deliveries), `seed ${seed}`).toEqual(expected);
  }
});

describe("every required field with every wrong type is 422 and writes nothing", () => {
  const required: Array<{ path: string[]; wrong: unknown[] }> = [
    { path: ["message"], wrong: [null, 1, "x", true, []] },
    { path: ["message", "id"], wrong: [null, 1, true, {}, [], ""] },
    { path: ["message", "timestamp"], wrong: [null, true, {}, [], "", "soon", 1.5] },
    { path: ["message", "type"], wrong: [null, 1, true, {}, [], ""] },
    { path: ["conversation"], wrong: [null, 1, "x", true, []] },
    { path: ["conversation", "id"], wrong: [null, 1, true, {}, [], ""] },
    { path: ["phone_number_id"], wrong: [null, true, {}, [], ""] },
  ];
  const cases = required.flatMap(({ path, wrong }) => wrong.map((value) => ({ field: path.join("."), path, value })));

  test.each(cases)("$field = $value", async ({ field, path, value }) => {
    const t = newTest();
    await createWorkspace(t);
    const body = structuredClone(documented.text.body) as Body;
    let target = body;
    for (const key of path.slice(0, -1)) {
      target = target[key];
    }
    target[path[path.length - 1]] = value;
    const res = await deliver(t, { body: JSON.stringify(body), event: "whatsapp.message.received" });
    expect(res.status).toBe(422);
    expect(res.json.error).toContain(field);
    const written = await t.run(async (ctx) => ({
      contacts: (await ctx.db.query("contacts").collect()).length,
      conversations: (await ctx.db.query("conversations").collect()).length,
      messages: (await ctx.db.query("messages").collect()).length,
      ledger: (await ctx.db.query("webhookEvents").collect()).map((e) => e.status),
    }));
    expect(written).toEqual({ contacts: 0, conversations: 0, messages: 0, ledger: ["invalid"] });
  });
});
