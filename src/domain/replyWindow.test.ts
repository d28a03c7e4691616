import { describe, expect, it } from "vitest";
import { REPLY_WINDOW_MS, formatRemaining, replyWindow } from "./replyWindow";

describe("replyWindow", () => {
  const now = 1_800_000_000_000;
  it("is open for 24 hours after the lead's last inbound message", () => {
    expect(replyWindow(now - 1000, now)).toEqual({ open: true, closesAt: now - 1000 + REPLY_WINDOW_MS });
    expect(replyWindow(now - REPLY_WINDOW_MS + 1, now).open).toBe(true);
  });
  it("closes at exactly 24 hours, explaining why", () => {
    const closed = replyWindow(now - REPLY_WINDOW_MS, now);
    expect(closed).toMatchObject({ open: false, closedAt: now });
    expect(!closed.open && closed.explanation).toMatch(/more than 24 hours old/);
  });
  it("is closed when the lead never wrote", () => {
    const closed = replyWindow(undefined, now);
    expect(closed.open).toBe(false);
    expect(!closed.open && closed.explanation).toMatch(/has not written/);
  });
  it("formats the remaining time", () => {
    expect(formatRemaining(3 * 3_600_000 + 12 * 60_000 + 5_000)).toBe("3 h 12 min");
    expect(formatRemaining(59_000)).toBe("0 min");
    expect(formatRemaining(-5)).toBe("0 min");
  });
});
