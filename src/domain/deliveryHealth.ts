// Webhook delivery health from hourly counters: the series, the counts per
// status and the two alarms (Kapso gone quiet; deliveries refused). Pure: the
// Convex query hands over the counters, the dashboard passes its clock.

import { messageRef, type MessageRef } from "../i18n/messageRef";

export const HOUR_MS = 60 * 60 * 1000;

/** The counters each hour keeps (see deliveryCounterFields in convex/schema.ts). */
export const DELIVERY_COUNTERS = [
  "processed",
  "duplicate",
  "unmatched",
  "invalid",
  "failed",
  "ignored",
  "refused",
  "invalid_v1",
  "invalid_number",
] as const;
export type DeliveryCounter = (typeof DELIVERY_COUNTERS)[number];
export type DeliveryCounts = Record<DeliveryCounter, number>;

/** The ledger's statuses, as the deliveries page filters them. */
export const LEDGER_STATUSES = ["processed", "duplicate", "unmatched", "invalid", "failed", "ignored"] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** One hour's counts, summed over its shards. */
export type HourCounts = DeliveryCounts & { hour: number; lastReceivedAt?: number };

export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

export function emptyCounts(): DeliveryCounts {
  return Object.fromEntries(DELIVERY_COUNTERS.map((c) => [c, 0])) as DeliveryCounts;
}

export function addCounts(into: DeliveryCounts, more: DeliveryCounts): DeliveryCounts {
  for (const c of DELIVERY_COUNTERS) {
    into[c] += more[c];
  }
  return into;
}

/** Deliveries whose signature verified (each has a ledger row). */
export function verified(c: DeliveryCounts): number {
  return LEDGER_STATUSES.reduce((sum, s) => sum + c[s], 0);
}

/** Every delivery that reached the endpoint, refused or not. */
export function received(c: DeliveryCounts): number {
  return verified(c) + c.refused;
}

/** Deliveries not answered 200: refused (401), invalid (400/422) and failed (500). */
export function failures(c: DeliveryCounts): number {
  return c.refused + c.invalid + c.failed;
}

/** Sums the shards (and numbers) of each hour; newest hour last. */
export function mergeHours(rows: HourCounts[]): HourCounts[] {
  const byHour = new Map<number, HourCounts>();
  for (const row of rows) {
    const hour = byHour.get(row.hour) ?? { ...emptyCounts(), hour: row.hour };
    addCounts(hour, row);
    if (row.lastReceivedAt !== undefined) {
      hour.lastReceivedAt = Math.max(hour.lastReceivedAt ?? 0, row.lastReceivedAt);
    }
    byHour.set(row.hour, hour);
  }
  return [...byHour.values()].sort((a, b) => a.hour - b.hour);
}

/** The counts of the hours in [from, to). */
export function countsBetween(hours: HourCounts[], from: number, to: number): DeliveryCounts {
  return hours.filter((h) => h.hour >= from && h.hour < to).reduce(addCounts, emptyCounts());
}

export type HourBar = { hour: number; received: number; failures: number };

/** One bar per hour for the `count` hours before `endHour`, empty hours included; oldest first. */
export function hourBars(hours: HourCounts[], endHour: number, count: number): HourBar[] {
  const byHour = new Map(hours.map((h) => [h.hour, h]));
  return Array.from({ length: count }, (_, i) => {
    const hour = endHour - (count - i) * HOUR_MS;
    const h = byHour.get(hour);
    return { hour, received: h ? received(h) : 0, failures: h ? failures(h) : 0 };
  });
}

export function lastReceivedAt(hours: HourCounts[]): number | undefined {
  const times = hours.flatMap((h) => (h.lastReceivedAt === undefined ? [] : [h.lastReceivedAt]));
  return times.length ? Math.max(...times) : undefined;
}

// ---------------------------------------------------------------------------
// Alarms

/** The traffic the quiet alarm learns from: the 7 days before the current hour. */
export const BASELINE_HOURS = 7 * 24;
/** Below this average of verified deliveries an hour, silence is normal and never alarms. */
export const BUSY_AVERAGE_PER_HOUR = 10;
/** The shortest silence that can alarm, however regular the traffic. */
export const MIN_QUIET_HOURS = 6;
/** More than this share of the last hour's deliveries refused raises the refused alarm... */
export const REFUSED_SHARE = 0.05;
/** ...once at least this many were refused, so one stray request does not. */
export const MIN_REFUSED = 3;

export type Baseline = { averagePerHour: number; longestGapHours: number };

/**
 * The workspace's usual traffic over the BASELINE_HOURS before `endHour`: its
 * average of verified deliveries an hour, and its longest silence between two
 * hours that had deliveries (its nights). The silence before the first and after
 * the last delivery are left out: one is before the workspace started, the other
 * is the silence being judged.
 */
export function baselineOf(hours: HourCounts[], endHour: number): Baseline {
  const from = endHour - BASELINE_HOURS * HOUR_MS;
  const busy = hours.filter((h) => h.hour >= from && h.hour < endHour && verified(h) > 0);
  const total = busy.reduce((sum, h) => sum + verified(h), 0);
  let longestGapHours = 0;
  for (let i = 1; i < busy.length; i++) {
    longestGapHours = Math.max(longestGapHours, (busy[i].hour - busy[i - 1].hour) / HOUR_MS - 1);
  }
  return { averagePerHour: total / BASELINE_HOURS, longestGapHours };
}

/**
 * How long a busy workspace may stay silent before the quiet alarm: longer than
 * its own longest silence of the last 7 days (so a shop closed every night from
 * 22:00 to 07:00 is not woken at 06:00), and never less than MIN_QUIET_HOURS.
 */
export function quietThresholdHours(baseline: Baseline): number {
  return Math.max(MIN_QUIET_HOURS, baseline.longestGapHours + 1);
}

export type QuietAlarm = {
  kind: "quiet";
  quietHours: number;
  thresholdHours: number;
  averagePerHour: number;
  /** What happened, then what to do, each rendered in the reader's language. */
  message: MessageRef;
  advice: MessageRef;
};

/**
 * Kapso gone quiet: the workspace averaged more than BUSY_AVERAGE_PER_HOUR
 * verified deliveries an hour over the last 7 days, and none came for longer
 * than its threshold. A workspace that never received one is not connected yet,
 * not quiet.
 */
export function quietAlarm(input: {
  baseline: Baseline;
  lastReceivedAt: number | undefined;
  now: number;
}): QuietAlarm | null {
  const { baseline, lastReceivedAt, now } = input;
  if (lastReceivedAt === undefined || baseline.averagePerHour <= BUSY_AVERAGE_PER_HOUR) {
    return null;
  }
  const thresholdHours = quietThresholdHours(baseline);
  const quietHours = Math.floor((now - lastReceivedAt) / HOUR_MS);
  if (now - lastReceivedAt <= thresholdHours * HOUR_MS) {
    return null;
  }
  const average = Math.round(baseline.averagePerHour);
  return {
    kind: "quiet",
    quietHours,
    thresholdHours,
    averagePerHour: baseline.averagePerHour,
    message: messageRef("deliveries.health.quiet", { quietHours, average }),
    advice: messageRef("deliveries.health.quietAdvice"),
  };
}

export type RefusalCause = "signature" | "payload_version" | "phone_number" | "payload_shape";

export type RefusedAlarm = {
  kind: "refused";
  refused: number;
  total: number;
  cause: RefusalCause;
  message: MessageRef;
  advice: MessageRef;
};

/** The cause that refused the most of these deliveries. */
export function likelyCause(c: DeliveryCounts): RefusalCause {
  const byCause: Array<[RefusalCause, number]> = [
    ["signature", c.refused],
    ["payload_version", c.invalid_v1],
    ["phone_number", c.invalid_number],
    ["payload_shape", c.invalid - c.invalid_v1 - c.invalid_number],
  ];
  return byCause.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/** More than REFUSED_SHARE of these deliveries refused with 401, 400 or 422 (and at least MIN_REFUSED). */
export function refusedAlarm(c: DeliveryCounts): RefusedAlarm | null {
  const refused = c.refused + c.invalid;
  const total = received(c);
  if (refused < MIN_REFUSED || refused <= REFUSED_SHARE * total) {
    return null;
  }
  const cause = likelyCause(c);
  return {
    kind: "refused",
    refused,
    total,
    cause,
    // The share as a fraction: the catalogue formats it as a percentage in the reader's language.
    message: messageRef("deliveries.health.refused", { refused, total, share: refused / total }),
    advice: messageRef(`deliveries.health.refusalCauses.${cause}`),
  };
}

export type DeliveryAlarm = QuietAlarm | RefusedAlarm;

export type HealthInput = {
  /** Completed hours (summed over shards), at least the BASELINE_HOURS before currentHour. */
  hours: HourCounts[];
  /** Start of the current UTC hour. */
  currentHour: number;
  /** The current hour's counts when read live (the deliveries page), else undefined. */
  live?: HourCounts;
  /** The newest verified delivery older than the hours read, if any. */
  earlierReceivedAt?: number;
  now: number;
};

export type Health = {
  lastReceivedAt: number | undefined;
  /** The 48 hours before the current one, plus the current one when read live. */
  bars: HourBar[];
  /** The last completed hour, plus the current one when read live. */
  lastHour: DeliveryCounts;
  /** The last 24 hours (completed, plus the current one when read live). */
  last24h: DeliveryCounts;
  baseline: Baseline;
  alarms: DeliveryAlarm[];
};

export function deliveryHealth({ hours, currentHour, live, earlierReceivedAt, now }: HealthInput): Health {
  const all = live ? [...hours, live] : hours;
  const newest = lastReceivedAt(all) ?? earlierReceivedAt;
  const baseline = baselineOf(hours, currentHour);
  const end = live ? currentHour + HOUR_MS : currentHour;
  const lastHour = countsBetween(all, currentHour - HOUR_MS, end);
  const last24h = countsBetween(all, end - 24 * HOUR_MS, end);
  const bars = hourBars(all, end, live ? 49 : 48);
  const alarms = [quietAlarm({ baseline, lastReceivedAt: newest, now }), refusedAlarm(lastHour)].filter(
    (a): a is DeliveryAlarm => a !== null,
  );
  return { lastReceivedAt: newest, bars, lastHour, last24h, baseline, alarms };
}
