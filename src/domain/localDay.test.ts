import { describe, expect, it } from "vitest";
import {
  addDays,
  isLocalDate,
  lastCompleteLocalDay,
  localDateAt,
  localDatesEndingAt,
  localDayBounds,
  utcOffsetMs,
} from "./localDay";
import { formatTime } from "./dates";

const HOUR = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

describe("localDayBounds", () => {
  it("gives Jakarta's day as 17:00 UTC the evening before to 17:00 UTC", () => {
    const { start, end } = localDayBounds("2026-11-25", "Asia/Jakarta");
    expect(start).toBe(utc("2026-11-24T17:00:00Z"));
    expect(end).toBe(utc("2026-11-25T17:00:00Z"));
    expect(localDateAt(start, "Asia/Jakarta")).toBe("2026-11-25");
    expect(localDateAt(start - 1, "Asia/Jakarta")).toBe("2026-11-24");
    expect(localDateAt(end - 1, "Asia/Jakarta")).toBe("2026-11-25");
    expect(localDateAt(end, "Asia/Jakarta")).toBe("2026-11-26");
  });

  it("follows New York across both DST changes (23 and 25 hour days)", () => {
    const spring = localDayBounds("2026-03-08", "America/New_York");
    expect(spring.start).toBe(utc("2026-03-08T05:00:00Z"));
    expect(spring.end).toBe(utc("2026-03-09T04:00:00Z"));
    expect(spring.end - spring.start).toBe(23 * HOUR);

    const fall = localDayBounds("2026-11-01", "America/New_York");
    expect(fall.start).toBe(utc("2026-11-01T04:00:00Z"));
    expect(fall.end).toBe(utc("2026-11-02T05:00:00Z"));
    expect(fall.end - fall.start).toBe(25 * HOUR);

    const summer = localDayBounds("2026-07-04", "America/New_York");
    expect(summer.start).toBe(utc("2026-07-04T04:00:00Z"));
    expect(summer.end - summer.start).toBe(24 * HOUR);
  });

  it("handles half-hour and quarter-hour zones", () => {
    expect(localDayBounds("2026-11-25", "Asia/Kolkata")).toEqual({
      start: utc("2026-11-24T18:30:00Z"),
      end: utc("2026-11-25T18:30:00Z"),
    });
    expect(localDayBounds("2026-11-25", "Asia/Kathmandu").start).toBe(utc("2026-11-24T18:15:00Z"));
  });

  it("handles UTC+14 and the day Kiritimati skipped", () => {
    expect(localDayBounds("2026-11-25", "Pacific/Kiritimati")).toEqual({
      start: utc("2026-11-24T10:00:00Z"),
      end: utc("2026-11-25T10:00:00Z"),
    });
    // Kiritimati moved from UTC-10 to UTC+14 by skipping 31 December 1994.
    const skipped = localDayBounds("1994-12-31", "Pacific/Kiritimati");
    expect(skipped.end - skipped.start).toBe(0);
    expect(localDayBounds("1995-01-01", "Pacific/Kiritimati").start).toBe(skipped.end);
  });

  it("starts a day at the jump when clocks skip local midnight", () => {
    // Santiago springs forward at 24:00 on the first Saturday of September: 2026-09-06 starts at 01:00 local.
    const { start, end } = localDayBounds("2026-09-06", "America/Santiago");
    expect(localDateAt(start, "America/Santiago")).toBe("2026-09-06");
    expect(localDateAt(start - 1, "America/Santiago")).toBe("2026-09-05");
    expect(formatTime(start, { timeZone: "America/Santiago", locale: "en-GB" })).toBe("01:00");
    expect(end - start).toBe(23 * HOUR);
  });

  it("tiles consecutive days without gaps or overlaps", () => {
    for (const zone of ["America/New_York", "Asia/Jakarta", "Australia/Lord_Howe", "Europe/London"]) {
      let previous = localDayBounds("2026-01-01", zone);
      for (let i = 1; i < 366; i++) {
        const day = localDayBounds(addDays("2026-01-01", i), zone);
        expect(day.start).toBe(previous.end);
        previous = day;
      }
    }
  });

  it("names a bad time zone or date", () => {
    expect(() => localDayBounds("2026-11-25", "Mars/Base")).toThrow(/timezone: "Mars\/Base"/);
    expect(() => localDayBounds("2026-02-30", "Asia/Jakarta")).toThrow(/date: "2026-02-30"/);
    expect(() => localDayBounds("25/11/2026", "Asia/Jakarta")).toThrow(/date: /);
  });
});

describe("lastCompleteLocalDay", () => {
  it("is the local yesterday, switching exactly at local midnight", () => {
    const midnight = utc("2026-11-25T17:00:00Z"); // 2026-11-26 00:00 in Jakarta
    expect(lastCompleteLocalDay(midnight - 1, "Asia/Jakarta")).toBe("2026-11-24");
    expect(lastCompleteLocalDay(midnight, "Asia/Jakarta")).toBe("2026-11-25");
    // The same instant is still 25 November in New York, so its last complete day is the 24th.
    expect(lastCompleteLocalDay(midnight, "America/New_York")).toBe("2026-11-24");
    expect(lastCompleteLocalDay(midnight, "Pacific/Kiritimati")).toBe("2026-11-25");
  });

  it("differs from the UTC date in zones far from UTC", () => {
    const instant = utc("2026-11-25T23:30:00Z");
    expect(lastCompleteLocalDay(instant, "Pacific/Kiritimati")).toBe("2026-11-25");
    expect(lastCompleteLocalDay(instant, "Asia/Kolkata")).toBe("2026-11-25");
    expect(lastCompleteLocalDay(instant, "America/New_York")).toBe("2026-11-24");
  });
});

describe("helpers", () => {
  it("computes offsets and local times", () => {
    expect(utcOffsetMs(utc("2026-07-01T00:00:00Z"), "America/New_York")).toBe(-4 * HOUR);
    expect(utcOffsetMs(utc("2026-12-01T00:00:00Z"), "America/New_York")).toBe(-5 * HOUR);
    expect(formatTime(utc("2026-11-25T03:05:59Z"), { timeZone: "Asia/Jakarta", locale: "en-GB" })).toBe("10:05");
  });

  it("does calendar arithmetic and validation", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(localDatesEndingAt("2026-11-02", 3)).toEqual(["2026-10-31", "2026-11-01", "2026-11-02"]);
    expect(isLocalDate("2026-11-25")).toBe(true);
    expect(isLocalDate("2026-13-01")).toBe(false);
    expect(isLocalDate("2026-1-1")).toBe(false);
  });
});
