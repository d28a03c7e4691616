"use client";
import * as React from "react";
import dynamic from "next/dynamic";
import { useQuery } from "convex/react";
import { useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { PageHeader } from "@/components/shell/PageHeader";
import { Input, Select } from "@/components/ui/field";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { LoadingState } from "@/components/ui/states";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import type { DeliveryStatus } from "@/domain/deliveryCauses";
import { LEDGER_STATUSES } from "@/domain/deliveryHealth";
import { HANDLED_EVENTS } from "@/domain/kapsoEvents";
import { DeliveryList } from "./DeliveryList";
import { HealthPanel } from "./HealthPanel";
import { StatusCounts } from "./StatusCounts";
import type { Scope } from "./format";

// A delivery's detail (the cause, the body, Replay) and the replay bar (admins only) load after the list.
const DeliveryDetail = dynamic(() => import("./DeliveryDetail").then((m) => m.DeliveryDetail), {
  loading: () => <DetailLoading />,
});

function DetailLoading() {
  const t = useTranslations("deliveries");
  return <LoadingState label={t("loadingDelivery")} className="py-6" />;
}
const ReplayBar = dynamic(() => import("./ReplayBar").then((m) => m.ReplayBar));

export type DeliveryFilter = { scope: Scope; status?: DeliveryStatus; event?: string; search?: string };

function statusParam(value: string | null | undefined): DeliveryStatus | "" {
  return LEDGER_STATUSES.find((s) => s === value) ?? "";
}

/** The webhook ledger: every delivery Kapso sent, why it did or did not apply, and replay of those waiting. */
export function DeliveriesPage() {
  const t = useTranslations("deliveries");
  const { workspaceId } = useWorkspace();
  const abilities = useQuery(api.deliveries.abilities, { workspaceId });
  const [scope, setScope] = React.useState<Scope>("workspace");
  // A link to `?status=` (the counts per status) picks the status; the select changes it on the page.
  const linked = statusParam(useSearchParams()?.get("status"));
  const [picked, setPicked] = React.useState({ linked, status: linked });
  if (picked.linked !== linked) {
    setPicked({ linked, status: linked });
  }
  const status = picked.status;
  const setStatus = (next: DeliveryStatus | "") => setPicked({ linked, status: next });
  const [event, setEvent] = React.useState("");
  const [search, setSearch] = React.useState("");
  const [selected, setSelected] = React.useState<Id<"webhookEvents"> | null>(null);
  const debounced = useDebouncedValue(search.trim(), 250);
  const filter: DeliveryFilter = {
    scope,
    ...(status ? { status } : {}),
    ...(event ? { event } : {}),
    ...(debounced ? { search: debounced } : {}),
  };
  const filterKey = JSON.stringify([workspaceId, filter]);
  const ids = { scope: React.useId(), status: React.useId(), event: React.useId(), search: React.useId() };
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="mb-6 space-y-4">
        <QueryBoundary title={t("loadErrors.health")} resetKey={workspaceId}>
          <HealthPanel />
          <StatusCounts selected={status || undefined} />
        </QueryBoundary>
      </div>
      <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {abilities?.deploymentAdmin && (
          <div>
            <label htmlFor={ids.scope} className="mb-1 block text-xs font-medium text-muted-foreground">
              {t("filters.scope")}
            </label>
            <Select
              id={ids.scope}
              value={scope}
              onChange={(e) => {
                setScope(e.target.value as Scope);
                setSelected(null);
              }}
            >
              <option value="workspace">{t("filters.scopeWorkspace")}</option>
              <option value="unassigned">{t("filters.scopeUnassigned")}</option>
            </Select>
          </div>
        )}
        <div>
          <label htmlFor={ids.status} className="mb-1 block text-xs font-medium text-muted-foreground">
            {t("filters.status")}
          </label>
          <Select id={ids.status} value={status} onChange={(e) => setStatus(statusParam(e.target.value))}>
            <option value="">{t("filters.allStatuses")}</option>
            {LEDGER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor={ids.event} className="mb-1 block text-xs font-medium text-muted-foreground">
            {t("filters.event")}
          </label>
          <Select id={ids.event} value={event} onChange={(e) => setEvent(e.target.value)}>
            <option value="">{t("filters.allEvents")}</option>
            {HANDLED_EVENTS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor={ids.search} className="mb-1 block text-xs font-medium text-muted-foreground">
            {t("filters.search")}
          </label>
          <Input
            id={ids.search}
            type="search"
            placeholder={t("filters.searchPlaceholder")}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
      </div>
      {abilities?.manage && (
        <QueryBoundary title={t("loadErrors.replay")} resetKey={filterKey}>
          <ReplayBar filter={filter} />
        </QueryBoundary>
      )}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]">
        <QueryBoundary title={t("loadErrors.list")} resetKey={filterKey}>
          <DeliveryList filter={filter} selected={selected} onSelect={setSelected} />
        </QueryBoundary>
        {selected && (
          <QueryBoundary title={t("loadErrors.detail")} resetKey={selected}>
            <DeliveryDetail
              eventId={selected}
              scope={scope}
              canManage={abilities?.manage ?? false}
              onClose={() => setSelected(null)}
            />
          </QueryBoundary>
        )}
      </div>
    </>
  );
}
