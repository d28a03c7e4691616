import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  LEGACY_V1_ERROR,
  MAX_TEXT_LENGTH,
  decodeJson,
  findPhoneNumberId,
  isBatchDelivery,
  isLegacyV1,
  messagePreview,
  parseKapsoDelivery,
  toMillis,
  type ParsedDelivery,
} from "./kapsoWebhook";

function fixture(name: string) {
  return JSON.parse(readFileSync(new URL(`../../tests/fixtures/kapso/${name}.json`, import.meta.url), "utf8"));
}

function parse(event: string | null, body: unknown, batchHeader: string | null = null): ParsedDelivery {
  return parseKapsoDelivery({ event, payloadVersion: "v2", batchHeader, body });
}

function items(result: ParsedDelivery) {
  if (result.kind !== "items") {
    throw new Error(`expected items, got ${JSON.stringify(result)}`);
  }
  return result.items;
}

describe("parseKapsoDelivery: message events", () => {
  test("an inbound text message", () => {
    const result = parse("whatsapp.message.received", fixture("message-received-text"));
    expect(result).toMatchObject({
      kind: "items",
      event: "whatsapp.message.received",
      phoneNumberId: "957104384162113",
      batch: false,
    });
    expect(items(result)).toEqual([
      {
        conversation: {
          kapsoId: "5b0e7a3c-1f7d-4a55-9d1e-2c8f0c1a9b11",
          phone: "+62 813-9250-849",
          contactName: "Budi Santoso",
          status: "active",
          lastActiveAt: Date.parse("2026-11-26T02:00:00Z"),
        },
        message: {
          wamid: "wamid.HBgNNjI4MTM5MjUwODQ5FQIAEhggQTFCMkMzRDRFNUY2",
          direction: "inbound",
          type: "text",
          content: "Halo, masih ada stok paket premium?",
          status: "received",
          timestamp: 1764122400000,
          origin: "cloud_api",
        },
      },
    ]);
  });

  test("an image keeps media url, mime type, file name and caption", () => {
    const [item] = items(parse("whatsapp.message.received", fixture("message-received-image")));
    expect(item.message).toMatchObject({
      type: "image",
      content: "Ini bukti transfer",
      caption: "Ini bukti transfer",
      mediaUrl: "https://api.kapso.ai/media/example-image.jpg",
      mediaMimeType: "image/jpeg",
      mediaFilename: "bukti.jpg",
    });
    // The fixture's conversation has no contact name.
    expect(item.conversation.contactName).toBeUndefined();
  });

  test("failed status carries WhatsApp's error from kapso.statuses[].errors", () => {
    const [item] = items(parse("whatsapp.message.failed", fixture("message-failed")));
    expect(item.message).toMatchObject({
      direction: "outbound",
      status: "failed",
      errorCode: 131047,
      errorTitle: "Re-engagement message",
      errorMessage: "More than 24 hours have passed since the recipient last replied.",
    });
    expect(item.conversation.phone).toBe("+628139250849");
  });

  test("the furthest of event, kapso.status and history wins", () => {
    const payload = fixture("message-delivered");
    payload.message.kapso.status = "read";
    expect(items(parse("whatsapp.message.delivered", payload))[0].message?.status).toBe("read");
    const sent = fixture("message-sent-text");
    expect(items(parse("whatsapp.message.delivered", sent))[0].message?.status).toBe("delivered");
  });

  test("audio shows its transcript, never Kapso's rendering; a reaction says what it is", () => {
    const payload = fixture("message-received-text");
    payload.message.type = "audio";
    delete payload.message.text;
    payload.message.audio = { id: "a1", mime_type: "audio/ogg" };
    payload.message.kapso.content = "[audio]";
    payload.message.kapso.transcript = { text: "tolong kirim hari ini" };
    expect(items(parse("whatsapp.message.received", payload))[0].message).toMatchObject({
      type: "audio",
      content: "🎤 tolong kirim hari ini",
      transcript: "tolong kirim hari ini",
      mediaMimeType: "audio/ogg",
    });

    const reaction = fixture("message-received-text");
    reaction.message.type = "reaction";
    delete reaction.message.text;
    delete reaction.message.kapso.content;
    reaction.message.reaction = { message_id: "wamid.TARGET", emoji: "👍" };
    expect(items(parse("whatsapp.message.received", reaction))[0].message).toMatchObject({
      content: "Reacted 👍",
      reactionTo: "wamid.TARGET",
      reactionEmoji: "👍",
    });
  });

  test("the phone falls back to message.from (inbound) / message.to (outbound)", () => {
    const inbound = fixture("message-received-text");
    delete inbound.conversation.phone_number;
    expect(items(parse("whatsapp.message.received", inbound))[0].conversation.phone).toBe("628139250849");
    const outbound = fixture("message-sent-text");
    delete outbound.conversation.phone_number;
    outbound.message.to = "628111";
    expect(items(parse("whatsapp.message.sent", outbound))[0].conversation.phone).toBe("628111");
  });

  test("a batch envelope yields one item per payload", () => {
    const result = parse("whatsapp.message.received", fixture("batch-message-received"), "true");
    expect(result).toMatchObject({ kind: "items", batch: true });
    expect(items(result).map((i) => i.message?.wamid)).toEqual([
      "wamid.BATCH0000",
      "wamid.BATCH0001",
      "wamid.BATCH0002",
    ]);
  });

  test("a batch mixing WhatsApp numbers is invalid", () => {
    const batch = fixture("batch-message-received");
    batch.data[1].phone_number_id = "999";
    const result = parse("whatsapp.message.received", batch);
    expect(result).toMatchObject({ kind: "invalid", httpStatus: 422 });
    expect(result.kind === "invalid" && result.error).toContain("data.1.phone_number_id");
  });
});

describe("parseKapsoDelivery: other outcomes", () => {
  test("conversation events set the status", () => {
    const ended = items(parse("whatsapp.conversation.ended", fixture("conversation-ended")));
    expect(ended[0]).toMatchObject({
      setStatus: "ended",
      conversation: { kapsoId: "5b0e7a3c-1f7d-4a55-9d1e-2c8f0c1a9b11" },
    });
    expect(items(parse("whatsapp.conversation.created", fixture("conversation-ended")))[0].setStatus).toBe("active");
    expect(items(parse("whatsapp.conversation.inactive", fixture("conversation-ended")))[0].setStatus).toBeUndefined();
  });

  test("unhandled events are ignored without validating the body", () => {
    expect(parse("workflow.execution.handoff", { anything: true })).toEqual({
      kind: "ignored",
      event: "workflow.execution.handoff",
    });
  });

  test("a missing event is invalid, naming the header", () => {
    expect(parse(null, fixture("message-received-text"))).toMatchObject({
      kind: "invalid",
      error: expect.stringContaining("X-Webhook-Event"),
    });
  });

  test("schema errors name every bad field", () => {
    const payload = fixture("message-received-text");
    delete payload.phone_number_id;
    payload.message.kapso.direction = "sideways";
    const result = parse("whatsapp.message.received", payload);
    expect(result.kind).toBe("invalid");
    if (result.kind !== "invalid") {
      return;
    }
    expect(result.error).toContain("phone_number_id");
    expect(result.error).toContain("message.kapso.direction");
  });

  test("over-long text fields are refused, so no row can outgrow a Convex document", () => {
    const payload = fixture("message-received-text");
    payload.message.text.body = "x".repeat(MAX_TEXT_LENGTH + 1);
    const result = parse("whatsapp.message.received", payload);
    expect(result).toMatchObject({ kind: "invalid", error: expect.stringContaining("message.text.body") });
  });

  test("legacy v1 is refused with a clear message", () => {
    const v1 = {
      message: { id: "w", message_type: "text" },
      conversation: { id: "c" },
      whatsapp_config: { phone_number_id: "1" },
    };
    expect(parse("whatsapp.message.received", v1)).toEqual({
      kind: "invalid",
      httpStatus: 422,
      error: LEGACY_V1_ERROR,
    });
    expect(isLegacyV1(fixture("message-received-text"), "v1")).toBe(true);
    expect(isLegacyV1(fixture("message-received-text"), "v2")).toBe(false);
  });
});

describe("helpers", () => {
  test("findPhoneNumberId reads single payloads, batches and v1 leniently", () => {
    expect(findPhoneNumberId(fixture("message-received-text"))).toBe("957104384162113");
    expect(findPhoneNumberId(fixture("batch-message-received"))).toBe("957104384162113");
    expect(findPhoneNumberId({ whatsapp_config: { phone_number_id: "42" } })).toBe("42");
    expect(findPhoneNumberId({ conversation: { phone_number_id: "7" } })).toBe("7");
    expect(findPhoneNumberId("nope")).toBeUndefined();
    expect(findPhoneNumberId(null)).toBeUndefined();
  });

  test("decodeJson rejects invalid UTF-8 and invalid JSON", () => {
    expect(decodeJson(new TextEncoder().encode('{"a":1}'))).toEqual({ ok: true, text: '{"a":1}', value: { a: 1 } });
    expect(decodeJson(new TextEncoder().encode("{a"))).toMatchObject({ ok: false });
    expect(decodeJson(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({ ok: false });
  });

  test("isBatchDelivery: header or body flag", () => {
    expect(isBatchDelivery({}, "true")).toBe(true);
    expect(isBatchDelivery({ batch: true }, null)).toBe(true);
    expect(isBatchDelivery({}, null)).toBe(false);
  });

  test("toMillis converts unix seconds and keeps milliseconds", () => {
    expect(toMillis("1764122400")).toBe(1764122400000);
    expect(toMillis(1764122400000)).toBe(1764122400000);
  });

  test("messagePreview collapses whitespace, truncates, and names empty messages by type", () => {
    expect(messagePreview({ content: " a\n b ", type: "text" })).toBe("a b");
    expect(messagePreview({ content: "", type: "image" })).toBe("[image]");
    const long = messagePreview({ content: "x".repeat(500), type: "text" });
    expect(long).toHaveLength(120);
    expect(long.endsWith("…")).toBe(true);
  });
});
