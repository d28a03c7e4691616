"use client";
import * as React from "react";
import Link from "next/link";
import { usePaginatedQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/field";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { cn } from "@/lib/utils";
import { formatPhone, formatWhen } from "./format";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { LoadMoreButton } from "@/components/ui/load-more";

type InboxFilter = "all" | "active" | "ended" | "waiting";
type InboxRowData = FunctionReturnType<typeof api.conversations.list>["page"][number];

export const INBOX_PAGE_SIZE = 25;

const FILTERS: { value: InboxFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "ended", label: "Ended" },
  { value: "waiting", label: "Waiting for our reply" },
];

/** The inbox: filters, search, and the live, paginated list of conversations. */
export function InboxList() {
  const [filter, setFilter] = React.useState<InboxFilter>("all");
  const [search, setSearch] = React.useState("");
  const searchId = React.useId();
  const debounced = useDebouncedValue(search.trim(), 250);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <div role="group" aria-label="Filter conversations" className="flex flex-wrap gap-1 rounded-lg bg-accent p-1">
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              aria-pressed={filter === f.value}
              onClick={() => setFilter(f.value)}
              className={cn(
                "rounded-md px-3 py-1.5 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground",
                "focus-visible:outline-2 focus-visible:outline-ring",
                filter === f.value && "bg-card text-foreground shadow-sm",
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
        <label className="sr-only" htmlFor={searchId}>
          Search by name or phone
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
      <QueryBoundary title="Could not load the inbox" resetKey={`${filter}|${debounced}`}>
        <InboxRows filter={filter} search={debounced} />
      </QueryBoundary>
    </div>
  );
}

function InboxRows({ filter, search }: { filter: InboxFilter; search: string }) {
  const { workspaceId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(
    api.conversations.list,
    { workspaceId, filter, search: search || undefined },
    { initialNumItems: INBOX_PAGE_SIZE },
  );
  if (status === "LoadingFirstPage") {
    return <LoadingState label="Loading conversations…" />;
  }
  if (results.length === 0) {
    return (
      <EmptyState title={search ? "No conversation matches your search" : "No conversations here yet"}>
        {search
          ? "Try a name, or a phone number with or without the country code."
          : "New WhatsApp messages appear here as they arrive."}
      </EmptyState>
    );
  }
  return (
    <div className="space-y-3">
      <ul
        aria-label="Conversations"
        className="divide-y divide-border/60 overflow-hidden rounded-lg border border-border bg-card"
      >
        {results.map((row) => (
          <InboxRow key={row._id} row={row} />
        ))}
      </ul>
      <LoadMoreButton status={status} onLoadMore={() => loadMore(INBOX_PAGE_SIZE)} centered />
    </div>
  );
}

function InboxRow({ row }: { row: InboxRowData }) {
  const phone = formatPhone(row.lead.phone);
  // Conversations stored before they carried the lead's name have none until the backfill runs.
  const name = row.lead.name ?? (phone || "Unknown lead");
  return (
    <li>
      <Link
        href={`/inbox/${row._id}`}
        className="flex items-start gap-3 px-4 py-3 hover:bg-muted focus-visible:bg-muted focus-visible:outline-none"
      >
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline gap-2">
            <span
              className={cn("truncate text-sm text-foreground", row.unread_count > 0 ? "font-semibold" : "font-medium")}
            >
              {name}
            </span>
            {phone && phone !== name && <span className="truncate text-xs text-muted-foreground">{phone}</span>}
            {row.status === "ended" && <Badge>Ended</Badge>}
          </div>
          <p className="mt-0.5 truncate text-sm text-muted-foreground">
            {row.last_message_direction === "outbound" && <span className="text-muted-foreground">You: </span>}
            {row.last_message_preview ?? <span className="italic text-muted-foreground">No messages yet</span>}
          </p>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-1">
          <time className="text-xs text-muted-foreground" dateTime={new Date(row.last_active_at).toISOString()}>
            {formatWhen(row.last_message_at ?? row.last_active_at)}
          </time>
          <div className="flex gap-1">
            {row.waiting_for_reply && <Badge tone="warning">Waiting</Badge>}
            {row.unread_count > 0 && (
              <Badge tone="success" aria-label={`${row.unread_count} unread`}>
                {row.unread_count}
              </Badge>
            )}
          </div>
        </div>
      </Link>
    </li>
  );
}
