// Local calendar days of a workspace, in its IANA time zone.
//
// Offsets come from Intl.DateTimeFormat at the instant in question, never from a
// fixed table: New York is UTC-5 or UTC-4 depending on the date, and a few zones
// have skipped or repeated whole days.

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Real UTC offsets lie within -12h..+14h; sampling this far either side of a
// local midnight sees the offsets on both sides of any transition near it.
const OFFSET_SPAN = 15 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      throw new RangeError(`timezone: "${timeZone}" is not an IANA time zone`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local wall-clock time at `instant`, expressed as if it were UTC (ms, whole seconds). */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") {
      parts[part.type] = Number(part.value);
    }
  }
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** UTC offset of `timeZone` at `instant`, in ms (Jakarta: +7h). */
export function utcOffsetMs(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return wallClock(wholeSecond, timeZone) - wholeSecond;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function formatUtcDate(ms: number): LocalDate {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The local date at `instant` in `timeZone`. */
export function localDateAt(instant: number, timeZone: string): LocalDate {
  return formatUtcDate(wallClock(instant, timeZone));
}

/** Parses `YYYY-MM-DD` to its midnight as a UTC timestamp; throws naming `field` if it is not a real date. */
function parseDate(date: string, field = "date"): number {
  const match = DATE_PATTERN.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || formatUtcDate(ms) !== date) {
    throw new RangeError(`${field}: "${date}" is not a calendar date (YYYY-MM-DD)`);
  }
  return ms;
}

export function isLocalDate(value: string): boolean {
  try {
    parseDate(value);
    return true;
  } catch {
    return false;
  }
}

/** `date` moved by `days` calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return formatUtcDate(parseDate(date) + days * DAY);
}

/** The most recent local day that has fully ended at `instant`: yesterday, locally. */
export function lastCompleteLocalDay(instant: number, timeZone: string): LocalDate {
  return addDays(localDateAt(instant, timeZone), -1);
}

/** The first instant whose local wall-clock time is at or after local midnight of `date`. */
function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const midnight = parseDate(date);
  const offsets = new Set([
    utcOffsetMs(midnight - OFFSET_SPAN, timeZone),
    utcOffsetMs(midnight, timeZone),
    utcOffsetMs(midnight + OFFSET_SPAN, timeZone),
  ]);
  // Midnight exists (possibly twice, when clocks fall back across it): take the earliest.
  const exact = [...offsets]
    .map((offset) => midnight - offset)
    .filter((instant) => wallClock(instant, timeZone) === midnight);
  if (exact.length > 0) {
    return Math.min(...exact);
  }
  // Midnight was skipped (clocks sprang forward over it): the day starts at the jump.
  let low = midnight - Math.max(...offsets); // wall clock still before midnight
  let high = midnight - Math.min(...offsets); // wall clock already past it
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (wallClock(mid, timeZone) >= midnight) {
      high = mid;
    } else {
      low = mid;
    }
  }
  return high;
}

/**
 * The local day `date` in `timeZone` as a half-open UTC interval [start, end) in ms.
 * Usually 24 hours; 23 or 25 across DST changes; 0 for a skipped day.
 */
export function localDayBounds(date: LocalDate, timeZone: string): { start: number; end: number } {
  formatterFor(timeZone); // names a bad time zone before a bad date is reported
  return { start: startOfLocalDay(date, timeZone), end: startOfLocalDay(addDays(date, 1), timeZone) };
}

/** The `count` local dates ending with `last`, oldest first. */
export function localDatesEndingAt(last: LocalDate, count: number): LocalDate[] {
  return Array.from({ length: count }, (_, i) => addDays(last, i - count + 1));
}
