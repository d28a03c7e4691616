// When a Convex cron (as stored by `cronJobs()` in `crons.ts`) fires next.
// convex-test does not run crons, so the offline backend times them itself
// (cron strings through croner).

import { Cron } from "croner";

export type CronSchedule =
  | { type: "interval"; seconds?: number; minutes?: number; hours?: number }
  | { type: "hourly"; minuteUTC?: number }
  | { type: "daily"; hourUTC: number; minuteUTC?: number }
  | { type: "weekly"; dayOfWeek: string; hourUTC: number; minuteUTC?: number }
  | { type: "monthly"; day: number; hourUTC: number; minuteUTC?: number }
  | { type: "cron"; cron: string };

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function intervalMs(s: Extract<CronSchedule, { type: "interval" }>): number {
  return ((s.seconds ?? 0) + (s.minutes ?? 0) * 60 + (s.hours ?? 0) * 3600) * 1000;
}

/** Next firing of a 5-field cron string (UTC, like Convex); day of month and day of week OR when both are set. */
function nextCronRun(expression: string, after: number): number {
  if (expression.trim().split(/\s+/).length !== 5) {
    throw new Error(`cron "${expression}": expected 5 fields (minute hour day month weekday)`);
  }
  let next: Date | null;
  try {
    next = new Cron(expression, { timezone: "UTC", paused: true }).nextRun(new Date(after));
  } catch (error) {
    throw new Error(`cron "${expression}": ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!next) {
    throw new Error(`cron "${expression}": never fires`);
  }
  return next.getTime();
}

/**
 * The first time strictly after `after` (ms since the epoch) at which the schedule fires,
 * or null for a weekly schedule naming no real day. Throws for a cron string it cannot read.
 * Intervals count from `after`, as Convex counts them from deployment.
 */
export function nextRunAt(schedule: CronSchedule, after: number): number | null {
  const minute = "minuteUTC" in schedule ? (schedule.minuteUTC ?? 0) : 0;
  const start = new Date(after);
  switch (schedule.type) {
    case "interval":
      return after + Math.max(intervalMs(schedule), 1000);
    case "hourly": {
      const t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), start.getUTCHours(), minute);
      return t > after ? t : t + HOUR;
    }
    case "daily": {
      const t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), schedule.hourUTC, minute);
      return t > after ? t : t + DAY;
    }
    case "weekly": {
      const target = DAYS.indexOf(schedule.dayOfWeek);
      if (target < 0) {
        return null;
      }
      const today = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), schedule.hourUTC, minute);
      const t = today + ((target - start.getUTCDay() + 7) % 7) * DAY;
      return t > after ? t : t + 7 * DAY;
    }
    case "monthly": {
      // Months without that day are skipped, as Convex does.
      for (let m = 0; m < 24; m++) {
        const t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, schedule.day, schedule.hourUTC, minute);
        if (new Date(t).getUTCDate() === schedule.day && t > after) {
          return t;
        }
      }
      return null;
    }
    case "cron":
      return nextCronRun(schedule.cron, after);
  }
}
