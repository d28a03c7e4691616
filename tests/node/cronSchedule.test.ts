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
    expect(iso(nextRunAt({ type: "weekly", dayOfWeek: "thursday", hourUTC: 9 }, from))).toBe(
      "2026-12-03T09:00:00.000Z",
    );
    expect(iso(nextRunAt({ type: "weekly", dayOfWeek: "thursday", hourUTC: 11 }, from))).toBe(
      "2026-11-26T11:00:00.000Z",
    );
    expect(iso(nextRunAt({ type: "interval", minutes: 5 }, from))).toBe("2026-11-26T10:35:00.000Z");
  });

  it("skips months without the day, like Convex", () => {
    expect(iso(nextRunAt({ type: "monthly", day: 31, hourUTC: 1 }, at("2026-11-26T00:00:00Z")))).toBe(
      "2026-12-31T01:00:00.000Z",
    );
    expect(iso(nextRunAt({ type: "monthly", day: 30, hourUTC: 1 }, at("2027-01-31T00:00:00Z")))).toBe(
      "2027-03-30T01:00:00.000Z",
    );
  });

  it("reads 5-field cron strings in UTC", () => {
    const from = at("2026-11-26T10:30:00Z"); // a Thursday
    const cron = (expression: string, after = from) => iso(nextRunAt({ type: "cron", cron: expression }, after));
    expect(cron("17 * * * *")).toBe("2026-11-26T11:17:00.000Z");
    expect(cron("17 * * * *", at("2026-11-26T10:16:59Z"))).toBe("2026-11-26T10:17:00.000Z");
    expect(cron("*/15 * * * *")).toBe("2026-11-26T10:45:00.000Z");
    expect(cron("0 9-17/4 * * *")).toBe("2026-11-26T13:00:00.000Z");
    expect(cron("0 8 * * 1,3")).toBe("2026-11-30T08:00:00.000Z");
    expect(cron("0 0 1 1 *")).toBe("2027-01-01T00:00:00.000Z");
    expect(cron("0 0 29 2 *")).toBe("2028-02-29T00:00:00.000Z");
    // Day of month OR day of week when both are restricted; 7 is Sunday too.
    expect(cron("0 12 1 * 7")).toBe("2026-11-29T12:00:00.000Z");
  });

  it("names what it cannot read, and returns null for a weekday that does not exist", () => {
    expect(() => nextRunAt({ type: "cron", cron: "0 * * *" }, 0)).toThrow(/expected 5 fields/);
    expect(() => nextRunAt({ type: "cron", cron: "61 * * * *" }, 0)).toThrow(/cron "61 \* \* \* \*": .*minute: 61/);
    expect(() => nextRunAt({ type: "cron", cron: "0 * * * XYZ" }, 0)).toThrow(/cron "0 \* \* \* XYZ": .*\(XYZ\)/);
    expect(() => nextRunAt({ type: "cron", cron: "0 0 31 2 *" }, 0)).toThrow(/never fires/);
    expect(nextRunAt({ type: "weekly", dayOfWeek: "someday", hourUTC: 1 }, 0)).toBeNull();
  });
});
