import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { addMember, createWorkspace, FIXTURE_PHONE_NUMBER_ID, newTest, type TestConvex } from "./test.harness";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  TEST_SECRET,
  deliver,
  deliverFixture,
  fixtureJson,
  fixtures,
  inboundText,
  type Payload,
} from "../tests/convex/kapsoDeliveries";
import { signWebhookBody } from "../src/domain/webhookSignature";
import { LEGACY_V1_ERROR, MAX_WEBHOOK_BODY_BYTES, parseKapsoDelivery } from "../src/domain/kapsoWebhook";
import { RAW_BODY_INLINE_LIMIT } from "./webhookDeliveries";
import { adoptDashboardReply } from "./model/messages";
import { ingestItems } from "./model/ingestion";
import { conversationLeadFields, LEAD_CONVERSATIONS_INLINE } from "./contacts";

const PHONE = "628139250849";
const CONVERSATION = "5b0e7a3c-1f7d-4a55-9d1e-2c8f0c1a9b11";

async function counts(t: TestConvex) {
  return await t.run(async (ctx) => ({
    contacts: (await ctx.db.query("contacts").collect()).length,
    conversations: (await ctx.db.query("conversations").collect()).length,
    messages: (await ctx.db.query("messages").collect()).length,
    webhookEvents: (await ctx.db.query("webhookEvents").collect()).length,
    files: (await ctx.db.system.query("_storage").collect()).length,
  }));
}

const NOTHING = { contacts: 0, conversations: 0, messages: 0, webhookEvents: 0, files: 0 };

async function all<T extends "contacts" | "conversations" | "messages" | "webhookEvents">(t: TestConvex, table: T) {
  return await t.run(async (ctx) => await ctx.db.query(table).collect());
}

async function messageByWamid(t: TestConvex, wamid: string) {
  const rows = (await all(t, "messages")).filter((m) => m.kapso_message_id === wamid);
  expect(rows).toHaveLength(1);
  return rows[0];
}

function send(t: TestConvex, payload: Payload, event = "whatsapp.message.received", extra: { key?: string } = {}) {
  return deliver(t, { body: JSON.stringify(payload), event, ...extra });
}

let t: TestConvex;

beforeEach(() => {
  vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
  t = newTest();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe("signature", () => {
  test("a missing signature is 401 and writes nothing", async () => {
    await createWorkspace(t);
    const res = await deliverFixture(t, "receivedText", { signature: null });
    expect(res.status).toBe(401);
    expect(res.json.error).toMatch(/X-Webhook-Signature/);
    expect(await counts(t)).toEqual(NOTHING);
  });

  test("a wrong signature is 401 and writes nothing", async () => {
    await createWorkspace(t);
    const res = await deliverFixture(t, "receivedText", { secret: "someone-else" });
    expect(res.status).toBe(401);
    const tampered = await deliver(t, {
      body: fixtures.receivedText.body.replace("Halo", "Hola"),
      event: fixtures.receivedText.event,
      signature: await signWebhookBody(TEST_SECRET, fixtures.receivedText.body),
    });
    expect(tampered.status).toBe(401);
    expect(await counts(t)).toEqual(NOTHING);
  });

  test("an optional sha256= prefix is accepted", async () => {
    await createWorkspace(t);
    const signature = `sha256=${await signWebhookBody(TEST_SECRET, fixtures.receivedText.body)}`;
    const res = await deliverFixture(t, "receivedText", { signature });
    expect(res).toMatchObject({ status: 200, json: { status: "processed" } });
  });

  test("a workspace's own secret replaces the deployment secret", async () => {
    await createWorkspace(t, { kapsoWebhookSecret: "workspace-secret" });
    const withDeployment = await deliverFixture(t, "receivedText");
    expect(withDeployment.status).toBe(401);
    expect(await counts(t)).toEqual(NOTHING);
    const withWorkspace = await deliverFixture(t, "receivedText", { secret: "workspace-secret" });
    expect(withWorkspace).toMatchObject({ status: 200, json: { status: "processed" } });
  });

  test("the workspace secret works with no deployment secret at all", async () => {
    vi.stubEnv("KAPSO_WEBHOOK_SECRET", "");
    await createWorkspace(t, { kapsoWebhookSecret: "workspace-secret" });
    const res = await deliverFixture(t, "receivedText", { secret: "workspace-secret" });
    expect(res).toMatchObject({ status: 200, json: { status: "processed" } });
  });

  test("no secret configured anywhere (empty env) is 401 and writes nothing", async () => {
    vi.stubEnv("KAPSO_WEBHOOK_SECRET", "");
    await createWorkspace(t);
    const res = await deliverFixture(t, "receivedText", { signature: "0".repeat(64) });
    expect(res.status).toBe(401);
    expect(res.json.error).toMatch(/secret/i);
    expect(await counts(t)).toEqual(NOTHING);
  });

  test("a signed body that names no workspace is checked against the deployment secret", async () => {
    await createWorkspace(t, { kapsoWebhookSecret: "workspace-secret" });
    const res = await deliver(t, { body: "not json", event: "whatsapp.message.received", secret: "workspace-secret" });
    expect(res.status).toBe(401);
    expect(await counts(t)).toEqual(NOTHING);
  });
});

describe("status codes", () => {
  test("200 processed stores the lead, conversation and message", async () => {
    const workspaceId = await createWorkspace(t);
    const res = await deliverFixture(t, "receivedText", { key: "k1" });
    expect(res).toMatchObject({
      status: 200,
      json: { status: "processed", items: 1, messages: { created: 1, updated: 0, unchanged: 0 } },
    });
    const [contact] = await all(t, "contacts");
    expect(contact).toMatchObject({ workspace_id: workspaceId, phone: PHONE, name: "Budi Santoso" });
    expect(contact.lastActivityAt).toBe(1764122400_000);
    expect(contact.last_inbound_at).toBe(1764122400_000);
    expect(contact.search_text).toBe(`Budi Santoso ${PHONE}`);
    const [conversation] = await all(t, "conversations");
    expect(conversation).toMatchObject({
      contact_id: contact._id,
      kapso_conversation_id: CONVERSATION,
      status: "active",
      last_active_at: 1764122400_000,
      last_message_preview: "Halo, masih ada stok paket premium?",
      last_message_at: 1764122400_000,
      last_message_direction: "inbound",
      waiting_for_reply: true,
      unread_count: 1,
    });
    const [message] = await all(t, "messages");
    expect(message).toMatchObject({
      conversation_id: conversation._id,
      contact_id: contact._id,
      kapso_message_id: "wamid.HBgNNjI4MTM5MjUwODQ5FQIAEhggQTFCMkMzRDRFNUY2",
      direction: "inbound",
      type: "text",
      content: "Halo, masih ada stok paket premium?",
      status: "received",
      timestamp: 1764122400_000,
      origin: "cloud_api",
    });
    const [event] = await all(t, "webhookEvents");
    expect(event).toMatchObject({
      idempotency_key: "k1",
      event: "whatsapp.message.received",
      status: "processed",
      workspace_id: workspaceId,
      item_count: 1,
    });
    expect(event.raw_body).toBeUndefined();
  });

  test("an image keeps its media fields and caption", async () => {
    await createWorkspace(t);
    await deliverFixture(t, "receivedImage");
    const [message] = await all(t, "messages");
    expect(message).toMatchObject({
      type: "image",
      content: "Ini bukti transfer",
      caption: "Ini bukti transfer",
      media_url: "https://api.kapso.ai/media/example-image.jpg",
      media_mime_type: "image/jpeg",
      media_filename: "bukti.jpg",
    });
  });

  test("413 for a body over 1 MiB, nothing written", async () => {
    await createWorkspace(t);
    const body = new Uint8Array(MAX_WEBHOOK_BODY_BYTES + 1).fill(0x20);
    const res = await deliver(t, { body });
    expect(res.status).toBe(413);
    expect(res.json.status).toBe("too_large");
    expect(await counts(t)).toEqual(NOTHING);
  });

  test("400 for a signed body that is not JSON, recorded as invalid with the raw body", async () => {
    await createWorkspace(t);
    const res = await deliver(t, { body: "{not json", key: "bad-json" });
    expect(res).toMatchObject({ status: 400, json: { status: "invalid" } });
    expect(res.json.error).toMatch(/JSON/);
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });
    const [event] = await all(t, "webhookEvents");
    expect(event).toMatchObject({ idempotency_key: "bad-json", status: "invalid", raw_body: "{not json" });
  });

  test("422 for JSON that is not a v2 payload, naming the bad fields", async () => {
    await createWorkspace(t);
    const payload = fixtureJson("receivedText");
    delete payload.message.id;
    payload.message.timestamp = "yesterday";
    const body = JSON.stringify(payload);
    const res = await deliver(t, { body });
    expect(res.status).toBe(422);
    expect(res.json.error).toContain("message.id");
    expect(res.json.error).toContain("message.timestamp");
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });
    const [event] = await all(t, "webhookEvents");
    expect(event).toMatchObject({ status: "invalid", raw_body: body });
    expect(event.error).toContain("message.id");
  });

  test("422 for a legacy v1 payload says to use payload version v2", async () => {
    await createWorkspace(t);
    const v1 = {
      message: { id: "wamid.V1", message_type: "text", content: "hi", origin: "cloud_api" },
      conversation: { id: "c1", phone_number: "+628139250849", whatsapp_config_id: "cfg" },
      whatsapp_config: { id: "cfg", phone_number_id: FIXTURE_PHONE_NUMBER_ID },
    };
    const res = await deliver(t, { body: JSON.stringify(v1) });
    expect(res.status).toBe(422);
    expect(res.json.error).toBe(LEGACY_V1_ERROR);
    expect(res.json.error).toMatch(/payload version v2/);
    // The header alone is enough too.
    const byHeader = await deliverFixture(t, "receivedText", { headers: { "X-Webhook-Payload-Version": "v1" } });
    expect(byHeader.status).toBe(422);
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 2 });
  });

  test("422 when X-Webhook-Event is missing", async () => {
    await createWorkspace(t);
    const res = await deliver(t, { body: fixtures.receivedText.body, event: null });
    expect(res.status).toBe(422);
    expect(res.json.error).toContain("X-Webhook-Event");
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });
  });

  test("200 ignored for events this app does not handle", async () => {
    const workspaceId = await createWorkspace(t);
    const res = await deliver(t, {
      body: fixtures.receivedText.body,
      event: "whatsapp.phone_number.created",
      key: "ign",
    });
    expect(res).toMatchObject({ status: 200, json: { status: "ignored", event: "whatsapp.phone_number.created" } });
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });
    const [event] = await all(t, "webhookEvents");
    expect(event).toMatchObject({
      status: "ignored",
      workspace_id: workspaceId,
      event: "whatsapp.phone_number.created",
    });
  });

  test("200 unmatched when no workspace has the phone_number_id, with the body kept", async () => {
    const res = await deliverFixture(t, "receivedText", { key: "early" });
    expect(res).toMatchObject({ status: 200, json: { status: "unmatched" } });
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });
    const [event] = await all(t, "webhookEvents");
    expect(event).toMatchObject({
      status: "unmatched",
      phone_number_id: FIXTURE_PHONE_NUMBER_ID,
      raw_body: fixtures.receivedText.body,
    });
    expect(event.workspace_id).toBeUndefined();
  });
});

describe("idempotency", () => {
  test("a repeated X-Idempotency-Key answers duplicate and writes nothing", async () => {
    await createWorkspace(t);
    expect((await deliverFixture(t, "receivedText", { key: "same" })).json.status).toBe("processed");
    const before = await counts(t);
    const conversationBefore = (await all(t, "conversations"))[0];
    // Even a different body under the same key is the same delivery.
    const res = await send(t, inboundText({ wamid: "wamid.OTHER" }), "whatsapp.message.received", { key: "same" });
    expect(res).toMatchObject({ status: 200, json: { status: "duplicate" } });
    expect(await counts(t)).toEqual(before);
    expect((await all(t, "conversations"))[0]).toEqual(conversationBefore);
  });

  test("a repeated invalid delivery is a duplicate too", async () => {
    await createWorkspace(t);
    expect((await deliver(t, { body: "nope", key: "bad" })).status).toBe(400);
    expect((await deliver(t, { body: "nope", key: "bad" })).json.status).toBe("duplicate");
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });
  });

  test("the same wamid under different keys yields one message row", async () => {
    await createWorkspace(t);
    await deliverFixture(t, "receivedText", { key: "a" });
    const res = await deliverFixture(t, "receivedText", { key: "b" });
    expect(res).toMatchObject({ status: 200, json: { status: "processed", messages: { created: 0, unchanged: 1 } } });
    expect(await counts(t)).toEqual({ contacts: 1, conversations: 1, messages: 1, webhookEvents: 2, files: 0 });
    expect((await all(t, "conversations"))[0].unread_count).toBe(1);
  });

  test("a late, older message repeated under a new key is still one row", async () => {
    await createWorkspace(t);
    await send(t, inboundText({ wamid: "wamid.LATEST", timestamp: 1764123000 }));
    await send(t, inboundText({ wamid: "wamid.EARLY", timestamp: 1764122000 }));
    const again = await send(t, inboundText({ wamid: "wamid.EARLY", timestamp: 1764122000 }));
    expect(again.json.messages).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const latestAgain = await send(t, inboundText({ wamid: "wamid.LATEST", timestamp: 1764123000 }));
    expect(latestAgain.json.messages).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await counts(t)).toMatchObject({ messages: 2 });
    expect((await all(t, "conversations"))[0].unread_count).toBe(2);
  });

  test("without X-Idempotency-Key, an identical body is recognised as the same delivery", async () => {
    await createWorkspace(t);
    expect((await deliverFixture(t, "receivedText", { key: null })).json.status).toBe("processed");
    expect((await deliverFixture(t, "receivedText", { key: null })).json.status).toBe("duplicate");
  });
});

describe("batches", () => {
  test("a batch envelope is processed in one delivery", async () => {
    await createWorkspace(t);
    const res = await deliverFixture(t, "batchReceived", { key: "batch-1" });
    expect(res).toMatchObject({ status: 200, json: { status: "processed", items: 3, messages: { created: 3 } } });
    expect(await counts(t)).toEqual({ contacts: 1, conversations: 1, messages: 3, webhookEvents: 1, files: 0 });
    const [conversation] = await all(t, "conversations");
    expect(conversation).toMatchObject({
      unread_count: 3,
      last_message_preview: "Bayar transfer ya",
      last_message_at: 1764122704_000,
      last_active_at: 1764122704_000,
    });
    const [event] = await all(t, "webhookEvents");
    expect(event).toMatchObject({ status: "processed", item_count: 3 });
  });

  test("body.batch alone (no header) marks a batch", async () => {
    await createWorkspace(t);
    const res = await deliver(t, { body: fixtures.batchReceived.body, event: fixtures.batchReceived.event });
    expect(res.json).toMatchObject({ status: "processed", items: 3 });
  });

  test("a batch with the same wamid twice stores it once", async () => {
    await createWorkspace(t);
    const batch = fixtureJson("batchReceived");
    batch.data[2].message.id = batch.data[0].message.id;
    const res = await deliver(t, { body: JSON.stringify(batch), batch: true });
    expect(res.json).toMatchObject({ status: "processed", items: 3, messages: { created: 2, unchanged: 1 } });
    expect(await counts(t)).toMatchObject({ messages: 2 });
    expect((await all(t, "conversations"))[0].unread_count).toBe(2);
  });

  test("a batch repeating messages stored by earlier deliveries adds only the new ones", async () => {
    await createWorkspace(t);
    const batch = fixtureJson("batchReceived");
    const first = { ...batch, data: [batch.data[1]] };
    expect((await deliver(t, { body: JSON.stringify(first), batch: true })).json.messages.created).toBe(1);
    const res = await deliver(t, { body: fixtures.batchReceived.body, batch: true });
    expect(res.json.messages).toEqual({ created: 2, updated: 0, unchanged: 1 });
    expect(await counts(t)).toMatchObject({ messages: 3 });
    expect((await all(t, "conversations"))[0].unread_count).toBe(3);
  });

  test("a conversation too busy to read in one span still finds a repeated wamid", async () => {
    await createWorkspace(t);
    await send(t, inboundText({ wamid: "wamid.SEED", timestamp: 1764122400 }));
    const [conversation] = await all(t, "conversations");
    await t.run(async (ctx) => {
      for (let i = 0; i < 260; i++) {
        await ctx.db.insert("messages", {
          workspace_id: conversation.workspace_id,
          conversation_id: conversation._id,
          contact_id: conversation.contact_id,
          kapso_message_id: `wamid.BUSY${i}`,
          direction: "inbound",
          type: "text",
          content: `m${i}`,
          status: "received",
          timestamp: 1764122400_000,
        });
      }
    });
    const res = await send(t, inboundText({ wamid: "wamid.BUSY259", timestamp: 1764122400 }));
    expect(res.json.messages).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await counts(t)).toMatchObject({ messages: 261 });
  });

  test("a batch with one bad item is rejected whole: no partial writes", async () => {
    await createWorkspace(t);
    const batch = fixtureJson("batchReceived");
    delete batch.data[1].conversation.id;
    const res = await deliver(t, { body: JSON.stringify(batch), batch: true });
    expect(res.status).toBe(422);
    expect(res.json.error).toContain("data.1.conversation.id");
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });
  });

  test("a failure while writing rolls the whole delivery back, ledger row included", async () => {
    await createWorkspace(t);
    const batch = fixtureJson("batchReceived");
    const parsed = parseKapsoDelivery({
      event: "whatsapp.message.received",
      payloadVersion: "v2",
      batchHeader: "true",
      body: batch,
    });
    if (parsed.kind !== "items") {
      throw new Error("fixture did not parse");
    }
    // The third message's insert breaks the 16 MiB write limit after the lead, the
    // conversation and two messages were written in the same transaction.
    const items = parsed.items.map((item, i) =>
      i === 2 ? { ...item, message: { ...item.message!, content: "x".repeat(17 * 1024 * 1024) } } : item,
    );
    await expect(
      t.run(async (ctx) => {
        const workspace = (await ctx.db.query("workspaces").first())!;
        await ingestItems(ctx, workspace, items, Date.now());
      }),
    ).rejects.toThrow(/Wrote too much data/);
    expect(await counts(t)).toEqual(NOTHING);
  });

  test("more than 100 payloads in a batch is 422", async () => {
    await createWorkspace(t);
    const batch = fixtureJson("batchReceived");
    batch.data = Array.from({ length: 101 }, (_, i) => ({
      ...batch.data[0],
      message: { ...batch.data[0].message, id: `wamid.MANY${i}` },
    }));
    const res = await deliver(t, { body: JSON.stringify(batch), batch: true });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatch(/^data: .*100/);
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });
  });
});

describe("leads", () => {
  test("phone variants with default country ID are one lead", async () => {
    await createWorkspace(t);
    const variants = ["+62 813-9250-849", "628139250849", "08139250849"];
    for (const [i, phone] of variants.entries()) {
      const payload = inboundText({ wamid: `wamid.PHONE${i}`, conversationId: `conv-${i}`, phone, from: phone });
      expect((await send(t, payload)).json.status).toBe("processed");
    }
    const contacts = await all(t, "contacts");
    expect(contacts).toHaveLength(1);
    expect(contacts[0].phone).toBe(PHONE);
    const conversations = await all(t, "conversations");
    expect(conversations).toHaveLength(3);
    expect(new Set(conversations.map((c) => c.contact_id))).toEqual(new Set([contacts[0]._id]));
  });

  test("the phone comes from message.from when the conversation has none", async () => {
    await createWorkspace(t);
    await send(t, inboundText({ wamid: "wamid.FROM", phone: null, from: "08139250849" }));
    expect((await all(t, "contacts"))[0].phone).toBe(PHONE);
  });

  test("a lead known only by business-scoped user id is keyed on it", async () => {
    await createWorkspace(t);
    const first = inboundText({
      wamid: "wamid.B1",
      conversationId: "conv-b1",
      phone: null,
      from: null,
      bsuid: "ID.1234567890",
    });
    const second = inboundText({
      wamid: "wamid.B2",
      conversationId: "conv-b2",
      phone: null,
      from: null,
      bsuid: "ID.1234567890",
    });
    expect((await send(t, first)).json.status).toBe("processed");
    expect((await send(t, second)).json.status).toBe("processed");
    const contacts = await all(t, "contacts");
    expect(contacts).toHaveLength(1);
    expect(contacts[0].business_scoped_user_id).toBe("ID.1234567890");
    expect(contacts[0].phone).toBeUndefined();
    // When the phone shows up later, the same lead gets it.
    const third = inboundText({ wamid: "wamid.B3", conversationId: "conv-b3", bsuid: "ID.1234567890" });
    await send(t, third);
    const after = await all(t, "contacts");
    expect(after).toHaveLength(1);
    expect(after[0].phone).toBe(PHONE);
  });

  test("a payload with neither phone nor bsuid is 422 naming conversation.phone_number", async () => {
    await createWorkspace(t);
    const res = await send(t, inboundText({ wamid: "wamid.NOID", phone: null, from: null }));
    expect(res.status).toBe(422);
    expect(res.json.error).toContain("conversation.phone_number");
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });
  });

  test("a lead without a Kapso name is Unknown until Kapso names it", async () => {
    await createWorkspace(t);
    await send(t, inboundText({ wamid: "wamid.N1", contactName: null, timestamp: 1764122400 }));
    const [unnamed] = await all(t, "contacts");
    expect(unnamed.name).toBe("Unknown");
    expect(unnamed.search_text).toBe(`Unknown ${PHONE}`);
    await send(t, inboundText({ wamid: "wamid.N2", contactName: "Budi Santoso", timestamp: 1764122410 }));
    const [named] = await all(t, "contacts");
    expect(named.name).toBe("Budi Santoso");
    expect(named.search_text).toBe(`Budi Santoso ${PHONE}`);
    expect((await all(t, "conversations"))[0]).toMatchObject({
      search_text: `Budi Santoso ${PHONE}`,
      contact_name: "Budi Santoso",
      contact_phone: PHONE,
    });
    // A later, different Kapso name does not replace a real one.
    await send(t, inboundText({ wamid: "wamid.N3", contactName: "Someone Else", timestamp: 1764122420 }));
    expect((await all(t, "contacts"))[0].name).toBe("Budi Santoso");
  });

  test("Kapso's name reaches every conversation of the lead, not only the one it came in", async () => {
    await createWorkspace(t);
    await send(
      t,
      inboundText({ wamid: "wamid.C1", conversationId: "conv-old", contactName: null, timestamp: 1764122400 }),
    );
    await send(
      t,
      inboundText({ wamid: "wamid.C2", conversationId: "conv-new", contactName: null, timestamp: 1764122410 }),
    );
    expect((await all(t, "conversations")).map((c) => c.contact_name)).toEqual(["Unknown", "Unknown"]);
    await send(
      t,
      inboundText({
        wamid: "wamid.C3",
        conversationId: "conv-new",
        contactName: "Budi Santoso",
        timestamp: 1764122420,
      }),
    );
    for (const conversation of await all(t, "conversations")) {
      expect(conversation).toMatchObject({
        contact_name: "Budi Santoso",
        contact_phone: PHONE,
        search_text: `Budi Santoso ${PHONE}`,
      });
    }
  });

  test("a lead with many conversations gets the name in all of them, the rest by a scheduled continuation", async () => {
    vi.useFakeTimers();
    await createWorkspace(t);
    await send(
      t,
      inboundText({ wamid: "wamid.M0", conversationId: "conv-0", contactName: null, timestamp: 1764122400 }),
    );
    const [lead] = await all(t, "contacts");
    const extra = LEAD_CONVERSATIONS_INLINE + 5;
    await t.run(async (ctx) => {
      for (let i = 1; i <= extra; i++) {
        await ctx.db.insert("conversations", {
          workspace_id: lead.workspace_id,
          contact_id: lead._id,
          kapso_conversation_id: `conv-${i}`,
          status: "ended",
          last_active_at: i,
          ...conversationLeadFields(lead),
        });
      }
    });
    await send(
      t,
      inboundText({ wamid: "wamid.M1", conversationId: "conv-0", contactName: "Budi Santoso", timestamp: 1764122500 }),
    );
    // The delivery updates a bounded number of conversations itself...
    const named = async () => (await all(t, "conversations")).filter((c) => c.contact_name === "Budi Santoso").length;
    expect(await named()).toBe(LEAD_CONVERSATIONS_INLINE);
    // ...and the scheduled continuation the others.
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await named()).toBe(extra + 1);
  });

  test("a business-scoped lead's phone, once Kapso sends it, reaches its other conversations", async () => {
    await createWorkspace(t);
    await send(
      t,
      inboundText({ wamid: "wamid.P1", conversationId: "conv-p1", phone: null, from: null, bsuid: "ID.555" }),
    );
    const [before] = await all(t, "conversations");
    expect(before.contact_phone).toBeUndefined();
    await send(
      t,
      inboundText({ wamid: "wamid.P2", conversationId: "conv-p2", bsuid: "ID.555", timestamp: 1764122500 }),
    );
    expect((await all(t, "conversations")).map((c) => c.contact_phone)).toEqual([PHONE, PHONE]);
  });

  test("a name a person edited is never overwritten", async () => {
    await createWorkspace(t);
    await send(t, inboundText({ wamid: "wamid.E1", contactName: null }));
    const [lead] = await all(t, "contacts");
    await t.run(async (ctx) => {
      await ctx.db.patch("contacts", lead._id, { name: "Unknown", name_edited_at: Date.now() });
    });
    await send(t, inboundText({ wamid: "wamid.E2", contactName: "Budi Santoso", timestamp: 1764122500 }));
    expect((await all(t, "contacts"))[0].name).toBe("Unknown");
  });
});

describe("ordering", () => {
  async function sendStatus(name: "sentText" | "delivered" | "read" | "failed") {
    return await deliverFixture(t, name);
  }

  test("a status event for an unknown wamid creates the message", async () => {
    await createWorkspace(t);
    const res = await sendStatus("delivered");
    expect(res.json).toMatchObject({ status: "processed", messages: { created: 1 } });
    const message = await messageByWamid(t, "wamid.HBgNNjI4MTM5MjUwODQ5FQIAERgST1VUQk9VTkQwMDAwMDAx");
    expect(message).toMatchObject({
      direction: "outbound",
      status: "delivered",
      content: "Halo Kak Budi, stok paket premium masih ada. Mau dikirim ke mana?",
      timestamp: 1764122520_000,
    });
    const [conversation] = await all(t, "conversations");
    expect(conversation).toMatchObject({
      last_message_direction: "outbound",
      waiting_for_reply: false,
      unread_count: 0,
    });
  });

  test("statuses move forward only: read then delivered stays read", async () => {
    await createWorkspace(t);
    await sendStatus("sentText");
    await sendStatus("read");
    const late = await sendStatus("delivered");
    expect(late.json.messages).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect((await messageByWamid(t, "wamid.HBgNNjI4MTM5MjUwODQ5FQIAERgST1VUQk9VTkQwMDAwMDAx")).status).toBe("read");
    expect(await counts(t)).toMatchObject({ messages: 1 });
  });

  test("sent, delivered, read in order each move the status", async () => {
    await createWorkspace(t);
    const wamid = "wamid.HBgNNjI4MTM5MjUwODQ5FQIAERgST1VUQk9VTkQwMDAwMDAx";
    await sendStatus("sentText");
    expect((await messageByWamid(t, wamid)).status).toBe("sent");
    expect((await sendStatus("delivered")).json.messages.updated).toBe(1);
    expect((await messageByWamid(t, wamid)).status).toBe("delivered");
    await sendStatus("read");
    expect((await messageByWamid(t, wamid)).status).toBe("read");
  });

  test("failed keeps WhatsApp's error; failed after delivered stays delivered", async () => {
    await createWorkspace(t);
    await sendStatus("failed");
    const failedWamid = "wamid.HBgNNjI4MTM5MjUwODQ5FQIAERgSRkFJTEVEMDAwMDAwMQ==";
    expect(await messageByWamid(t, failedWamid)).toMatchObject({
      status: "failed",
      error_code: 131047,
      error_title: "Re-engagement message",
      error_message: "More than 24 hours have passed since the recipient last replied.",
    });

    // Same failure payload, but for a message already delivered.
    const deliveredWamid = "wamid.HBgNNjI4MTM5MjUwODQ5FQIAERgST1VUQk9VTkQwMDAwMDAx";
    await sendStatus("delivered");
    const lateFailure = fixtureJson("failed");
    lateFailure.message.id = deliveredWamid;
    lateFailure.message.kapso.statuses[0].id = deliveredWamid;
    const res = await send(t, lateFailure, "whatsapp.message.failed");
    expect(res.json.messages).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const stillDelivered = await messageByWamid(t, deliveredWamid);
    expect(stillDelivered.status).toBe("delivered");
    expect(stillDelivered.error_code).toBeUndefined();
  });

  test("an older message arriving late never moves activity or the preview back", async () => {
    await createWorkspace(t);
    await send(t, inboundText({ wamid: "wamid.NEW", text: "newer", timestamp: 1764123000 }));
    await send(t, inboundText({ wamid: "wamid.OLD", text: "older", timestamp: 1764122000 }));
    const [conversation] = await all(t, "conversations");
    expect(conversation).toMatchObject({
      last_active_at: 1764123000_000,
      last_message_at: 1764123000_000,
      last_message_preview: "newer",
      unread_count: 2,
    });
    const [contact] = await all(t, "contacts");
    expect(contact.lastActivityAt).toBe(1764123000_000);
    expect(contact.last_inbound_at).toBe(1764123000_000);
    expect(await counts(t)).toMatchObject({ messages: 2 });
  });

  test("an older outbound message does not clear waiting_for_reply", async () => {
    await createWorkspace(t);
    await send(t, inboundText({ wamid: "wamid.IN", timestamp: 1764123000 }));
    const outbound = fixtureJson("sentText"); // timestamp 1764122520, older
    await send(t, outbound, "whatsapp.message.sent");
    const [conversation] = await all(t, "conversations");
    expect(conversation).toMatchObject({ waiting_for_reply: true, last_message_direction: "inbound" });
    // A newer outbound one does.
    const newer = fixtureJson("sentText");
    newer.message.id = "wamid.OUT2";
    newer.message.timestamp = "1764123100";
    await send(t, newer, "whatsapp.message.sent");
    expect((await all(t, "conversations"))[0]).toMatchObject({
      waiting_for_reply: false,
      last_message_direction: "outbound",
      last_active_at: 1764123100_000,
    });
  });
});

describe("conversations", () => {
  test("conversation.ended ends the conversation", async () => {
    await createWorkspace(t);
    await deliverFixture(t, "receivedText");
    const res = await deliverFixture(t, "conversationEnded");
    expect(res.json).toMatchObject({ status: "processed", items: 1 });
    const [conversation] = await all(t, "conversations");
    expect(conversation.status).toBe("ended");
    expect(await counts(t)).toMatchObject({ contacts: 1, conversations: 1, messages: 1 });
  });

  test("conversation.created creates an active conversation and its lead; inactive changes nothing", async () => {
    await createWorkspace(t);
    const created = fixtureJson("conversationEnded");
    created.conversation.status = "active";
    created.conversation.id = "conv-new";
    expect((await send(t, created, "whatsapp.conversation.created")).json.status).toBe("processed");
    const [conversation] = await all(t, "conversations");
    expect(conversation).toMatchObject({ kapso_conversation_id: "conv-new", status: "active" });
    expect((await all(t, "contacts"))[0]).toMatchObject({ phone: PHONE, name: "Unknown" });

    const inactive = { ...created, since_message: { id: "m" }, inactivity: { minutes: 60 } };
    expect((await send(t, inactive, "whatsapp.conversation.inactive")).json.status).toBe("processed");
    expect((await all(t, "conversations"))[0].status).toBe("active");
  });

  test("a late conversation.created does not reopen an ended conversation", async () => {
    await createWorkspace(t);
    await deliverFixture(t, "conversationEnded");
    const created = fixtureJson("conversationEnded");
    await send(t, created, "whatsapp.conversation.created");
    expect((await all(t, "conversations"))[0].status).toBe("ended");
  });
});

describe("dashboard replies", () => {
  const OUT_WAMID = "wamid.HBgNNjI4MTM5MjUwODQ5FQIAERgST1VUQk9VTkQwMDAwMDAx";
  const REPLY = "Halo Kak Budi, stok paket premium masih ada. Mau dikirim ke mana?";

  async function seedReply(status: "pending" | "unknown", content = REPLY): Promise<Id<"messages">> {
    await deliverFixture(t, "receivedText");
    const [conversation] = await all(t, "conversations");
    return await t.run(async (ctx) =>
      ctx.db.insert("messages", {
        workspace_id: conversation.workspace_id,
        conversation_id: conversation._id,
        contact_id: conversation.contact_id,
        direction: "outbound",
        type: "text",
        content,
        status,
        timestamp: Date.now(),
        sent_by: "user_1",
        ...(status === "unknown" ? { error_message: "Unknown, check Kapso" } : {}),
      }),
    );
  }

  test.each(["pending", "unknown"] as const)(
    "Kapso's sent webhook adopts the %s reply instead of adding a row",
    async (status) => {
      await createWorkspace(t);
      const replyId = await seedReply(status);
      const res = await deliverFixture(t, "sentText");
      expect(res.json.messages).toEqual({ created: 0, updated: 1, unchanged: 0 });
      const outbound = (await all(t, "messages")).filter((m) => m.direction === "outbound");
      expect(outbound).toHaveLength(1);
      expect(outbound[0]).toMatchObject({
        _id: replyId,
        kapso_message_id: OUT_WAMID,
        status: "sent",
        timestamp: 1764122520_000,
        sent_by: "user_1",
      });
      expect(outbound[0].error_message).toBeUndefined();
      // Later statuses find it by wamid.
      await deliverFixture(t, "read");
      expect((await messageByWamid(t, OUT_WAMID)).status).toBe("read");
    },
  );

  test("adoptDashboardReply takes the oldest matching reply once per delivery", async () => {
    await createWorkspace(t);
    const first = await seedReply("pending");
    const [conversation] = await all(t, "conversations");
    const second = await t.run(async (ctx) => {
      const doc = (await ctx.db.get("messages", first))!;
      const { _id, _creationTime, ...copy } = doc;
      void _id;
      void _creationTime;
      return await ctx.db.insert("messages", copy);
    });
    const picked = await t.run(async (ctx) => {
      const adopted = new Set<Id<"messages">>();
      const a = await adoptDashboardReply(ctx, conversation._id, { content: ` ${REPLY} ` }, adopted);
      const b = await adoptDashboardReply(ctx, conversation._id, { content: REPLY }, adopted);
      const c = await adoptDashboardReply(ctx, conversation._id, { content: REPLY }, adopted);
      const other = await adoptDashboardReply(ctx, conversation._id, { content: "nope" });
      return [a?._id, b?._id, c, other];
    });
    expect(picked).toEqual([first, second, null, null]);
  });

  test("a reply with other text is not adopted", async () => {
    await createWorkspace(t);
    await seedReply("pending", "Something else");
    await deliverFixture(t, "sentText");
    const outbound = (await all(t, "messages")).filter((m) => m.direction === "outbound");
    expect(outbound).toHaveLength(2);
    expect(outbound.find((m) => m.content === "Something else")?.status).toBe("pending");
  });
});

describe("unmatched deliveries and replay", () => {
  test("deliveries before the workspace exists are replayed once it does", async () => {
    expect((await deliverFixture(t, "receivedText")).json.status).toBe("unmatched");
    expect((await deliverFixture(t, "batchReceived")).json.status).toBe("unmatched");
    expect((await deliverFixture(t, "read")).json.status).toBe("unmatched");
    // Another number's delivery stays unmatched.
    const other = inboundText({ wamid: "wamid.OTHERNUM", phoneNumberId: "111222333" });
    expect((await send(t, other)).json.status).toBe("unmatched");
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 4 });

    // Creating the workspace schedules the replay itself.
    vi.useFakeTimers();
    const workspaceId = await createWorkspace(t);
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 4 });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await counts(t)).toEqual({ contacts: 1, conversations: 1, messages: 5, webhookEvents: 4, files: 0 });
    const events = await all(t, "webhookEvents");
    const replayed = events.filter((e) => e.status === "processed");
    expect(replayed).toHaveLength(3);
    for (const e of replayed) {
      expect(e.workspace_id).toBe(workspaceId);
      expect(e.replayed_at).toBeTypeOf("number");
      expect(e.raw_body).toBeUndefined();
    }
    expect(events.filter((e) => e.status === "unmatched")).toHaveLength(1);
    expect((await all(t, "conversations"))[0].unread_count).toBe(4);

    // Replaying again does nothing.
    expect(await t.action(internal.webhookDeliveries.replayWaiting, { workspaceId })).toEqual({
      replayed: 0,
      more: false,
    });
    expect(await counts(t)).toMatchObject({ messages: 5 });
  });

  test("changing a workspace's phone number id replays the deliveries waiting for the new number", async () => {
    const workspaceId = await createWorkspace(t, { kapsoPhoneNumberId: "111222333" });
    await addMember(t, workspaceId, "user_admin", "admin");
    expect((await deliverFixture(t, "receivedText")).json.status).toBe("unmatched");
    const admin = t.withIdentity({ subject: "user_admin", issuer: "https://clerk.test" });
    const settings = { workspaceId, name: "Toko Budi", defaultCountry: "ID", timezone: "Asia/Jakarta" };

    vi.useFakeTimers();
    // A change that keeps the number schedules nothing.
    await admin.mutation(api.workspaces.update, {
      ...settings,
      name: "Toko Budi Jaya",
      kapsoPhoneNumberId: "111222333",
    });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });

    await admin.mutation(api.workspaces.update, { ...settings, kapsoPhoneNumberId: FIXTURE_PHONE_NUMBER_ID });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await counts(t)).toEqual({ contacts: 1, conversations: 1, messages: 1, webhookEvents: 1, files: 0 });
    const [event] = await all(t, "webhookEvents");
    expect(event).toMatchObject({ status: "processed", workspace_id: workspaceId });
    expect((await all(t, "messages"))[0].workspace_id).toBe(workspaceId);
  });

  test("creating a workspace with no deliveries waiting schedules nothing", async () => {
    await createWorkspace(t);
    const scheduled = await t.run(async (ctx) => await ctx.db.system.query("_scheduled_functions").collect());
    expect(scheduled).toEqual([]);
  });

  test("a repeated unmatched delivery is a duplicate", async () => {
    await deliverFixture(t, "receivedText", { key: "u1" });
    expect((await deliverFixture(t, "receivedText", { key: "u1" })).json.status).toBe("duplicate");
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1 });
  });
});

describe("raw bodies near 1 MiB", () => {
  function padded(size: number): string {
    const payload = fixtureJson("receivedText");
    payload.padding = "";
    const base = JSON.stringify(payload).length;
    payload.padding = "x".repeat(size - base);
    const body = JSON.stringify(payload);
    expect(body.length).toBe(size);
    return body;
  }

  test("a large unmatched delivery is kept in file storage and replays", async () => {
    const body = padded(MAX_WEBHOOK_BODY_BYTES - 10);
    expect(body.length).toBeGreaterThan(RAW_BODY_INLINE_LIMIT);
    const res = await deliver(t, { body, event: "whatsapp.message.received" });
    expect(res.json.status).toBe("unmatched");
    const [event] = await all(t, "webhookEvents");
    expect(event.raw_body).toBeUndefined();
    expect(event.raw_body_storage_id).toBeDefined();
    const stored = await t.run(async (ctx) => await (await ctx.storage.get(event.raw_body_storage_id!))!.text());
    expect(stored).toBe(body);

    vi.useFakeTimers();
    await createWorkspace(t);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await counts(t)).toEqual({ contacts: 1, conversations: 1, messages: 1, webhookEvents: 1, files: 0 });
  });

  test("a large invalid body is recorded with its bytes in file storage", async () => {
    await createWorkspace(t);
    const body = "y".repeat(MAX_WEBHOOK_BODY_BYTES);
    const res = await deliver(t, { body });
    expect(res.status).toBe(400);
    const [event] = await all(t, "webhookEvents");
    expect(event.status).toBe("invalid");
    expect(event.raw_body_storage_id).toBeDefined();
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1, files: 1 });
  });

  test("a large body under a repeated key leaves no stray file", async () => {
    await createWorkspace(t);
    const body = "z".repeat(RAW_BODY_INLINE_LIMIT + 1);
    await deliver(t, { body, key: "big" });
    expect((await deliver(t, { body, key: "big" })).json.status).toBe("duplicate");
    expect(await counts(t)).toEqual({ ...NOTHING, webhookEvents: 1, files: 1 });
  });
});
