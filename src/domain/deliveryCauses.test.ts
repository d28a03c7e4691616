import { describe, expect, it } from "vitest";
import { deliveryCause, prettyBody, type DeliveryCause, type DeliveryFacts } from "./deliveryCauses";
import { retentionDays } from "./deliveryRetention";
import { LEGACY_V1_ERROR } from "./kapsoWebhook";
import { translate } from "@convex/model/i18n";

const base: DeliveryFacts = { status: "invalid", event: "whatsapp.message.received", idempotencyKey: "k" };
const facts = (over: Partial<DeliveryFacts>): DeliveryFacts => ({ ...base, ...over });

describe("deliveryCause", () => {
  it.each<[string, Partial<DeliveryFacts>, RegExp, RegExp]>([
    [
      "v1 payload",
      { error: LEGACY_V1_ERROR },
      /payload version v1/,
      /edit the webhook in Kapso and choose payload version v2/i,
    ],
    [
      "unknown number",
      { status: "unmatched", phoneNumberId: "555" },
      /No workspace has phone number id 555/,
      /Set 555 as the Kapso phone number id/,
    ],
    [
      "number set since",
      { status: "unmatched", phoneNumberId: "555", matchingWorkspace: "Toko Budi" },
      /"Toko Budi" has it now/,
      /Replay it/,
    ],
    ["malformed JSON", { error: "body: not valid UTF-8 JSON" }, /not valid JSON/, /cannot be applied/],
    [
      "no event header",
      { error: "X-Webhook-Event: header is missing" },
      /no X-Webhook-Event header/,
      /replay or dismiss/,
    ],
    [
      "a bad field",
      { error: "message.timestamp: more than a day in the future" },
      /field message\.timestamp is not what this app expects: more than a day in the future/,
      /replay it after the fix/,
    ],
    ["a failed mutation", { status: "failed", error: "Too many reads" }, /threw an error: Too many reads/, /replay it/],
    [
      "a replay refused by the signature",
      { status: "unmatched", error: "not replayed: X-Webhook-Signature: does not match the body" },
      /No workspace has/,
      /Set/,
    ],
    [
      "a failed one refused by the signature",
      {
        status: "failed",
        error: "not replayed: X-Webhook-Signature: does not match the body (checked with the workspace secret)",
      },
      /signature does not match the secret/,
      /Check the webhook secret/,
    ],
    ["missing raw body", { status: "failed", error: "raw body: missing, cannot replay" }, /not kept/, /dismiss/],
    [
      "an ignored event",
      { status: "ignored", event: "whatsapp.template.approved" },
      /does not handle the event whatsapp\.template\.approved/,
      /untick/,
    ],
    ["a duplicate", { status: "duplicate" }, /again under the same key/, /Nothing to do/],
    [
      "no idempotency key",
      { status: "processed", idempotencyKey: "sha256:ab12" },
      /no X-Idempotency-Key/,
      /Nothing to do/,
    ],
  ])("%s", (_name, over, cause, action) => {
    const explained = deliveryCause(facts(over));
    expect(explained && translate("en", explained.cause)).toMatch(cause);
    expect(explained && translate("en", explained.action)).toMatch(action);
  });

  it.each<[string, Partial<DeliveryFacts>, DeliveryCause, RegExp, RegExp]>([
    [
      "unknown number",
      { status: "unmatched", phoneNumberId: "555" },
      {
        cause: { key: "deliveries.causes.unmatchedCause", values: { phoneNumberId: "555" } },
        action: { key: "deliveries.causes.unmatchedAction", values: { phoneNumberId: "555" } },
      },
      /^Tidak ada ruang kerja dengan ID nomor telepon 555\.$/,
      /^Isi 555 sebagai ID nomor telepon Kapso/,
    ],
    [
      "no number at all",
      { status: "unmatched" },
      {
        cause: { key: "deliveries.causes.unmatchedCauseNoNumber" },
        action: { key: "deliveries.causes.unmatchedActionNoNumber" },
      },
      /ID nomor teleponnya/,
      /Isi nomornya/,
    ],
    [
      "number set since",
      { status: "unmatched", phoneNumberId: "555", matchingWorkspace: "Toko Budi" },
      {
        cause: {
          key: "deliveries.causes.unmatchedNowCause",
          values: { phoneNumberId: "555", workspace: "Toko Budi" },
        },
        action: { key: "deliveries.causes.unmatchedNowAction" },
      },
      /kini "Toko Budi" memakainya/,
      /^Proses ulang/,
    ],
    [
      "a failed mutation keeps the raw error as it was written",
      { status: "failed", error: "Too many reads" },
      {
        cause: { key: "deliveries.causes.failedCause", values: { error: "Too many reads" } },
        action: { key: "deliveries.causes.failedAction" },
      },
      /^Pemrosesan gagal dengan kesalahan: Too many reads\./,
      /proses ulang kiriman ini/,
    ],
    [
      "a failure with no message",
      { status: "failed" },
      { cause: { key: "deliveries.causes.failedCauseNoMessage" }, action: { key: "deliveries.causes.failedAction" } },
      /tanpa pesan kesalahan/,
      /proses ulang/,
    ],
    [
      "a bad field",
      { error: "message.timestamp: more than a day in the future" },
      {
        cause: {
          key: "deliveries.causes.fieldCause",
          values: { field: "message.timestamp", problem: "more than a day in the future" },
        },
        action: { key: "deliveries.causes.refusedAction" },
      },
      /^Field message\.timestamp di payload .*: more than a day in the future\.$/,
      /hapus\.$/,
    ],
    [
      "a refusal with no reason",
      {},
      {
        cause: { key: "deliveries.causes.refusedCauseNoReason" },
        action: { key: "deliveries.causes.refusedAction" },
      },
      /tanpa alasan tercatat/,
      /proses ulang/,
    ],
  ])("%s: refs, and the Indonesian sentence", (_name, over, refs, cause, action) => {
    const explained = deliveryCause(facts(over));
    expect(explained).toEqual(refs);
    expect(translate("id", refs.cause)).toMatch(cause);
    expect(translate("id", refs.action)).toMatch(action);
  });

  it("has nothing to explain for a delivery that applied", () => {
    expect(deliveryCause(facts({ status: "processed" }))).toBeNull();
  });
});

describe("prettyBody", () => {
  it("indents JSON and leaves anything else as it is", () => {
    expect(prettyBody('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyBody("{not json")).toBe("{not json");
  });
});

describe("retentionDays", () => {
  it.each([
    [undefined, { ok: true, days: 30 }],
    ["", { ok: true, days: 30 }],
    [" 7 ", { ok: true, days: 7 }],
    ["3650", { ok: true, days: 3650 }],
  ])("reads %j", (raw, expected) => {
    expect(retentionDays(raw)).toEqual(expected);
  });

  it.each(["0", "-3", "1.5", "thirty", "3651"])("refuses %j", (raw) => {
    expect(retentionDays(raw)).toEqual({ ok: false, error: expect.stringContaining(`"${raw}"`) });
  });
});
