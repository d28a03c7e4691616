"use client";
import * as React from "react";
import Link from "next/link";
import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Badge } from "@/components/ui/badge";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { foldReactions } from "@/domain/reactions";
import { MessageBubble } from "./MessageBubble";
import { ReplyBox } from "./ReplyBox";
import { formatPhone } from "./format";
import { LoadMoreButton } from "@/components/ui/load-more";

export const MESSAGES_PAGE_SIZE = 30;

/** One conversation: header, live messages (oldest at the top) and the reply box. */
export function ConversationView({ conversationId }: { conversationId: Id<"conversations"> }) {
  return (
    <QueryBoundary title="Could not open this conversation" resetKey={conversationId}>
      <Conversation conversationId={conversationId} />
    </QueryBoundary>
  );
}

function Conversation({ conversationId }: { conversationId: Id<"conversations"> }) {
  const { workspaceId } = useWorkspace();
  const data = useQuery(api.conversations.get, { workspaceId, conversationId });
  const markRead = useMutation(api.conversations.markRead);
  const unread = data?.conversation.unread_count ?? 0;
  React.useEffect(() => {
    // Opening the conversation (or a new message arriving while open) clears the badge.
    if (unread > 0) {
      void markRead({ workspaceId, conversationId }).catch(() => undefined);
    }
  }, [unread, markRead, workspaceId, conversationId]);

  if (data === undefined) {
    return <LoadingState label="Loading conversation…" />;
  }
  const { conversation, lead } = data;
  const phone = formatPhone(lead?.phone);
  return (
    <div className="flex h-[calc(100vh-10rem)] min-h-[28rem] flex-col overflow-hidden rounded-lg border border-border bg-muted">
      <header className="flex flex-wrap items-center gap-3 border-b border-border bg-card px-4 py-3">
        <Link href="/inbox" className="text-sm text-muted-foreground hover:text-foreground">
          ← Inbox
        </Link>
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-base font-semibold text-foreground">{lead?.name ?? "Unknown lead"}</h1>
          {phone && <p className="text-xs text-muted-foreground">{phone}</p>}
        </div>
        <Badge tone={conversation.status === "active" ? "success" : "neutral"}>
          {conversation.status === "active" ? "Active" : "Ended"}
        </Badge>
        {lead && (
          <Link href={`/contacts/${lead._id}`} className="text-sm font-medium text-primary hover:underline">
            Lead page
          </Link>
        )}
      </header>
      <MessageList conversationId={conversationId} />
      <ReplyBox conversationId={conversationId} lastInboundAt={lead?.last_inbound_at} />
    </div>
  );
}

function MessageList({ conversationId }: { conversationId: Id<"conversations"> }) {
  const { workspaceId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(
    api.messages.list,
    { workspaceId, conversationId },
    { initialNumItems: MESSAGES_PAGE_SIZE },
  );
  // Pages come newest first; reactions whose target sits on another loaded page are folded here.
  const messages = React.useMemo(() => foldReactions(results).reverse(), [results]);
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
    <div ref={scroller} className="flex-1 overflow-y-auto px-4 py-3">
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
          {messages.map((m) => (
            <MessageBubble key={m._id} message={m} />
          ))}
        </ol>
      )}
    </div>
  );
}
