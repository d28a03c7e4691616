/**
 * When a workspace-day gets a (new) summary run, decided from the day's
 * earlier runs. The hourly cron retries failed days a few times and leaves
 * summarised ones alone; a person asking again always gets a run unless one is
 * already under way.
 */

import { localDateAt, localDayBounds } from "./localDay";

export type RunMode = "cron" | "manual";

/** A run still `running` after this long died without finishing (actions are not retried). */
export const RUN_STALE_MS = 15 * 60_000;
/** The cron gives up on a day after this many failed attempts (each hour is one attempt). */
export const MAX_ATTEMPTS = 3;

export type RunDecision<R> =
  | { process: true; /** Runs that died: to be marked failed before the new one starts. */ stale: R[] }
  | { process: false; reason: "running" | "summarised" | "gave up" };

/** Whether a day needs (another) run, given its runs. */
export function decideRun<R extends { status: string; started_at: number }>(
  runs: R[],
  now: number,
  mode: RunMode,
): RunDecision<R> {
  const stale = runs.filter((r) => r.status === "running" && now - r.started_at >= RUN_STALE_MS);
  if (runs.some((r) => r.status === "running" && now - r.started_at < RUN_STALE_MS)) {
    return { process: false, reason: "running" };
  }
  if (mode === "cron") {
    if (runs.some((r) => r.status === "done" || r.status === "quiet")) {
      return { process: false, reason: "summarised" };
    }
    if (runs.filter((r) => r.status === "failed").length + stale.length >= MAX_ATTEMPTS) {
      return { process: false, reason: "gave up" };
    }
  }
  return { process: true, stale };
}

// The cron fires once an hour; a little under an hour lands a retry on the very next sweep.
const NEXT_SWEEP_MS = 50 * 60_000;

/**
 * When the hourly sweep should look at a workspace again, after looking at it at
 * `asOf`. A settled day (summarised, quiet, given up) waits for the end of the
 * local day under way, when the next day becomes complete; a day with a run under
 * way, or one just started, is looked at again on the next sweep, so a failed run
 * is retried hourly as before. DST-safe: day ends come from the zone's own offsets.
 */
export function nextSummaryCheck(settled: boolean, asOf: number, timeZone: string): number {
  if (!settled) {
    return asOf + NEXT_SWEEP_MS;
  }
  const { end } = localDayBounds(localDateAt(asOf, timeZone), timeZone);
  return Math.max(end, asOf + 1);
}

/**
 * A running summary's progress as the run stores it, in no language: a step, and for reading the messages read so
 * far ("reading:1200"). The page says it in its reader's language.
 */
export type RunProgress = { step: "reading"; count: number } | { step: "writing" } | { step: "saving" };

export function encodeRunProgress(progress: RunProgress): string {
  return progress.step === "reading" ? `reading:${progress.count}` : progress.step;
}

/** The stored progress read back; null for what older runs stored (an English sentence), shown as it is. */
export function decodeRunProgress(stored: string): RunProgress | null {
  const reading = /^reading:(\d+)$/.exec(stored);
  if (reading) {
    return { step: "reading", count: Number(reading[1]) };
  }
  return stored === "writing" || stored === "saving" ? { step: stored } : null;
}
