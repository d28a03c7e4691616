import { describe, expect, test } from "vitest";
import { translate } from "@convex/model/i18n";
import { canAdvanceStatus, isMessageStatus, laterStatus, MESSAGE_STATUSES, statusLabel } from "./messageStatus";

describe("canAdvanceStatus", () => {
  test.each([
    ["sent", "delivered", true],
    ["delivered", "read", true],
    ["sent", "read", true],
    ["sent", "failed", true],
    ["failed", "delivered", true],
    ["pending", "sent", true],
    ["unknown", "sent", true],
    ["unknown", "failed", true],
    ["read", "delivered", false],
    ["delivered", "failed", false],
    ["read", "failed", false],
    ["delivered", "sent", false],
    ["failed", "sent", false],
    ["read", "read", false],
    ["sent", "pending", false],
  ] as const)("%s → %s: %s", (current, next, allowed) => {
    expect(canAdvanceStatus(current, next)).toBe(allowed);
  });
});

test("laterStatus keeps the furthest status", () => {
  expect(laterStatus("read", "delivered")).toBe("read");
  expect(laterStatus("sent", "delivered")).toBe("delivered");
  expect(laterStatus("delivered", "failed")).toBe("delivered");
});

test("isMessageStatus recognises exactly the stored statuses", () => {
  for (const status of MESSAGE_STATUSES) {
    expect(isMessageStatus(status)).toBe(true);
  }
  expect(isMessageStatus("queued")).toBe(false);
  expect(isMessageStatus(3)).toBe(false);
});

test.each([
  ["pending", "Sending", "Mengirim"],
  ["sent", "Sent", "Dikirim"],
  ["delivered", "Delivered", "Terkirim"],
  ["read", "Read", "Dibaca"],
  ["failed", "Failed", "Gagal"],
] as const)("statusLabel names %s as WhatsApp does: %s / %s", (status, en, id) => {
  const ref = statusLabel(status);
  expect(ref).toEqual({ key: `inbox.status.${status}` });
  expect(translate("en", ref!)).toBe(en);
  expect(translate("id", ref!)).toBe(id);
});

test("statusLabel has no words for inbound or unknown messages", () => {
  expect(statusLabel("received")).toBeNull();
  expect(statusLabel("unknown")).toBeNull();
});
