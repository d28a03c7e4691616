import { describe, expect, it } from "vitest";
import { parseSimulateArgs, unauthorizedHint, type DevState } from "../../scripts/simulate/args";
import { buildScenario, signDelivery, type ConversationContext } from "../../scripts/simulate/deliveries";
import { verifyWebhookSignature } from "../../src/domain/webhookSignature";

const ctx: ConversationContext = {
  phoneNumberId: "957104384162113",
  conversationId: "5b0e7a3c-1f7d-4a55-9d1e-2c8f0c1a9b11",
  lead: { name: "Rina Simulasi", phone: "6281277770001" },
  runId: "RUN1",
};
const NOW = Date.parse("2026-11-26T03:00:00Z");

type Msg = {
  id: string;
  timestamp: string;
  kapso: { status: string; statuses?: { status: string; errors?: unknown[] }[] };
};
const messageOf = (body: Record<string, unknown>) => body.message as Msg;

describe("buildScenario", () => {
  const deliveries = buildScenario(ctx, NOW);

  it("covers every kind of delivery in order", () => {
    expect(deliveries.map((d) => d.event)).toEqual([
      "whatsapp.message.received",
      "whatsapp.message.received",
      "whatsapp.message.sent",
      "whatsapp.message.delivered",
      "whatsapp.message.read",
      "whatsapp.message.failed",
      "whatsapp.message.received",
      "whatsapp.message.received",
      "whatsapp.conversation.ended",
    ]);
    expect(deliveries.map((d) => d.label)).toContain("duplicate delivery (inbound text again)");
  });

  it("repeats the first delivery exactly for the duplicate, and keys everything else uniquely", () => {
    expect(deliveries[7].body).toEqual(deliveries[0].body);
    expect(deliveries[7].idempotencyKey).toBe(deliveries[0].idempotencyKey);
    const keys = deliveries
      .slice(0, 7)
      .concat(deliveries[8])
      .map((d) => d.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("addresses the workspace's number and the lead in every body", () => {
    for (const d of deliveries) {
      const items = d.body.batch ? (d.body.data as Record<string, unknown>[]) : [d.body];
      for (const item of items) {
        expect(item.phone_number_id).toBe(ctx.phoneNumberId);
        expect(item.conversation).toMatchObject({ id: ctx.conversationId, phone_number: "+6281277770001" });
      }
    }
    expect(deliveries[0].body.is_new_conversation).toBe(true);
    expect((deliveries[8].body.conversation as { status: string }).status).toBe("ended");
  });

  it("moves one reply through sent, delivered and read, with the history growing", () => {
    const replies = deliveries.slice(2, 5).map((d) => messageOf(d.body));
    expect(new Set(replies.map((m) => m.id)).size).toBe(1);
    expect(replies.map((m) => m.kapso.status)).toEqual(["sent", "delivered", "read"]);
    expect(replies.map((m) => m.kapso.statuses!.map((s) => s.status))).toEqual([
      ["sent"],
      ["sent", "delivered"],
      ["sent", "delivered", "read"],
    ]);
    const failed = messageOf(deliveries[5].body);
    expect(failed.kapso.statuses![0]).toMatchObject({
      status: "failed",
      errors: [expect.objectContaining({ code: 131047 })],
    });
  });

  it("sends a batch envelope of three inbound messages with unix-second string timestamps", () => {
    const batch = deliveries[6];
    expect(batch.batchSize).toBe(3);
    expect(batch.body).toMatchObject({
      type: "whatsapp.message.received",
      batch: true,
      batch_info: { size: 3, conversation_id: ctx.conversationId },
    });
    const stamps = (batch.body.data as Record<string, unknown>[]).map((item) => messageOf(item).timestamp);
    expect(stamps.every((s) => /^\d{10}$/.test(s))).toBe(true);
    expect(stamps.map(Number)).toEqual([...stamps.map(Number)].sort((a, b) => a - b));
    expect(Number(stamps[0]) * 1000).toBeLessThanOrEqual(NOW);
  });
});

describe("signDelivery", () => {
  it("signs the exact body bytes and sets Kapso's headers", async () => {
    const [text, , , , , , batch] = buildScenario(ctx, NOW);
    const signed = await signDelivery(text, "s3cret");
    expect(await verifyWebhookSignature("s3cret", signed.body, signed.headers["X-Webhook-Signature"])).toBe(true);
    expect(await verifyWebhookSignature("other", signed.body, signed.headers["X-Webhook-Signature"])).toBe(false);
    expect(signed.headers).toMatchObject({
      "X-Webhook-Event": "whatsapp.message.received",
      "X-Idempotency-Key": text.idempotencyKey,
      "X-Webhook-Payload-Version": "v2",
    });
    expect(signed.headers["X-Webhook-Batch"]).toBeUndefined();
    expect((await signDelivery(batch, "s3cret")).headers).toMatchObject({
      "X-Webhook-Batch": "true",
      "X-Batch-Size": "3",
    });
  });
});

describe("parseSimulateArgs", () => {
  const dev: DevState = {
    webhookUrl: "http://127.0.0.1:3211/webhook/kapso",
    webhookSecret: "devsecret",
    phoneNumberId: "957104384162113",
    backend: "offline",
  };

  it.each([
    [["--lead-phone", "08139250849"], "628139250849"],
    [["--lead-phone", "+62 813-9250-849"], "628139250849"],
    [["--lead-phone", "628139250849"], "628139250849"],
    [["--lead-phone", "0612345678", "--country", "nl"], "31612345678"],
  ])("reads the lead's number %j as the webhook would (%s)", (argv, phone) => {
    expect(parseSimulateArgs(argv, dev)).toMatchObject({ leadPhone: phone });
  });

  it("says exactly what to pass when the webhook refuses the signature", () => {
    const hint = unauthorizedHint(["--delay", "0", "--secret", "old-secret"]);
    expect(hint).toContain("401");
    expect(hint).toContain("npm run simulate -- --delay 0 --secret <the secret saved in Settings>");
    expect(hint).not.toContain("old-secret");
  });

  it("targets what npm run dev started when no URL is given", () => {
    expect(parseSimulateArgs([], dev)).toMatchObject({
      url: dev.webhookUrl,
      secret: "devsecret",
      phoneNumberId: dev.phoneNumberId,
      delayMs: 700,
    });
  });

  it("takes a real deployment's URL, secret and number", () => {
    const args = [
      "--url",
      "https://happy-otter-123.convex.site/webhook/kapso",
      "--secret",
      "abc",
      "--phone-number-id",
      "123",
      "--delay",
      "0",
    ];
    expect(parseSimulateArgs(args, null)).toMatchObject({
      url: "https://happy-otter-123.convex.site/webhook/kapso",
      secret: "abc",
      phoneNumberId: "123",
      delayMs: 0,
    });
  });

  it("never sends dev's secret to another URL", () => {
    expect(() => parseSimulateArgs(["--url", "https://x.convex.site/webhook/kapso"], dev)).toThrow(
      /^--secret: required/,
    );
  });

  it("names the bad option", () => {
    expect(() => parseSimulateArgs([], null)).toThrow(/^--url: no webhook URL/);
    expect(() => parseSimulateArgs(["--url", "not a url", "--secret", "s"], null)).toThrow(
      /^--url: "not a url" is not a URL/,
    );
    expect(() => parseSimulateArgs(["--url", "ftp://x/y", "--secret", "s"], null)).toThrow(/^--url: .* must be http/);
    expect(() => parseSimulateArgs(["--url", "http://x/y", "--secret", "s"], null)).toThrow(
      /^--phone-number-id: required/,
    );
    expect(() => parseSimulateArgs(["--phone-number-id", "12a"], dev)).toThrow(
      /^--phone-number-id: "12a" must be digits/,
    );
    expect(() => parseSimulateArgs(["--delay=-1"], dev)).toThrow(/^--delay: "-1"/);
    expect(() => parseSimulateArgs(["--lead-phone", "+62 812"], dev)).toThrow(/^--lead-phone/);
    expect(() => parseSimulateArgs(["--lead-phone", "0813", "--country", "ID"], dev)).toThrow(
      /^--lead-phone: "0813" is not a phone number .* local to ID/,
    );
    expect(() => parseSimulateArgs(["--bogus"], dev)).toThrow(/bogus/);
    expect(parseSimulateArgs(["--help"], null)).toBe("help");
  });
});
