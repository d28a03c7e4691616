"use client";
import * as React from "react";
import { usePaginatedQuery } from "convex/react";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { Badge } from "@/components/ui/badge";
import { LoadMoreButton } from "@/components/ui/load-more";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useDateFormat } from "@/lib/useDateFormat";
import { cn } from "@/lib/utils";
import { STATUS_TONE } from "./format";
import type { DeliveryFilter } from "./DeliveriesPage";

export const DELIVERIES_PAGE_SIZE = 25;

/** The ledger, newest first; a row opens its detail. */
export function DeliveryList({
  filter,
  selected,
  onSelect,
}: {
  filter: DeliveryFilter;
  selected: Id<"webhookEvents"> | null;
  onSelect: (id: Id<"webhookEvents">) => void;
}) {
  const t = useTranslations("deliveries");
  const { workspaceId } = useWorkspace();
  const dates = useDateFormat();
  const { results, status, loadMore } = usePaginatedQuery(
    api.deliveries.list,
    { workspaceId, ...filter },
    { initialNumItems: DELIVERIES_PAGE_SIZE },
  );
  if (status === "LoadingFirstPage") {
    return <LoadingState label={t("list.loading")} />;
  }
  if (results.length === 0) {
    const filtered = filter.status || filter.event || filter.search;
    if (filtered) {
      return <EmptyState title={t("list.noMatchTitle")}>{t("list.noMatchBody")}</EmptyState>;
    }
    return filter.scope === "unassigned" ? (
      <EmptyState title={t("list.noUnassignedTitle")}>{t("list.noUnassignedBody")}</EmptyState>
    ) : (
      <EmptyState title={t("list.emptyTitle")}>{t("list.emptyBody")}</EmptyState>
    );
  }
  return (
    <div className="space-y-3">
      <ul
        aria-label={t("list.label")}
        className="divide-y divide-border/60 overflow-hidden rounded-lg border border-border bg-card"
      >
        {results.map((row) => (
          <li key={row._id}>
            <button
              type="button"
              aria-current={row._id === selected || undefined}
              onClick={() => onSelect(row._id)}
              className={cn(
                "flex w-full flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-left text-sm hover:bg-muted",
                "focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-ring",
                row._id === selected && "bg-accent",
              )}
            >
              <Badge tone={STATUS_TONE[row.status]}>{t(`status.${row.status}`)}</Badge>
              <span className="min-w-0 flex-1 truncate font-medium text-foreground">{row.event}</span>
              <span className="text-xs text-muted-foreground">{dates.listWhen(row.received_at)}</span>
              <span className="w-full truncate font-mono text-xs text-muted-foreground">
                {row.idempotency_key}
                {row.item_count !== undefined && row.item_count > 1
                  ? ` · ${t("list.items", { count: row.item_count })}`
                  : ""}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <LoadMoreButton status={status} onLoadMore={() => loadMore(DELIVERIES_PAGE_SIZE)} centered />
    </div>
  );
}
