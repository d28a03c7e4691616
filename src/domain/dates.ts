// One way to write dates and times for people: the workspace's clock (the team's working day), the reader's
// language, and the zone named wherever the reader's own clock would read differently.
import { addDays, localDateAt, utcOffsetMs, type LocalDate } from "./localDay";

export type DateContext = {
  /** The workspace's IANA time zone; every instant is shown on its clock. */
  timeZone: string;
  /** BCP 47 locale of the reader's language (INTL_LOCALES); the runtime's default when absent. */
  locale?: string;
  /** The reader's own time zone; when its offset differs, date-and-time texts name the workspace's zone. */
  viewerTimeZone?: string;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(ctx: DateContext, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${ctx.locale ?? ""}|${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(ctx.locale, { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };
const DATE: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" };
const DATE_TIME: Intl.DateTimeFormatOptions = { ...DATE, ...TIME };
const DAY_THIS_YEAR: Intl.DateTimeFormatOptions = { weekday: "long", day: "numeric", month: "long" };
const DAY_OTHER_YEAR: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric" };
const SHORT_DAY: Intl.DateTimeFormatOptions = { day: "numeric", month: "short" };
const LONG_LOCAL_DATE: Intl.DateTimeFormatOptions = { weekday: "short", ...DATE };

/**
 * The workspace's zone when the reader's clock reads differently at `ms` (Asia/Jakarta and Asia/Bangkok
 * read the same, so neither is named to the other), else null.
 */
export function zoneToName(ms: number, ctx: DateContext): string | null {
  if (!ctx.viewerTimeZone || ctx.viewerTimeZone === ctx.timeZone) {
    return null;
  }
  return utcOffsetMs(ms, ctx.viewerTimeZone) === utcOffsetMs(ms, ctx.timeZone) ? null : ctx.timeZone;
}

/** "22:23" (or "10:23 PM", as the locale writes it) on the workspace's clock. */
export function formatTime(ms: number, ctx: DateContext): string {
  return formatter(ctx, ctx.timeZone, TIME).format(ms);
}

/** "1 Dec 2026" on the workspace's clock. */
export function formatDate(ms: number, ctx: DateContext): string {
  return formatter(ctx, ctx.timeZone, DATE).format(ms);
}

/** "1 Dec 2026, 22:23", followed by " (Asia/Jakarta)" when the reader's clock would read differently. */
export function formatDateTime(ms: number, ctx: DateContext): string {
  const text = formatter(ctx, ctx.timeZone, DATE_TIME).format(ms);
  const zone = zoneToName(ms, ctx);
  return zone ? `${text} (${zone})` : text;
}

/** A calendar day (`YYYY-MM-DD`), never shifted by any clock: "Tue, 1 Dec 2026" or "1 Dec". */
export function formatLocalDate(date: LocalDate, ctx: DateContext, style: "long" | "short" = "long"): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) {
    return date;
  }
  return formatter(ctx, "UTC", style === "long" ? LONG_LOCAL_DATE : SHORT_DAY).format(ms);
}

const relativeDays = new Map<string, Intl.RelativeTimeFormat>();

/**
 * "Today" or "Yesterday" in the context's language, as Intl words them ("hari ini", "kemarin"), capitalised: a
 * label starts a line.
 */
function relativeDay(daysBack: 0 | 1, ctx: DateContext): string {
  const key = ctx.locale ?? "";
  let f = relativeDays.get(key);
  if (!f) {
    f = new Intl.RelativeTimeFormat(ctx.locale, { numeric: "auto" });
    relativeDays.set(key, f);
  }
  const word = f.format(-daysBack, "day");
  return word.charAt(0).toLocaleUpperCase(ctx.locale) + word.slice(1);
}

/** Which local day `ms` falls on, relative to `now`: 0 today, 1 yesterday, ... (negative in the future). */
function daysAgo(ms: number, now: number, timeZone: string): number {
  const day = localDateAt(ms, timeZone);
  const today = localDateAt(now, timeZone);
  if (day === today) {
    return 0;
  }
  return day === addDays(today, -1) ? 1 : Math.round((Date.parse(today) - Date.parse(day)) / 86_400_000);
}

function sameLocalYear(ms: number, now: number, timeZone: string): boolean {
  return localDateAt(ms, timeZone).slice(0, 4) === localDateAt(now, timeZone).slice(0, 4);
}

/**
 * A day separator: "Today", "Yesterday", "Monday 30 November", or "30 November 2025" in another year
 * ("Hari ini", "Kemarin", "Senin, 30 November", "30 November 2025" in Indonesian).
 */
export function formatDayLabel(ms: number, now: number, ctx: DateContext): string {
  const ago = daysAgo(ms, now, ctx.timeZone);
  if (ago === 0 || ago === 1) {
    return relativeDay(ago, ctx);
  }
  const options = sameLocalYear(ms, now, ctx.timeZone) ? DAY_THIS_YEAR : DAY_OTHER_YEAR;
  return formatter(ctx, ctx.timeZone, options).format(ms);
}

/** A list's "when" column: the time today, "Yesterday", "30 Nov" this year, "30 Nov 2025" before. */
export function formatListWhen(ms: number, now: number, ctx: DateContext): string {
  const ago = daysAgo(ms, now, ctx.timeZone);
  if (ago === 0) {
    return formatTime(ms, ctx);
  }
  if (ago === 1) {
    return relativeDay(1, ctx);
  }
  return sameLocalYear(ms, now, ctx.timeZone)
    ? formatter(ctx, ctx.timeZone, SHORT_DAY).format(ms)
    : formatDate(ms, ctx);
}

/** Whether two instants fall on the same day of the workspace's calendar (for day separators). */
export function isSameLocalDay(a: number, b: number, ctx: DateContext): boolean {
  return localDateAt(a, ctx.timeZone) === localDateAt(b, ctx.timeZone);
}

export type DateFormat = {
  timeZone: string;
  /** The workspace's zone when the reader's clock differs now (for a "Times are in …" note), else null. */
  zoneNote: string | null;
  time: (ms: number) => string;
  date: (ms: number) => string;
  dateTime: (ms: number) => string;
  dayLabel: (ms: number) => string;
  listWhen: (ms: number) => string;
  localDate: (date: LocalDate, style?: "long" | "short") => string;
  sameDay: (a: number, b: number) => boolean;
};

/** The formatters above bound to one context and one "now", for components and server-side texts alike. */
export function dateFormat(ctx: DateContext, now: number): DateFormat {
  return {
    timeZone: ctx.timeZone,
    zoneNote: zoneToName(now, ctx),
    time: (ms) => formatTime(ms, ctx),
    date: (ms) => formatDate(ms, ctx),
    dateTime: (ms) => formatDateTime(ms, ctx),
    dayLabel: (ms) => formatDayLabel(ms, now, ctx),
    listWhen: (ms) => formatListWhen(ms, now, ctx),
    localDate: (date, style) => formatLocalDate(date, ctx, style),
    sameDay: (a, b) => isSameLocalDay(a, b, ctx),
  };
}
