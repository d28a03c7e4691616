"use client";
import * as React from "react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
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
  return (
    <QueryBoundary title="Could not open this conversation" resetKey={conversationId} className="m-4 flex-1">
      <Conversation conversationId={conversationId} />
    </QueryBoundary>
  );
}

function Conversation({ conversationId }: { conversationId: Id<"conversations"> }) {
  const { workspaceId } = useWorkspace();
  const { listHref } = useInboxUrl();
  // One subscription for the header, the lead panel and the reply box.
  const data = useQuery(api.conversations.get, { workspaceId, conversationId });
  const markRead = useMutation(api.conversations.markRead);
  const [showLead, setShowLead] = React.useState(false);
  const unread = data?.conversation.unread_count ?? 0;
  React.useEffect(() => {
    // Opening the conversation (or a new message arriving while open) clears the badge.
    if (unread > 0) {
      void markRead({ workspaceId, conversationId }).catch(() => undefined);
    }
  }, [unread, markRead, workspaceId, conversationId]);

  if (data === undefined) {
    return <LoadingState label="Loading conversation…" className="flex-1" />;
  }
  const { conversation, lead, canSend } = data;
  return (
    <div className="flex min-w-0 flex-1">
      <section aria-label="Conversation" className="flex min-w-0 flex-1 flex-col bg-muted">
        <header className="flex items-center gap-3 border-b border-border bg-card px-3 py-2.5">
          <Link
            href={listHref}
            className="rounded-md px-1.5 py-1 text-sm font-medium text-primary hover:bg-accent lg:hidden"
            aria-label="Back to conversations"
          >
            ← Back
          </Link>
          <div className="min-w-0 flex-1">
            <h2 className="truncate text-base font-semibold text-foreground">{lead?.name ?? "Unknown lead"}</h2>
            {lead?.phone_display && <p className="truncate text-xs text-muted-foreground">{lead.phone_display}</p>}
          </div>
          {conversation.status === "ended" ? (
            <Badge>Ended</Badge>
          ) : (
            conversation.waiting_for_reply && (
              <Badge tone="warning">
                Waiting<span className="hidden sm:inline"> for our reply</span>
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
              Lead
            </button>
          )}
        </header>
        {showLead && (
          <div className="max-h-[50%] overflow-y-auto border-b border-border bg-card xl:hidden">
            <LeadPanel data={data} />
          </div>
        )}
        <MessageList conversationId={conversationId} canSend={canSend} />
        <ReplyBox conversationId={conversationId} lastInboundAt={lead?.last_inbound_at} canSend={canSend} />
      </section>
      <aside aria-label="Lead" className="hidden w-72 shrink-0 overflow-y-auto border-l border-border bg-card xl:block">
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

function MessageList({ conversationId, canSend }: { conversationId: Id<"conversations">; canSend: boolean }) {
  const { workspaceId } = useWorkspace();
  const { dayLabel, sameDay } = useDateFormat();
  const { results, status, loadMore } = usePaginatedQuery(
    api.messages.list,
    { workspaceId, conversationId },
    { initialNumItems: MESSAGES_PAGE_SIZE },
  );
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

  if (status === "LoadingFirstPage") {
    return <LoadingState label="Loading messages…" className="flex-1" />;
  }
  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto px-3 py-3 sm:px-4">
      <LoadMoreButton
        status={status}
        onLoadMore={() => loadMore(MESSAGES_PAGE_SIZE)}
        size="sm"
        centered
        className="mb-3"
      >
        Load earlier messages
      </LoadMoreButton>
      {messages.length === 0 ? (
        <EmptyState title="No messages yet" />
      ) : (
        <ol aria-label="Messages" className="space-y-2">
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
