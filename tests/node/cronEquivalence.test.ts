import { describe, expect, it } from "vitest";
import { nextCronRunByCroner, nextCronRunByHand } from "../../scripts/offline-backend/cronSchedule";

// croner replaces the hand-written parser: both must fire at the same instants.
const EXPRESSIONS = ["17 * * * *", "*/15 * * * *", "0 9-17/4 * * *", "0 8 * * 1,3", "0 0 1 1 *", "0 0 29 2 *", "0 12 1 * 7", "5,35 */6 10-20 * 1-5"];
const FIRINGS = 6;

function firings(next: (expression: string, after: number) => number, expression: string, from: number): string[] {
  const out: string[] = [];
  let t = from;
  for (let i = 0; i < FIRINGS; i++) {
    t = next(expression, t);
    out.push(new Date(t).toISOString());
  }
  return out;
}

describe("croner against the hand-written cron parser", () => {
  for (const expression of EXPRESSIONS) {
    it(`"${expression}" fires at the same ${FIRINGS} instants`, () => {
      for (const from of [Date.parse("2026-11-26T10:30:00Z"), Date.parse("2027-02-27T23:59:30.500Z")]) {
        expect(firings(nextCronRunByCroner, expression, from)).toEqual(firings(nextCronRunByHand, expression, from));
      }
    });
  }
});
