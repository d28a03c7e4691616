"use client";
import { ReplayAction, ReplayProgress } from "./ReplayAction";
import { isReplayableStatus } from "./format";
import type { DeliveryFilter } from "./DeliveriesPage";

/** Replay of every waiting delivery the filter shows, and the progress of the latest replay. */
export function ReplayBar({ filter }: { filter: DeliveryFilter }) {
  const { scope, status, event } = filter;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-3">
      {isReplayableStatus(status) && !filter.search ? (
        <ReplayAction
          selection={{ scope, status, ...(event ? { event } : {}) }}
          label={`Replay all ${status} deliveries`}
        />
      ) : (
        <p className="text-sm text-muted-foreground">
          Filter by unmatched, invalid or failed to replay all of them, or open one delivery to replay it.
        </p>
      )}
      <ReplayProgress />
    </div>
  );
}
