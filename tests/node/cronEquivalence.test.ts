import { describe, expect, it } from "vitest";
import { nextRunAt } from "../../scripts/offline-backend/cronSchedule";

// The firings the offline backend's former hand-written parser computed from
// 2026-11-26T10:30Z (checked equal to croner's on 96 firings before it was
// removed): croner must keep reproducing them.
const FROM = Date.parse("2026-11-26T10:30:00Z");
const FIRINGS: Record<string, string[]> = {
  "17 * * * *": [
    "2026-11-26T11:17:00.000Z",
    "2026-11-26T12:17:00.000Z",
    "2026-11-26T13:17:00.000Z",
    "2026-11-26T14:17:00.000Z",
    "2026-11-26T15:17:00.000Z",
  ],
  "*/15 * * * *": [
    "2026-11-26T10:45:00.000Z",
    "2026-11-26T11:00:00.000Z",
    "2026-11-26T11:15:00.000Z",
    "2026-11-26T11:30:00.000Z",
    "2026-11-26T11:45:00.000Z",
  ],
  "0 9-17/4 * * *": [
    "2026-11-26T13:00:00.000Z",
    "2026-11-26T17:00:00.000Z",
    "2026-11-27T09:00:00.000Z",
    "2026-11-27T13:00:00.000Z",
    "2026-11-27T17:00:00.000Z",
  ],
  "0 8 * * 1,3": [
    "2026-11-30T08:00:00.000Z",
    "2026-12-02T08:00:00.000Z",
    "2026-12-07T08:00:00.000Z",
    "2026-12-09T08:00:00.000Z",
    "2026-12-14T08:00:00.000Z",
  ],
  "0 0 1 1 *": [
    "2027-01-01T00:00:00.000Z",
    "2028-01-01T00:00:00.000Z",
    "2029-01-01T00:00:00.000Z",
    "2030-01-01T00:00:00.000Z",
    "2031-01-01T00:00:00.000Z",
  ],
  "0 0 29 2 *": [
    "2028-02-29T00:00:00.000Z",
    "2032-02-29T00:00:00.000Z",
    "2036-02-29T00:00:00.000Z",
    "2040-02-29T00:00:00.000Z",
    "2044-02-29T00:00:00.000Z",
  ],
  "0 12 1 * 7": [
    "2026-11-29T12:00:00.000Z",
    "2026-12-01T12:00:00.000Z",
    "2026-12-06T12:00:00.000Z",
    "2026-12-13T12:00:00.000Z",
    "2026-12-20T12:00:00.000Z",
  ],
  "5,35 */6 10-20 * 1-5": [
    "2026-11-26T12:05:00.000Z",
    "2026-11-26T12:35:00.000Z",
    "2026-11-26T18:05:00.000Z",
    "2026-11-26T18:35:00.000Z",
    "2026-11-27T00:05:00.000Z",
  ],
};

describe("cron strings through croner", () => {
  for (const [expression, expected] of Object.entries(FIRINGS)) {
    it(`"${expression}" fires as before`, () => {
      const got: string[] = [];
      let t = FROM;
      for (let i = 0; i < expected.length; i++) {
        t = nextRunAt({ type: "cron", cron: expression }, t)!;
        got.push(new Date(t).toISOString());
      }
      expect(got).toEqual(expected);
    });
  }
});
