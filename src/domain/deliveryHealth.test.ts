import { describe, expect, test } from "vitest";
import { translate } from "@convex/model/i18n";
import {
  BASELINE_HOURS,
  baselineOf,
  deliveryHealth,
  emptyCounts,
  hourBars,
  HOUR_MS,
  likelyCause,
  mergeHours,
  quietAlarm,
  quietThresholdHours,
  refusedAlarm,
  type DeliveryCounts,
  type HourCounts,
} from "./deliveryHealth";

const NOW_HOUR = Date.UTC(2026, 11, 2, 12);

function counts(partial: Partial<DeliveryCounts>): DeliveryCounts {
  return { ...emptyCounts(), ...partial };
}

function hour(hoursAgo: number, partial: Partial<DeliveryCounts>, lastReceivedAt?: number): HourCounts {
  const start = NOW_HOUR - hoursAgo * HOUR_MS;
  return { ...counts(partial), hour: start, ...(lastReceivedAt === undefined ? {} : { lastReceivedAt }) };
}

/** `perHour` processed deliveries in every hour of the 7 days except the given silent hours-ago. */
function week(perHour: number, silent: (hoursAgo: number) => boolean = () => false): HourCounts[] {
  const hours: HourCounts[] = [];
  for (let ago = BASELINE_HOURS; ago >= 1; ago--) {
    if (!silent(ago)) {
      hours.push(hour(ago, { processed: perHour }, NOW_HOUR - ago * HOUR_MS + 30 * 60 * 1000));
    }
  }
  return hours;
}

describe("mergeHours", () => {
  test("sums the shards of an hour and keeps the newest delivery time", () => {
    const merged = mergeHours([
      hour(1, { processed: 2, refused: 1 }, NOW_HOUR - HOUR_MS + 10),
      hour(2, { processed: 5 }),
      hour(1, { processed: 3, duplicate: 1 }, NOW_HOUR - HOUR_MS + 20),
    ]);
    expect(merged.map((h) => [h.hour, h.processed, h.duplicate, h.refused, h.lastReceivedAt])).toEqual([
      [NOW_HOUR - 2 * HOUR_MS, 5, 0, 0, undefined],
      [NOW_HOUR - HOUR_MS, 5, 1, 1, NOW_HOUR - HOUR_MS + 20],
    ]);
  });
});

test("hourBars has one bar per hour, empty hours as zero, oldest first", () => {
  const bars = hourBars([hour(1, { processed: 4, failed: 1, refused: 2 })], NOW_HOUR, 3);
  expect(bars).toEqual([
    { hour: NOW_HOUR - 3 * HOUR_MS, received: 0, failures: 0 },
    { hour: NOW_HOUR - 2 * HOUR_MS, received: 0, failures: 0 },
    { hour: NOW_HOUR - HOUR_MS, received: 7, failures: 3 },
  ]);
});

describe("the quiet alarm's threshold, learnt from the workspace's own week", () => {
  test.each([
    { name: "steady traffic: the minimum", silent: () => false, gap: 0, threshold: 6 },
    { name: "closed 8 hours every night", silent: (ago: number) => ago % 24 < 8, gap: 8, threshold: 9 },
    { name: "a 3-hour lull: still the minimum", silent: (ago: number) => ago >= 50 && ago < 53, gap: 3, threshold: 6 },
  ])("$name", ({ silent, gap, threshold }) => {
    const baseline = baselineOf(week(20, silent), NOW_HOUR);
    expect(baseline.longestGapHours).toBe(gap);
    expect(quietThresholdHours(baseline)).toBe(threshold);
  });

  test("the silence before the first and after the last delivery does not count as a gap", () => {
    const baseline = baselineOf([hour(100, { processed: 3000 }), hour(90, { processed: 3000 })], NOW_HOUR);
    expect(baseline.longestGapHours).toBe(9);
    expect(baseline.averagePerHour).toBeCloseTo(6000 / BASELINE_HOURS);
  });

  test("refused deliveries are not traffic", () => {
    expect(baselineOf([hour(5, { refused: 5000 })], NOW_HOUR).averagePerHour).toBe(0);
  });
});

describe("quietAlarm", () => {
  const busy = baselineOf(week(20), NOW_HOUR);
  const nights = baselineOf(
    week(20, (ago) => ago % 24 < 8),
    NOW_HOUR,
  );
  const quiet = baselineOf(week(3), NOW_HOUR);
  test.each([
    { name: "busy, silent 7 h", baseline: busy, silentFor: 7, alarms: true },
    { name: "busy, silent 5 h", baseline: busy, silentFor: 5, alarms: false },
    { name: "busy, silent exactly 6 h", baseline: busy, silentFor: 6, alarms: false },
    { name: "busy with 8-hour nights, silent 8 h (a night)", baseline: nights, silentFor: 8, alarms: false },
    { name: "busy with 8-hour nights, silent 10 h", baseline: nights, silentFor: 10, alarms: true },
    { name: "low traffic (3 an hour), silent 20 h", baseline: quiet, silentFor: 20, alarms: false },
    { name: "low traffic, silent for days", baseline: quiet, silentFor: 100, alarms: false },
  ])("$name → alarm: $alarms", ({ baseline, silentFor, alarms }) => {
    const now = NOW_HOUR + 10 * 60 * 1000;
    const alarm = quietAlarm({ baseline, lastReceivedAt: now - silentFor * HOUR_MS, now });
    expect(alarm !== null).toBe(alarms);
    if (alarm) {
      const average = Math.round(baseline.averagePerHour);
      expect(alarm.message).toEqual({ key: "deliveries.health.quiet", values: { quietHours: silentFor, average } });
      expect(alarm.advice).toEqual({ key: "deliveries.health.quietAdvice" });
      expect(translate("en", alarm.message)).toContain(`No delivery from Kapso for ${silentFor} hours`);
      expect(translate("en", alarm.message)).toContain(`about ${average} an hour`);
      expect(translate("id", alarm.message)).toContain(`Tidak ada kiriman dari Kapso selama ${silentFor} jam`);
      expect(translate("id", alarm.message)).toContain(`sekitar ${average} per jam`);
    }
  });

  test("a workspace that never received a delivery is not quiet", () => {
    expect(quietAlarm({ baseline: busy, lastReceivedAt: undefined, now: NOW_HOUR })).toBeNull();
  });

  test("exactly 10 an hour is not busy; 11 is", () => {
    const lastReceivedAt = NOW_HOUR - 7 * HOUR_MS;
    const at = (n: number) => quietAlarm({ baseline: baselineOf(week(n), NOW_HOUR), lastReceivedAt, now: NOW_HOUR });
    expect(at(10)).toBeNull();
    expect(at(11)).not.toBeNull();
  });
});

describe("refusedAlarm", () => {
  test.each([
    { name: "none refused", c: { processed: 100 }, alarm: null },
    { name: "5 % exactly is not more than 5 %", c: { processed: 95, refused: 5 }, alarm: null },
    { name: "6 % refused (401)", c: { processed: 94, refused: 6 }, alarm: "signature" },
    { name: "all refused, but only 2: one stray request does not alarm", c: { refused: 2 }, alarm: null },
    { name: "3 of 3 refused", c: { refused: 3 }, alarm: "signature" },
    { name: "payload version v1", c: { processed: 10, invalid: 8, invalid_v1: 8 }, alarm: "payload_version" },
    { name: "number mismatch", c: { processed: 10, invalid: 4, invalid_number: 4 }, alarm: "phone_number" },
    { name: "other invalid bodies", c: { processed: 10, invalid: 4, invalid_v1: 1 }, alarm: "payload_shape" },
    { name: "401 and 422 together count", c: { processed: 50, refused: 2, invalid: 2 }, alarm: "signature" },
  ])("$name → $alarm", ({ c, alarm }) => {
    const result = refusedAlarm(counts(c));
    expect(result?.cause ?? null).toBe(alarm);
  });

  test("names the changed secret in plain words", () => {
    const alarm = refusedAlarm(counts({ processed: 10, refused: 30 }));
    expect(alarm?.message).toEqual({
      key: "deliveries.health.refused",
      values: { refused: 30, total: 40, share: 0.75 },
    });
    expect(alarm?.advice).toEqual({ key: "deliveries.health.refusalCauses.signature" });
  });

  test.each([
    {
      locale: "en" as const,
      c: { processed: 10, refused: 30 },
      message: "30 of the last hour's 40 deliveries were refused (75%).",
    },
    {
      locale: "id" as const,
      c: { processed: 10, refused: 30 },
      message: "30 dari 40 kiriman dalam satu jam terakhir ditolak (75%).",
    },
    {
      locale: "en" as const,
      c: { processed: 9000, refused: 1234 },
      message: "1,234 of the last hour's 10,234 deliveries were refused (12%).",
    },
    {
      locale: "id" as const,
      c: { processed: 9000, refused: 1234 },
      message: "1.234 dari 10.234 kiriman dalam satu jam terakhir ditolak (12%).",
    },
  ])("$locale: counts and the share in the language's numbers: $message", ({ locale, c, message }) => {
    const alarm = refusedAlarm(counts(c));
    expect(alarm && translate(locale, alarm.message)).toBe(message);
  });

  test.each([
    ["en" as const, /^Deliveries are arriving with a signature that does not match/],
    ["id" as const, /^Kiriman datang dengan tanda tangan yang tidak cocok/],
  ])("%s: the advice for a changed secret", (locale, advice) => {
    const alarm = refusedAlarm(counts({ processed: 10, refused: 30 }));
    expect(alarm && translate(locale, alarm.advice)).toMatch(advice);
  });

  test("likelyCause picks the largest group", () => {
    expect(likelyCause(counts({ refused: 1, invalid: 5, invalid_v1: 5 }))).toBe("payload_version");
  });
});

describe("deliveryHealth", () => {
  const hours = [hour(30, { processed: 7 }, NOW_HOUR - 30 * HOUR_MS + 5), hour(1, { processed: 1, refused: 4 })];

  test("completed hours only (the inbox): the last completed hour decides the refused alarm", () => {
    const health = deliveryHealth({ hours, currentHour: NOW_HOUR, now: NOW_HOUR + 1 });
    expect(health.bars).toHaveLength(48);
    expect(health.bars.at(-1)).toEqual({ hour: NOW_HOUR - HOUR_MS, received: 5, failures: 4 });
    expect(health.lastReceivedAt).toBe(NOW_HOUR - 30 * HOUR_MS + 5);
    expect(health.last24h).toEqual(counts({ processed: 1, refused: 4 }));
    expect(health.alarms.map((a) => a.kind)).toEqual(["refused"]);
  });

  test("with the live hour (the deliveries page): it joins the bars, the last hour and the last delivery", () => {
    const live = hour(0, { processed: 100 }, NOW_HOUR + 60_000);
    const health = deliveryHealth({ hours, currentHour: NOW_HOUR, live, now: NOW_HOUR + 120_000 });
    expect(health.bars).toHaveLength(49);
    expect(health.bars.at(-1)).toEqual({ hour: NOW_HOUR, received: 100, failures: 0 });
    expect(health.lastReceivedAt).toBe(NOW_HOUR + 60_000);
    expect(health.lastHour).toEqual(counts({ processed: 101, refused: 4 }));
    expect(health.alarms).toEqual([]);
  });

  test("falls back to the last delivery before the window", () => {
    const health = deliveryHealth({ hours: [], currentHour: NOW_HOUR, earlierReceivedAt: 42, now: NOW_HOUR });
    expect(health.lastReceivedAt).toBe(42);
  });
});
