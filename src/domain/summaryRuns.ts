/**
 * When a workspace-day gets a (new) summary run, decided from the day's
 * earlier runs. The hourly cron retries failed days a few times and leaves
 * summarised ones alone; a person asking again always gets a run unless one is
 * already under way.
 */

export type RunMode = "cron" | "manual";

/** A run still `running` after this long died without finishing (actions are not retried). */
export const RUN_STALE_MS = 15 * 60_000;
/** The cron gives up on a day after this many failed attempts (each hour is one attempt). */
export const MAX_ATTEMPTS = 3;

export type RunDecision<R> =
  | { process: true; /** Runs that died: to be marked failed before the new one starts. */ stale: R[] }
  | { process: false; reason: "running" | "summarised" | "gave up" };

/** Whether a day needs (another) run, given its runs. */
export function decideRun<R extends { status: string; started_at: number }>(runs: R[], now: number, mode: RunMode): RunDecision<R> {
  const stale = runs.filter((r) => r.status === "running" && now - r.started_at >= RUN_STALE_MS);
  if (runs.some((r) => r.status === "running" && now - r.started_at < RUN_STALE_MS)) {
    return { process: false, reason: "running" };
  }
  if (mode === "cron") {
    if (runs.some((r) => r.status === "done" || r.status === "quiet")) return { process: false, reason: "summarised" };
    if (runs.filter((r) => r.status === "failed").length + stale.length >= MAX_ATTEMPTS) {
      return { process: false, reason: "gave up" };
    }
  }
  return { process: true, stale };
}
