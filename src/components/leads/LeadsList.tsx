"use client";
import * as React from "react";
import Link from "next/link";
import { usePaginatedQuery } from "convex/react";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/field";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { ZoneNote } from "@/components/workspace/ZoneNote";
import { useDateFormat } from "@/lib/useDateFormat";
import { replyWindow } from "@/domain/replyWindow";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { useNow } from "@/lib/useNow";
import { LoadMoreButton } from "@/components/ui/load-more";

export const LEADS_PAGE_SIZE = 25;

/** The leads, most recent activity first, searchable by name or phone. */
export function LeadsList() {
  const t = useTranslations("leads");
  const [search, setSearch] = React.useState("");
  const searchId = React.useId();
  const debounced = useDebouncedValue(search.trim(), 250);
  return (
    <div className="space-y-4">
      <div>
        <label className="sr-only" htmlFor={searchId}>
          {t("searchLabel")}
        </label>
        <Input
          id={searchId}
          type="search"
          placeholder={t("searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="w-full sm:max-w-xs"
        />
      </div>
      <QueryBoundary title={t("listFailed")} resetKey={debounced}>
        <LeadRows search={debounced} />
      </QueryBoundary>
    </div>
  );
}

function LeadRows({ search }: { search: string }) {
  const t = useTranslations("leads");
  const { workspaceId } = useWorkspace();
  const now = useNow();
  const dates = useDateFormat();
  const { results, status, loadMore } = usePaginatedQuery(
    api.contacts.list,
    { workspaceId, search: search || undefined },
    { initialNumItems: LEADS_PAGE_SIZE },
  );
  if (status === "LoadingFirstPage") {
    return <LoadingState label={t("loadingList")} />;
  }
  if (results.length === 0) {
    return (
      <EmptyState title={search ? t("noMatch") : t("empty")}>{search ? t("noMatchHint") : t("emptyHint")}</EmptyState>
    );
  }
  return (
    <div className="space-y-3">
      <ZoneNote />
      <div className="overflow-hidden rounded-lg border border-border bg-card">
        <table className="w-full text-left text-sm">
          <thead className="bg-muted text-xs font-medium uppercase tracking-wide text-muted-foreground">
            <tr>
              <th scope="col" className="px-4 py-2">
                {t("columns.lead")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("columns.phone")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("columns.lastActivity")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("columns.replyWindow")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border/60">
            {results.map((lead) => (
              <tr key={lead._id} className="hover:bg-muted">
                <td className="px-4 py-2.5">
                  <Link
                    href={`/contacts/${lead._id}`}
                    className="font-medium text-foreground hover:text-primary hover:underline"
                  >
                    {lead.name}
                  </Link>
                  {lead.note && <p className="max-w-sm truncate text-xs text-muted-foreground">{lead.note}</p>}
                </td>
                <td className="px-4 py-2.5 text-muted-foreground">{lead.phone_display || "—"}</td>
                <td className="px-4 py-2.5 text-muted-foreground">{dates.listWhen(lead.lastActivityAt)}</td>
                <td className="px-4 py-2.5">
                  {replyWindow(lead.last_inbound_at, now).open ? (
                    <Badge tone="success">{t("window.open")}</Badge>
                  ) : (
                    <Badge>{t("window.closed")}</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMoreButton status={status} onLoadMore={() => loadMore(LEADS_PAGE_SIZE)} centered />
    </div>
  );
}
