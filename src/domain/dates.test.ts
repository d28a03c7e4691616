import { describe, expect, it } from "vitest";
import {
  dateFormat,
  formatDate,
  formatDateTime,
  formatDayLabel,
  formatListWhen,
  formatLocalDate,
  formatTime,
  isSameLocalDay,
  zoneToName,
  type DateContext,
} from "./dates";
import { INTL_LOCALES } from "./locale";
import { seededRandom } from "../../tests/seededRandom";

const jakarta: DateContext = { timeZone: "Asia/Jakarta", locale: "en-GB" };
// 2026-12-01 22:23 in Jakarta is 15:23 UTC: the same instant falls on another day in New York's clock.
const lateEvening = Date.UTC(2026, 11, 1, 15, 23);
const now = Date.UTC(2026, 11, 2, 3, 0); // 10:00 on 2 Dec in Jakarta

describe("the workspace's clock", () => {
  it.each([
    ["Asia/Jakarta", "22:23", "1 Dec 2026"],
    ["UTC", "15:23", "1 Dec 2026"],
    ["Asia/Tokyo", "00:23", "2 Dec 2026"],
    ["America/New_York", "10:23", "1 Dec 2026"],
  ])("in %s reads %s on %s whatever the reader's zone", (timeZone, time, date) => {
    for (const viewerTimeZone of ["UTC", "Asia/Jakarta", "America/Los_Angeles"]) {
      const ctx = { timeZone, locale: "en-GB", viewerTimeZone };
      expect(formatTime(lateEvening, ctx)).toBe(time);
      expect(formatDate(lateEvening, ctx)).toBe(date);
    }
  });

  it("follows the reader's locale", () => {
    expect(formatTime(lateEvening, { ...jakarta, locale: "en-US" })).toBe("10:23 PM");
    expect(formatDate(lateEvening, { ...jakarta, locale: "id-ID" })).toBe("1 Des 2026");
    expect(formatDateTime(lateEvening, { ...jakarta, locale: "id-ID" })).toBe("1 Des 2026, 22.23");
  });
});

describe("naming the zone", () => {
  it.each([
    [undefined, null],
    ["Asia/Jakarta", null],
    // Same offset as Jakarta: the reader's clock reads the same, so nothing to name.
    ["Asia/Bangkok", null],
    ["Europe/Amsterdam", "Asia/Jakarta"],
    ["Asia/Makassar", "Asia/Jakarta"],
  ])("for a reader in %s: %s", (viewerTimeZone, named) => {
    expect(zoneToName(lateEvening, { ...jakarta, viewerTimeZone })).toBe(named);
    const text = formatDateTime(lateEvening, { ...jakarta, viewerTimeZone });
    expect(text).toBe(named ? `1 Dec 2026, 22:23 (${named})` : "1 Dec 2026, 22:23");
  });

  it("compares the clocks at the instant shown, across daylight saving", () => {
    const ctx = { timeZone: "Europe/London", locale: "en-GB", viewerTimeZone: "UTC" };
    expect(zoneToName(Date.UTC(2026, 0, 15, 12), ctx)).toBeNull();
    expect(zoneToName(Date.UTC(2026, 6, 15, 12), ctx)).toBe("Europe/London");
  });
});

describe("day labels and list times", () => {
  const hour = 3_600_000;
  const indonesian: DateContext = { ...jakarta, locale: INTL_LOCALES.id };
  it.each([
    [now - hour, jakarta, "Today", "09:00"],
    // 22:23 the evening before, on the workspace's clock.
    [lateEvening, jakarta, "Yesterday", "Yesterday"],
    [Date.UTC(2026, 10, 30, 3), jakarta, "Monday 30 November", "30 Nov"],
    [Date.UTC(2025, 10, 30, 3), jakarta, "30 November 2025", "30 Nov 2025"],
    [now - hour, indonesian, "Hari ini", "09.00"],
    [lateEvening, indonesian, "Kemarin", "Kemarin"],
    [Date.UTC(2026, 10, 30, 3), indonesian, "Senin, 30 November", "30 Nov"],
    [Date.UTC(2025, 10, 30, 3), indonesian, "30 November 2025", "30 Nov 2025"],
    [Date.UTC(2026, 10, 29, 3), indonesian, "Minggu, 29 November", "29 Nov"],
  ])("%s in %o → %s / %s", (ms, ctx, day, list) => {
    expect(formatDayLabel(ms, now, ctx)).toBe(day);
    expect(formatListWhen(ms, now, ctx)).toBe(list);
  });

  it.each([
    [jakarta, "Today", "Yesterday"],
    [indonesian, "Hari ini", "Kemarin"],
  ])("decides today on the workspace's calendar, not UTC's (%o)", (ctx, today, yesterday) => {
    // 23:30 UTC on 1 Dec is 06:30 on 2 Dec in Jakarta: today there, yesterday in UTC.
    const early = Date.UTC(2026, 11, 1, 23, 30);
    expect(formatDayLabel(early, now, ctx)).toBe(today);
    expect(formatDayLabel(early, now, { ...ctx, timeZone: "UTC" })).toBe(yesterday);
  });

  it("agrees with itself: same local day exactly when the day labels match (seeded instants)", () => {
    const random = seededRandom(20261202);
    for (let i = 0; i < 500; i++) {
      const a = now - Math.floor(random() * 40 * 86_400_000);
      const b = now - Math.floor(random() * 40 * 86_400_000);
      const ctx = { ...jakarta, timeZone: random() < 0.5 ? "Asia/Jakarta" : "America/Santiago" };
      expect(isSameLocalDay(a, b, ctx)).toBe(formatDayLabel(a, now, ctx) === formatDayLabel(b, now, ctx));
    }
  });
});

describe("calendar days", () => {
  it.each([
    ["2026-12-01", "long", "Tue, 1 Dec 2026"],
    ["2026-12-01", "short", "1 Dec"],
    ["not-a-date", "long", "not-a-date"],
  ] as const)("%s (%s) → %s, never shifted by any zone", (date, style, text) => {
    for (const timeZone of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
      expect(formatLocalDate(date, { timeZone, locale: "en-GB", viewerTimeZone: "Pacific/Honolulu" }, style)).toBe(
        text,
      );
    }
  });

  it.each([
    ["long", "Sel, 1 Des 2026"],
    ["short", "1 Des"],
  ] as const)("in Indonesian (%s) → %s", (style, text) => {
    expect(formatLocalDate("2026-12-01", { timeZone: "Asia/Jakarta", locale: INTL_LOCALES.id }, style)).toBe(text);
  });
});

it("dateFormat binds one context and one now", () => {
  const f = dateFormat({ ...jakarta, viewerTimeZone: "UTC" }, now);
  expect(f.timeZone).toBe("Asia/Jakarta");
  expect(f.zoneNote).toBe("Asia/Jakarta");
  expect([f.time(lateEvening), f.dayLabel(lateEvening), f.dateTime(lateEvening)]).toEqual([
    "22:23",
    "Yesterday",
    "1 Dec 2026, 22:23 (Asia/Jakarta)",
  ]);
  expect(f.sameDay(lateEvening, now)).toBe(false);
});
