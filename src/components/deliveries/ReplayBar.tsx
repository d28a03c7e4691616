"use client";
import { useTranslations } from "next-intl";
import { ReplayAction, ReplayProgress } from "./ReplayAction";
import { isReplayableStatus } from "./format";
import type { DeliveryFilter } from "./DeliveriesPage";

/** Replay of every waiting delivery the filter shows, and the progress of the latest replay. */
export function ReplayBar({ filter }: { filter: DeliveryFilter }) {
  const t = useTranslations("deliveries.replay");
  const { scope, status, event } = filter;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-3">
      {isReplayableStatus(status) && !filter.search ? (
        <ReplayAction selection={{ scope, status, ...(event ? { event } : {}) }} label={t("all", { status })} />
      ) : (
        <p className="text-sm text-muted-foreground">{t("hint")}</p>
      )}
      <ReplayProgress />
    </div>
  );
}
