import { describe, expect, it } from "vitest";
import { translate } from "@convex/model/i18n";
import { REPLY_WINDOW_MS, formatRemaining, replyWindow } from "./replyWindow";

describe("replyWindow", () => {
  const now = 1_800_000_000_000;
  it("is open for 24 hours after the lead's last inbound message", () => {
    expect(replyWindow(now - 1000, now)).toEqual({ open: true, closesAt: now - 1000 + REPLY_WINDOW_MS });
    expect(replyWindow(now - REPLY_WINDOW_MS + 1, now).open).toBe(true);
  });
  it("closes at exactly 24 hours, explaining why", () => {
    const closed = replyWindow(now - REPLY_WINDOW_MS, now);
    expect(closed).toEqual({ open: false, closedAt: now, explanation: { key: "inbox.window.expired" } });
  });
  it("is closed when the lead never wrote", () => {
    expect(replyWindow(undefined, now)).toEqual({
      open: false,
      closedAt: null,
      explanation: { key: "inbox.window.neverWrote" },
    });
  });
  it.each([
    ["en", now - REPLY_WINDOW_MS, /more than 24 hours old/],
    ["en", undefined, /has not written/],
    ["id", now - REPLY_WINDOW_MS, /lebih dari 24 jam/],
    ["id", undefined, /belum pernah menulis/],
  ] as const)("explains the closed window in %s (last inbound %s)", (locale, lastInbound, sentence) => {
    const closed = replyWindow(lastInbound, now);
    expect(!closed.open && translate(locale, closed.explanation)).toMatch(sentence);
  });
  it.each([
    [3 * 3_600_000 + 12 * 60_000 + 5_000, "3 h 12 min", "3 jam 12 mnt"],
    [59_000, "0 min", "0 mnt"],
    [-5, "0 min", "0 mnt"],
    [60 * 60_000, "1 h 0 min", "1 jam 0 mnt"],
  ])("formats %i ms remaining as %s / %s", (ms, en, id) => {
    expect(translate("en", formatRemaining(ms))).toBe(en);
    expect(translate("id", formatRemaining(ms))).toBe(id);
  });
});
