"use client";
import * as React from "react";
import { useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useNow } from "@/lib/useNow";
import { deliveryHealth, emptyCounts, hourStart, HOUR_MS, type Health } from "@/domain/deliveryHealth";

/** The start of the current UTC hour, re-rendered when the next one begins. */
function useCurrentHour(): number {
  const [hour, setHour] = React.useState(() => hourStart(Date.now()));
  React.useEffect(() => {
    const timer = setTimeout(() => setHour(hourStart(Date.now())), hour + HOUR_MS - Date.now() + 1000);
    return () => clearTimeout(timer);
  }, [hour]);
  return hour;
}

/**
 * The workspace's delivery health. `live` adds the current hour, which every
 * delivery changes (the deliveries page, Settings); without it only completed
 * hours are read, so the query re-runs once an hour (the inbox banner).
 * Undefined while loading.
 */
export function useDeliveryHealth({ live }: { live: boolean }): Health | undefined {
  const { workspaceId } = useWorkspace();
  const currentHour = useCurrentHour();
  const now = useNow(60_000);
  const completed = useQuery(api.deliveryHealth.completedHours, { workspaceId, currentHour });
  const current = useQuery(api.deliveryHealth.currentHour, live ? { workspaceId, currentHour } : "skip");
  return React.useMemo(() => {
    if (completed === undefined || (live && current === undefined)) {
      return undefined;
    }
    return deliveryHealth({
      hours: completed.hours,
      earlierReceivedAt: completed.earlierReceivedAt,
      currentHour,
      live: live ? (current ?? { ...emptyCounts(), hour: currentHour }) : undefined,
      now: Math.max(now, currentHour),
    });
  }, [completed, current, currentHour, live, now]);
}
