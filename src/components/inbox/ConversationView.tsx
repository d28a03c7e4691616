"use client";
import * as React from "react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Badge } from "@/components/ui/badge";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { LoadMoreButton } from "@/components/ui/load-more";
import { foldReactions } from "@/domain/reactions";
import { useDateFormat } from "@/lib/useDateFormat";
import { MessageBubble, type MessageData } from "./MessageBubble";
import { ReplyBox } from "./ReplyBox";
import { useInboxUrl } from "./inboxUrl";
import { MESSAGES_PAGE_SIZE } from "./liveQueries";

// The lead beside the thread (behind "Lead" on smaller screens) loads after the messages.
const LeadPanel = dynamic(() => import("./LeadPanel").then((m) => m.LeadPanel), {
  loading: () => <LoadingState className="py-4" />,
});

export { MESSAGES_PAGE_SIZE };

/** The thread pane of the inbox: header, live messages (oldest at the top), the reply box, and the lead beside them. */
export function ConversationView({ conversationId }: { conversationId: Id<"conversations"> }) {
  const t = useTranslations("inbox");
  return (
    <QueryBoundary title={t("openFailed")} resetKey={conversationId} className="m-4 flex-1">
      <Conversation conversationId={conversationId} />
    </QueryBoundary>
  );
}

function Conversation({ conversationId }: { conversationId: Id<"conversations"> }) {
  const t = useTranslations("inbox");
  const { workspaceId } = useWorkspace();
  const { listHref } = useInboxUrl();
  // One subscription for the newest messages, the header, the lead panel and the reply box.
  const newest = useQuery(api.messages.list, {
    workspaceId,
    conversationId,
    paginationOpts: { numItems: MESSAGES_PAGE_SIZE, cursor: null },
  });
  const [showLead, setShowLead] = React.useState(false);
  useMarkReadWhileSeen(workspaceId, conversationId, newest?.header?.conversation.unread_count);

  const data = newest?.header;
  if (newest === undefined || data === undefined) {
    return <LoadingState label={t("loadingConversation")} className="flex-1" />;
  }
  const { conversation, lead, canSend } = data;
  return (
    <div className="flex min-w-0 flex-1">
      <section aria-label={t("conversation")} className="flex min-w-0 flex-1 flex-col bg-muted">
        <header className="flex items-center gap-3 border-b border-border bg-card px-3 py-2.5">
          <Link
            href={listHref}
            className="rounded-md px-1.5 py-1 text-sm font-medium text-primary hover:bg-accent lg:hidden"
            aria-label={t("backToList")}
          >
            {t("back")}
          </Link>
          <div className="min-w-0 flex-1">
            <h2 className="truncate text-base font-semibold text-foreground">{lead?.name ?? t("unknownLead")}</h2>
            {lead?.phone_display && <p className="truncate text-xs text-muted-foreground">{lead.phone_display}</p>}
          </div>
          {conversation.status === "ended" ? (
            <Badge>{t("ended")}</Badge>
          ) : (
            conversation.waiting_for_reply && (
              <Badge tone="warning">
                {t.rich("waitingForReply", {
                  long: (chunks) => <span className="hidden sm:inline">{chunks}</span>,
                })}
              </Badge>
            )
          )}
          {lead && (
            <button
              type="button"
              aria-expanded={showLead}
              onClick={() => setShowLead((v) => !v)}
              className="rounded-md px-2 py-1 text-sm font-medium text-primary hover:bg-accent xl:hidden"
            >
              {t("lead")}
            </button>
          )}
        </header>
        {showLead && (
          <div className="max-h-[50%] overflow-y-auto border-b border-border bg-card xl:hidden">
            <LeadPanel data={data} />
          </div>
        )}
        <MessageList conversationId={conversationId} newest={newest} canSend={canSend} />
        <ReplyBox conversationId={conversationId} lastInboundAt={lead?.last_inbound_at} canSend={canSend} />
      </section>
      <aside
        aria-label={t("lead")}
        className="hidden w-72 shrink-0 overflow-y-auto border-l border-border bg-card xl:block"
      >
        <LeadPanel data={data} />
      </aside>
    </div>
  );
}

type ThreadItem = { kind: "day"; key: string; label: string } | { kind: "message"; message: MessageData };

/** Messages with a separator before each new day (in the workspace's time zone). */
function withDaySeparators(
  messages: MessageData[],
  dayLabel: (ms: number) => string,
  sameDay: (a: number, b: number) => boolean,
): ThreadItem[] {
  const items: ThreadItem[] = [];
  let previous: number | undefined;
  for (const message of messages) {
    if (previous === undefined || !sameDay(previous, message.timestamp)) {
      items.push({ kind: "day", key: `day-${message.timestamp}`, label: dayLabel(message.timestamp) });
    }
    items.push({ kind: "message", message });
    previous = message.timestamp;
  }
  return items;
}

type NewestPage = FunctionReturnType<typeof api.messages.list>;

/** The newest page comes with the header; older pages load on demand, from where it ends. */
function MessageList({
  conversationId,
  newest,
  canSend,
}: {
  conversationId: Id<"conversations">;
  newest: NewestPage;
  canSend: boolean;
}) {
  const t = useTranslations("inbox");
  const { workspaceId } = useWorkspace();
  const { dayLabel, sameDay } = useDateFormat();
  const [wantsOlder, setWantsOlder] = React.useState(false);
  const older = usePaginatedQuery(
    api.messages.list,
    wantsOlder && !newest.isDone ? { workspaceId, conversationId, olderThan: newest.continueCursor } : "skip",
    { initialNumItems: MESSAGES_PAGE_SIZE },
  );
  const status = newest.isDone
    ? "Exhausted"
    : !wantsOlder
      ? "CanLoadMore"
      : older.status === "LoadingFirstPage"
        ? "LoadingMore"
        : older.status;
  const results = React.useMemo(() => [...newest.page, ...older.results], [newest.page, older.results]);
  // Pages come newest first; reactions whose target sits on another loaded page are folded here.
  const messages = React.useMemo(() => foldReactions(results).reverse(), [results]);
  const items = React.useMemo(() => withDaySeparators(messages, dayLabel, sameDay), [messages, dayLabel, sameDay]);
  const scroller = React.useRef<HTMLDivElement>(null);
  const newestId = messages.at(-1)?._id;
  React.useEffect(() => {
    // Follow new messages; loading older ones leaves the newest in place.
    const el = scroller.current;
    if (el) {
      el.scrollTop = el.scrollHeight;
    }
  }, [newestId]);

  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto px-3 py-3 sm:px-4">
      <LoadMoreButton
        status={status}
        onLoadMore={() => (wantsOlder ? older.loadMore(MESSAGES_PAGE_SIZE) : setWantsOlder(true))}
        size="sm"
        centered
        className="mb-3"
      >
        {t("loadEarlier")}
      </LoadMoreButton>
      {messages.length === 0 ? (
        <EmptyState title={t("noMessages")} />
      ) : (
        <ol aria-label={t("messages")} className="space-y-2">
          {items.map((item) =>
            item.kind === "day" ? (
              <li key={item.key} role="separator" aria-label={item.label} className="flex justify-center py-1">
                <span className="rounded-full bg-card px-3 py-0.5 text-xs font-medium text-muted-foreground shadow-xs ring-1 ring-border">
                  {item.label}
                </span>
              </li>
            ) : (
              <MessageBubble key={item.message._id} message={item.message} canSend={canSend} />
            ),
          )}
        </ol>
      )}
    </div>
  );
}

/** How long an open thread waits after the last new message before clearing the badge: a burst costs one write. */
export const MARK_READ_DELAY_MS = 1500;

/**
 * Clears the unread badge while the thread is on screen: only when there is something
 * unread and the tab is visible (a hidden tab clears it when shown again). At once when
 * the conversation first comes on screen; after that once per burst of messages, since
 * each write re-runs every open inbox page.
 */
function useMarkReadWhileSeen(
  workspaceId: Id<"workspaces">,
  conversationId: Id<"conversations">,
  /** Undefined while the thread loads. */
  unread: number | undefined,
) {
  const markRead = useMutation(api.conversations.markRead);
  const [visible, setVisible] = React.useState(() => document.visibilityState === "visible");
  React.useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", onChange);
    return () => document.removeEventListener("visibilitychange", onChange);
  }, []);
  const seenFor = React.useRef<Id<"conversations"> | null>(null);
  React.useEffect(() => {
    if (unread === undefined || !visible) {
      return;
    }
    const opening = seenFor.current !== conversationId;
    seenFor.current = conversationId;
    if (unread === 0) {
      return;
    }
    const timer = setTimeout(
      () => void markRead({ workspaceId, conversationId }).catch(() => undefined),
      opening ? 0 : MARK_READ_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [unread, visible, markRead, workspaceId, conversationId]);
}
