"use client";
import * as React from "react";
import Link from "next/link";
import { usePaginatedQuery } from "convex/react";
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
  const [search, setSearch] = React.useState("");
  const searchId = React.useId();
  const debounced = useDebouncedValue(search.trim(), 250);
  return (
    <div className="space-y-4">
      <div>
        <label className="sr-only" htmlFor={searchId}>
          Search leads by name or phone
        </label>
        <Input
          id={searchId}
          type="search"
          placeholder="Search by name or phone"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="w-full sm:max-w-xs"
        />
      </div>
      <QueryBoundary title="Could not load the leads" resetKey={debounced}>
        <LeadRows search={debounced} />
      </QueryBoundary>
    </div>
  );
}

function LeadRows({ search }: { search: string }) {
  const { workspaceId } = useWorkspace();
  const now = useNow();
  const dates = useDateFormat();
  const { results, status, loadMore } = usePaginatedQuery(
    api.contacts.list,
    { workspaceId, search: search || undefined },
    { initialNumItems: LEADS_PAGE_SIZE },
  );
  if (status === "LoadingFirstPage") {
    return <LoadingState label="Loading leads…" />;
  }
  if (results.length === 0) {
    return (
      <EmptyState title={search ? "No lead matches your search" : "No leads yet"}>
        {search
          ? "Try part of the name or the phone number."
          : "Leads appear when someone writes to your WhatsApp number."}
      </EmptyState>
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
                Lead
              </th>
              <th scope="col" className="px-4 py-2">
                Phone
              </th>
              <th scope="col" className="px-4 py-2">
                Last activity
              </th>
              <th scope="col" className="px-4 py-2">
                Reply window
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
                    <Badge tone="success">Open</Badge>
                  ) : (
                    <Badge>Closed</Badge>
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
