import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

// Hourly, off the top of the hour: each workspace's day is summarised within an
// hour of its local midnight, whatever its time zone (half-hour zones included).
crons.cron("daily-activity-summaries", "17 * * * *", internal.summaryCron.startDailyRun, {});

// Re-checks workflows marked synced against Kapso's live definition and flags
// the ones changed in Kapso since (read-only; skips workspaces without a Kapso API key).
crons.interval("kapso-workflow-drift", { hours: 1 }, internal.kapsoDrift.driftSweep, { cursor: null, delayMs: 0 });

// Seals workspace secrets stored before KAPSO_SECRETS_KEY was set or under the previous key.
crons.interval("seal-workspace-secrets", { hours: 1 }, internal.workspaceSecrets.reseal, {});

// Deletes processed, duplicate and ignored deliveries past DELIVERY_RETENTION_DAYS (waiting ones stay).
crons.daily("delivery-retention", { hourUTC: 2, minuteUTC: 43 }, internal.deliveries.sweepRetention, {});

// Deletes delivery counters older than 35 days (the health panel reads 7).
crons.cron("prune-delivery-counters", "43 3 * * *", internal.deliveryHealth.pruneCounters, {});

export default crons;
