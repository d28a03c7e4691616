"use client";
import * as React from "react";
import Link from "next/link";
import { usePaginatedQuery } from "convex/react";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/field";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { LoadMoreButton } from "@/components/ui/load-more";
import { useDateFormat } from "@/lib/useDateFormat";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { cn } from "@/lib/utils";
import type { InboxFilter } from "@convex/conversations";
import { useInboxUrl } from "./inboxUrl";
import { useMessageText } from "./message/useMessageText";
import { INBOX_PAGE_SIZE } from "./liveQueries";

type InboxRowData = FunctionReturnType<typeof api.conversations.list>["page"][number];

export { INBOX_PAGE_SIZE };

const FILTERS: InboxFilter[] = ["all", "active", "ended", "waiting"];

/** The list pane: filters and search (both in the URL), and the live, paginated list of conversations. */
export function InboxList() {
  const t = useTranslations("inbox");
  const { filter, q, setFilter } = useInboxUrl();
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="space-y-2 border-b border-border p-3">
        <div role="group" aria-label={t("filter.label")} className="flex flex-wrap gap-1 rounded-lg bg-accent p-1">
          {FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
              className={cn(
                "rounded-md px-2.5 py-1 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground",
                "focus-visible:outline-2 focus-visible:outline-ring",
                filter === f && "bg-card text-foreground shadow-sm",
              )}
            >
              {t(`filter.${f}`)}
            </button>
          ))}
        </div>
        <SearchBox />
      </div>
      <QueryBoundary title={t("loadFailed")} resetKey={`${filter}|${q}`}>
        <InboxRows filter={filter} search={q} />
      </QueryBoundary>
    </div>
  );
}

/**
 * The search field; what it holds reaches the URL once typing pauses, and a
 * search the URL restores (back, forward, reload) shows in it.
 */
function SearchBox() {
  const t = useTranslations("inbox");
  const { q, setQuery } = useInboxUrl();
  const [text, setText] = React.useState(q);
  const [seenQ, setSeenQ] = React.useState(q);
  if (q !== seenQ) {
    setSeenQ(q);
    if (q !== text.trim()) {
      setText(q);
    }
  }
  const settled = useDebouncedValue(text.trim(), 250);
  React.useEffect(() => {
    if (settled !== q) {
      setQuery(settled);
    }
    // Only a pause in typing updates the URL; a URL change updates the text above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);
  const id = React.useId();
  return (
    <>
      <label className="sr-only" htmlFor={id}>
        {t("search")}
      </label>
      <Input
        id={id}
        type="search"
        placeholder={t("search")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Down from the search goes to the first conversation.
          if (e.key === "ArrowDown") {
            e.preventDefault();
            document.querySelector<HTMLElement>("a[data-conversation]")?.focus();
          }
        }}
      />
    </>
  );
}

function InboxRows({ filter, search }: { filter: InboxFilter; search: string }) {
  const t = useTranslations("inbox");
  const { workspaceId } = useWorkspace();
  const { selectedId } = useInboxUrl();
  const onRowKeys = useRowKeys();
  const { results, status, loadMore } = usePaginatedQuery(
    api.conversations.list,
    { workspaceId, filter, search: search || undefined },
    { initialNumItems: INBOX_PAGE_SIZE },
  );
  if (status === "LoadingFirstPage") {
    return <LoadingState label={t("loadingConversations")} />;
  }
  if (results.length === 0) {
    return (
      <EmptyState title={t(search ? "noMatch" : "empty")} className="m-3">
        {t(search ? "noMatchHint" : "emptyHint")}
      </EmptyState>
    );
  }
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <ul
        aria-label={t("conversations")}
        aria-keyshortcuts="ArrowUp ArrowDown Enter"
        className="divide-y divide-border/60"
        onKeyDown={onRowKeys}
      >
        {results.map((row) => (
          <InboxRow key={row._id} row={row} selected={row._id === selectedId} />
        ))}
      </ul>
      <LoadMoreButton status={status} onLoadMore={() => loadMore(INBOX_PAGE_SIZE)} centered className="my-3" />
    </div>
  );
}

/** Up and down move the focus through the rows; Enter opens the focused one. */
function useRowKeys() {
  const { conversationHref, open } = useInboxUrl();
  return (e: React.KeyboardEvent<HTMLUListElement>) => {
    const links = Array.from(e.currentTarget.querySelectorAll<HTMLAnchorElement>("a[data-conversation]"));
    const current = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === "Enter" && current !== -1) {
      e.preventDefault();
      open(conversationHref(links[current].dataset.conversation!));
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = e.key === "ArrowDown" ? Math.min(current + 1, links.length - 1) : Math.max(current - 1, 0);
      links[current === -1 ? 0 : next]?.focus();
    }
  };
}

function InboxRow({ row, selected }: { row: InboxRowData; selected: boolean }) {
  const t = useTranslations("inbox");
  const messageText = useMessageText();
  const { conversationHref } = useInboxUrl();
  const { listWhen, dateTime } = useDateFormat();
  const phone = row.lead.phone_display;
  // Conversations stored before they carried the lead's name have none until the backfill runs.
  const name = row.lead.name ?? (phone || t("unknownLead"));
  const when = row.last_message_at ?? row.last_active_at;
  return (
    <li>
      <Link
        href={conversationHref(row._id)}
        data-conversation={row._id}
        aria-current={selected ? "page" : undefined}
        className={cn(
          "flex items-start gap-3 px-3 py-3 hover:bg-muted focus-visible:bg-muted focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring",
          selected && "bg-accent",
        )}
      >
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline gap-2">
            <span
              className={cn("truncate text-sm text-foreground", row.unread_count > 0 ? "font-semibold" : "font-medium")}
            >
              {name}
            </span>
            {phone && phone !== name && <span className="truncate text-xs text-muted-foreground">{phone}</span>}
          </div>
          <p className="mt-0.5 truncate text-sm text-muted-foreground">
            {row.last_message_direction === "outbound" && <span>{t("you")}</span>}
            {row.last_message_preview !== undefined ? (
              messageText(row.last_message_preview)
            ) : (
              <span className="italic">{t("noMessages")}</span>
            )}
          </p>
          {row.reply_problem && (
            <p
              className={cn(
                "mt-0.5 text-xs font-medium",
                row.reply_problem === "failed" ? "text-destructive" : "text-warning",
              )}
            >
              {t(row.reply_problem === "failed" ? "notDelivered" : "notConfirmed")}
            </p>
          )}
        </div>
        <div className="flex shrink-0 flex-col items-end gap-1">
          <time
            className="text-xs text-muted-foreground"
            dateTime={new Date(when).toISOString()}
            title={dateTime(when)}
          >
            {listWhen(when)}
          </time>
          <div className="flex gap-1">
            {row.status === "ended" && <Badge>{t("ended")}</Badge>}
            {row.waiting_for_reply && <Badge tone="warning">{t("waiting")}</Badge>}
            {row.unread_count > 0 && (
              <Badge tone="success" aria-label={t("unread", { count: row.unread_count })}>
                {row.unread_count}
              </Badge>
            )}
          </div>
        </div>
      </Link>
    </li>
  );
}
