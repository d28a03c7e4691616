// Payloads from Kapso's and Meta's public documentation (tests/fixtures/kapso/documented.ts),
// posted signed through t.fetch exactly as Kapso would.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createWorkspace, newTest, type TestConvex } from "./test.harness";
import { internal } from "./_generated/api";
import { TEST_SECRET, deliver, deliveryInit, uniqueKey } from "../tests/convex/kapsoDeliveries";
import { documented, type DocumentedName } from "../tests/fixtures/kapso/documented";

let t: TestConvex;

beforeEach(() => {
  vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
  t = newTest();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

type Body = Record<string, unknown>;

function post(name: DocumentedName, change?: (body: Body) => void, options: { key?: string; secret?: string } = {}) {
  const fixture = documented[name];
  const body = structuredClone(fixture.body) as Body;
  change?.(body);
  return deliver(t, {
    body: JSON.stringify(body),
    event: fixture.event,
    key: options.key ?? uniqueKey(name),
    secret: options.secret,
  });
}

async function all<T extends "contacts" | "conversations" | "messages" | "webhookEvents">(table: T) {
  return await t.run(async (ctx) => await ctx.db.query(table).collect());
}

async function onlyMessage(wamid: string) {
  const rows = (await all("messages")).filter((m) => m.kapso_message_id === wamid);
  expect(rows).toHaveLength(1);
  return rows[0];
}

function messageOf(body: Body) {
  return body.message as Body & { id: string; timestamp: string };
}

const SIGNED_URL = /https?:\/\//;

describe("every documented message type is stored readably", () => {
  const cases: Array<{ name: DocumentedName; type: string; content: string; details?: Record<string, unknown> }> = [
    { name: "text", type: "text", content: "Hello" },
    {
      name: "imageWithCaption",
      type: "image",
      content: "Photo description",
      details: { media: { id: "media_id_123", mime_type: "image/jpeg", filename: "photo.jpg", size: 204800 } },
    },
    {
      name: "imageWithoutCaption",
      type: "image",
      content: "📷 Photo",
      details: { media: { id: "2754859441498128", mime_type: "image/jpeg", filename: "IMG_0001.jpg", size: 122880 } },
    },
    {
      name: "voice",
      type: "audio",
      content: "🎤 Hello, I need help with my order",
      details: { media: { id: "media_id_456", voice: true } },
    },
    {
      name: "video",
      type: "video",
      content: "Unboxing",
      details: { media: { id: "1166846181421424", mime_type: "video/mp4" } },
    },
    {
      name: "document",
      type: "document",
      content: "📄 Invoice-INV-0042.pdf",
      details: { media: { filename: "Invoice-INV-0042.pdf", mime_type: "application/pdf" } },
    },
    {
      name: "sticker",
      type: "sticker",
      content: "💟 Sticker",
      details: { media: { id: "1229237788407359", mime_type: "image/webp" } },
    },
    {
      name: "location",
      type: "location",
      content: "📍 Toko Maju, Jl. Sudirman 1 (-6.2088, 106.8456)",
      details: { location: { latitude: -6.2088, longitude: 106.8456, name: "Toko Maju", address: "Jl. Sudirman 1" } },
    },
    {
      name: "contacts",
      type: "contacts",
      content: "👤 Barbara Johnson +1 415-555-0829",
      details: {
        contacts: [
          {
            name: "Barbara Johnson",
            phones: ["+1 415-555-0829"],
            emails: ["bjohnson@example.com"],
            organization: "Lucky Shrub",
          },
        ],
      },
    },
    {
      name: "buttonReply",
      type: "interactive",
      content: "Cancel",
      details: {
        reply: { kind: "button_reply", id: "cancel-button", title: "Cancel" },
        reply_to: "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=",
      },
    },
    {
      name: "listReply",
      type: "interactive",
      content: "Priority Mail Express",
      details: {
        reply: {
          kind: "list_reply",
          id: "priority_express",
          title: "Priority Mail Express",
          description: "Next Day to 2 Days",
        },
      },
    },
    {
      name: "flowReply",
      type: "interactive",
      content: "📝 Form sent: Sent",
      details: { reply: { kind: "nfm_reply", title: "Sent" } },
    },
    {
      name: "button",
      type: "button",
      content: "Unsubscribe",
      details: { reply: { kind: "button", title: "Unsubscribe", payload: "Unsubscribe" }, reply_to: "wamid.TEMPLATE1" },
    },
    { name: "reaction", type: "reaction", content: "Reacted 👍" },
    { name: "reactionRemoved", type: "reaction", content: "Removed a reaction" },
    {
      name: "order",
      type: "order",
      content: "🛒 Order: 2 items, Rp 150.000",
      details: {
        order: { catalog_id: "194836987003835", text: "Love these!", item_count: 2, total: 150000, currency: "IDR" },
      },
    },
    {
      name: "system",
      type: "system",
      content: "User John Doe changed from 15551234567 to 12195555358",
      details: { system: { kind: "user_changed_number", wa_id: "12195555358" } },
    },
    { name: "unsupported", type: "unsupported", content: "[unsupported: poll_update]" },
    { name: "futureType", type: "hologram", content: "[unsupported: hologram]" },
    {
      name: "adReferral",
      type: "text",
      content: "Hi, is this still available?",
      details: {
        referral: {
          source_url: "https://fb.me/3cr4Wqqkv",
          source_type: "ad",
          headline: "Chat with us",
          ctwa_clid: expect.stringMatching(/^Aff-/),
        },
      },
    },
    {
      name: "templateSent",
      type: "template",
      content: 'Template "order_confirmation": INV-0042, Rp 150.000',
      details: { template: { name: "order_confirmation", language: "en_US", parameters: ["INV-0042", "Rp 150.000"] } },
    },
  ];

  test.each(cases)("$name → 200, type $type, content $content", async ({ name, type, content, details }) => {
    await createWorkspace(t);
    const res = await post(name);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.status).toBe("processed");
    const message = await onlyMessage(messageOf(documented[name].body).id);
    expect(message.type).toBe(type);
    expect(message.content).toBe(content);
    if (details) {
      expect(message.details).toMatchObject(details);
    }
    // No signed media URL ever reaches the text or the inbox preview.
    expect(message.content).not.toMatch(SIGNED_URL);
    const [conversation] = await all("conversations");
    expect(conversation.last_message_preview ?? "").not.toMatch(SIGNED_URL);
  });

  test("an unknown type keeps its raw object", async () => {
    await createWorkspace(t);
    await post("futureType");
    const message = await onlyMessage("wamid.FUTURE");
    expect(JSON.parse(message.details!.raw!)).toEqual({ id: "h1", depth: 3 });
  });

  test("a voice note's preview is its transcript", async () => {
    await createWorkspace(t);
    await post("voice");
    const [conversation] = await all("conversations");
    expect(conversation.last_message_preview).toBe("🎤 Hello, I need help with my order");
    expect((await onlyMessage("wamid.790")).transcript).toBe("Hello, I need help with my order");
  });

  test("a whitespace-only text is stored, not a 500", async () => {
    await createWorkspace(t);
    const res = await post("text", (b) => {
      messageOf(b).text = { body: "   " };
      (messageOf(b).kapso as Body).content = "   ";
    });
    expect(res.status).toBe(200);
    expect((await onlyMessage("wamid.123")).content).toBe("[empty message]");
  });

  test("a batch whose items are all text-less types lands whole", async () => {
    await createWorkspace(t);
    const names: DocumentedName[] = [
      "location",
      "sticker",
      "contacts",
      "button",
      "order",
      "reactionRemoved",
      "unsupported",
      "futureType",
    ];
    const body = {
      type: "whatsapp.message.received",
      batch: true,
      data: names.map((n) => documented[n].body),
      batch_info: { size: names.length },
    };
    const res = await deliver(t, { body: JSON.stringify(body), event: "whatsapp.message.received", batch: true });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(await all("messages")).toHaveLength(names.length);
  });

  test("a reaction with an empty emoji removes the reaction", async () => {
    await createWorkspace(t);
    await post("reaction");
    await post("reactionRemoved", (b) => (messageOf(b).timestamp = "1730092900"));
    const reactions = (await all("messages")).filter((m) => m.type === "reaction");
    const newest = reactions.sort((a, b) => b.timestamp - a.timestamp)[0];
    expect(newest.reaction_to).toBe("wamid.HBgNNTU0MTIzNDU2Nzg5MA");
    expect(newest.reaction_emoji).toBeUndefined();
  });

  test("status events without kapso.content (delivered, failed) are stored", async () => {
    await createWorkspace(t);
    expect((await post("delivered")).status).toBe(200);
    expect((await post("failed")).status).toBe(200);
    expect(await onlyMessage("wamid.456")).toMatchObject({ status: "delivered", content: "On my way" });
    expect(await onlyMessage("wamid.789.FAILED")).toMatchObject({ status: "failed", error_code: 131047 });
  });

  test("conversation events and marketing preference", async () => {
    await createWorkspace(t);
    expect((await post("conversationCreated")).json.status).toBe("processed");
    expect((await post("conversationInactive")).json.status).toBe("processed");
    expect((await post("conversationEnded")).json.status).toBe("processed");
    expect((await all("conversations"))[0].status).toBe("ended");
    expect((await post("marketingPreference")).json.status).toBe("ignored");
  });
});

describe("one row per wamid", () => {
  test("the same inbound wamid under a new key, timestamp and conversation id is one row", async () => {
    await createWorkspace(t);
    await post("text");
    // Re-sent later with another timestamp and another Kapso conversation id.
    await post("text", (b) => {
      messageOf(b).timestamp = "1730096400";
      (b.conversation as Body).id = "conv_other";
    });
    // And earlier than anything stored, under a third key.
    await post("text", (b) => (messageOf(b).timestamp = "1730000000"));
    expect((await all("messages")).filter((m) => m.kapso_message_id === "wamid.123")).toHaveLength(1);
  });
});

describe("timestamps", () => {
  const now = Date.UTC(2026, 11, 1, 12);
  const bad: Array<[string, unknown]> = [
    ["past Date's range", "8640000000000001"],
    ["400 nines", "9".repeat(400)],
    ["before 2009", "1199145600"],
    ["more than 24 h ahead", String(Math.floor(now / 1000) + 25 * 3600)],
    ["negative", -5],
    ["fractional string", "1730092800.5"],
  ];
  test.each(bad)("%s → 422 naming message.timestamp, recorded invalid with its body", async (_label, timestamp) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
    await createWorkspace(t);
    const res = await post("text", (b) => (messageOf(b).timestamp = timestamp as string));
    expect(res.status).toBe(422);
    expect(res.json.error).toMatch(/message\.timestamp/);
    expect(await all("messages")).toEqual([]);
    const [event] = await all("webhookEvents");
    expect(event.status).toBe("invalid");
    expect(event.raw_body).toContain("wamid.123");
  });

  const good: Array<[string, unknown, number]> = [
    ["seconds as a string", "1730092800", 1730092800_000],
    ["seconds as a number", 1730092800, 1730092800_000],
    ["milliseconds as a string", "1730092800123", 1730092800123],
    ["milliseconds as a number", 1730092800123, 1730092800123],
  ];
  test.each(good)("%s is accepted", async (_label, timestamp, ms) => {
    await createWorkspace(t);
    expect((await post("text", (b) => (messageOf(b).timestamp = timestamp as string))).status).toBe(200);
    expect((await onlyMessage("wamid.123")).timestamp).toBe(ms);
  });
});

describe("replay re-verifies", () => {
  test("a delivery verified by the deployment secret is not applied to a workspace with its own secret", async () => {
    expect((await post("text")).json.status).toBe("unmatched");
    const [waiting] = await all("webhookEvents");
    expect(waiting.verified_with).toBe("deployment");
    expect(waiting.signature).toMatch(/^[0-9a-f]{64}$/);
    vi.useFakeTimers();
    await createWorkspace(t, { kapsoWebhookSecret: "workspace-own-secret" });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await all("messages")).toEqual([]);
    const [event] = await all("webhookEvents");
    expect(event.status).toBe("unmatched");
    expect(event.error).toMatch(/signature/i);
  });

  test("a delivery signed with the workspace's own secret replays once that workspace exists", async () => {
    vi.stubEnv("KAPSO_WEBHOOK_SECRET", "");
    // No secret applies yet: 401, nothing kept.
    expect((await post("text", undefined, { secret: "workspace-own-secret" })).status).toBe(401);
    vi.stubEnv("KAPSO_WEBHOOK_SECRET", "workspace-own-secret");
    expect((await post("text", undefined, { secret: "workspace-own-secret" })).json.status).toBe("unmatched");
    vi.useFakeTimers();
    await createWorkspace(t, { kapsoWebhookSecret: "workspace-own-secret" });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await all("messages")).toHaveLength(1);
  });
});

describe("identity", () => {
  test("a lead known only by BSUID is named by its username", async () => {
    await createWorkspace(t);
    await post("bsuidOnly");
    const [lead] = await all("contacts");
    expect(lead).toMatchObject({
      name: "@testusername",
      business_scoped_user_id: "US.13491208655302741918",
      parent_business_scoped_user_id: "US.ENT.506847293015824",
      username: "@testusername",
    });
  });

  test("BSUID wins over phone when both name different leads", async () => {
    await createWorkspace(t);
    await post("bsuidOnly");
    // A lead with the fixture phone exists too.
    await post("text");
    expect(await all("contacts")).toHaveLength(2);
    // Now Kapso sends the BSUID lead's message with the phone of the other: the BSUID lead gets it.
    await post("text", (b) => {
      messageOf(b).id = "wamid.BOTH";
      (b.conversation as Body).id = "conv_new";
      (b.conversation as Body).business_scoped_user_id = "US.13491208655302741918";
    });
    const message = await onlyMessage("wamid.BOTH");
    const lead = (await all("contacts")).find((c) => c._id === message.contact_id)!;
    expect(lead.business_scoped_user_id).toBe("US.13491208655302741918");
  });

  test("whatsapp.contact.identity_changed updates the existing lead", async () => {
    await createWorkspace(t);
    await post("text", (b) => ((b.conversation as Body).business_scoped_user_id = "US.OLD.13491208655302741918"));
    const res = await post("identityChanged");
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("processed");
    const leads = await all("contacts");
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      business_scoped_user_id: "US.13491208655302741918",
      parent_business_scoped_user_id: "US.ENT.506847293015824",
      username: "@testusername",
      phone: "15551234567",
    });
  });

  test("identity_changed for an unknown lead creates nothing", async () => {
    await createWorkspace(t);
    const res = await post("identityChanged");
    expect(res.status).toBe(200);
    expect(await all("contacts")).toEqual([]);
  });
});

describe("idempotency is scoped to the phone number", () => {
  test("the same key from two workspaces' numbers is two deliveries", async () => {
    await createWorkspace(t);
    await createWorkspace(t, { name: "Other", kapsoPhoneNumberId: "111222333" });
    await post("text", undefined, { key: "shared-key" });
    const res = await post(
      "text",
      (b) => {
        b.phone_number_id = "111222333";
        (b.conversation as Body).phone_number_id = "111222333";
      },
      { key: "shared-key" },
    );
    expect(res.json.status).toBe("processed");
    expect(await all("messages")).toHaveLength(2);
  });
});

describe("unexpected failures", () => {
  /** Posts a signed delivery while the next HMAC computation on the server throws, as a transient fault would. */
  async function postDuringFault(wamid: string, key: string) {
    const body = structuredClone(documented.text.body) as Body;
    messageOf(body).id = wamid;
    const init = await deliveryInit({ body: JSON.stringify(body), event: "whatsapp.message.received", key });
    const sign = vi.spyOn(crypto.subtle, "sign").mockRejectedValueOnce(new Error("transient fault"));
    try {
      const response = await t.fetch("/webhook/kapso", init);
      return { status: response.status, json: await response.json() };
    } finally {
      sign.mockRestore();
    }
  }

  test("an exception while processing is recorded failed with body, signature and error, answered 500, and retried", async () => {
    await createWorkspace(t);
    const res = await postDuringFault("wamid.AFTERBREAK", "breaks");
    expect(res.status).toBe(500);
    const [failed] = await all("webhookEvents");
    expect(failed).toMatchObject({
      status: "failed",
      idempotency_key: "breaks",
      error: expect.stringMatching(/transient fault/),
    });
    expect(failed.raw_body).toContain("wamid.AFTERBREAK");
    expect(failed.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(await all("messages")).toEqual([]);

    // Kapso's retry of the same key is processed, not answered as a duplicate.
    const retry = await post("text", (b) => (messageOf(b).id = "wamid.AFTERBREAK"), { key: "breaks" });
    expect(retry.json.status).toBe("processed");
    const rows = await all("webhookEvents");
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe("processed");
    await onlyMessage("wamid.AFTERBREAK");
  });

  test("the replay function replays failed deliveries like unmatched ones", async () => {
    const workspaceId = await createWorkspace(t);
    expect((await postDuringFault("wamid.LATER", "fails-once")).status).toBe(500);
    const result = await t.action(internal.webhookDeliveries.replayWaiting, { workspaceId });
    expect(result.replayed).toBe(1);
    await onlyMessage("wamid.LATER");
    const [row] = await all("webhookEvents");
    expect(row.status).toBe("processed");
    expect(row.raw_body).toBeUndefined();
  });
});
