import { describe, expect, it } from "vitest";
import { nextRunAt } from "../../scripts/offline-backend/cronSchedule";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe("nextRunAt", () => {
  it("runs a daily job later today, or tomorrow once today's time has passed", () => {
    const daily = { type: "daily", hourUTC: 17, minuteUTC: 5 } as const;
    expect(iso(nextRunAt(daily, at("2026-11-26T10:00:00Z")))).toBe("2026-11-26T17:05:00.000Z");
    expect(iso(nextRunAt(daily, at("2026-11-26T17:05:00Z")))).toBe("2026-11-27T17:05:00.000Z");
    expect(iso(nextRunAt({ type: "daily", hourUTC: 0 }, at("2026-12-31T23:59:00Z")))).toBe("2027-01-01T00:00:00.000Z");
  });

  it("handles hourly, weekly, monthly and interval schedules", () => {
    const from = at("2026-11-26T10:30:00Z"); // a Thursday
    expect(iso(nextRunAt({ type: "hourly", minuteUTC: 15 }, from))).toBe("2026-11-26T11:15:00.000Z");
    expect(iso(nextRunAt({ type: "hourly", minuteUTC: 45 }, from))).toBe("2026-11-26T10:45:00.000Z");
    expect(iso(nextRunAt({ type: "weekly", dayOfWeek: "monday", hourUTC: 9 }, from))).toBe("2026-11-30T09:00:00.000Z");
    expect(iso(nextRunAt({ type: "weekly", dayOfWeek: "thursday", hourUTC: 9 }, from))).toBe("2026-12-03T09:00:00.000Z");
    expect(iso(nextRunAt({ type: "weekly", dayOfWeek: "thursday", hourUTC: 11 }, from))).toBe("2026-11-26T11:00:00.000Z");
    expect(iso(nextRunAt({ type: "interval", minutes: 5 }, from))).toBe("2026-11-26T10:35:00.000Z");
  });

  it("skips months without the day, like Convex", () => {
    expect(iso(nextRunAt({ type: "monthly", day: 31, hourUTC: 1 }, at("2026-11-26T00:00:00Z")))).toBe("2026-12-31T01:00:00.000Z");
    expect(iso(nextRunAt({ type: "monthly", day: 30, hourUTC: 1 }, at("2027-01-31T00:00:00Z")))).toBe("2027-03-30T01:00:00.000Z");
  });

  it("returns null for cron strings and unknown days, which the offline backend does not run", () => {
    expect(nextRunAt({ type: "cron", cron: "0 * * * *" }, 0)).toBeNull();
    expect(nextRunAt({ type: "weekly", dayOfWeek: "someday", hourUTC: 1 }, 0)).toBeNull();
  });
});
