"use client";
import * as React from "react";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import type { WithReactions } from "@/domain/reactions";
import { isHttpsUrl } from "@/domain/messageContent";
import { useDateFormat } from "@/lib/useDateFormat";
import { cn } from "@/lib/utils";
import { DeliveryProblem, DeliveryTicks } from "./MessageStatus";
import { RetryReply } from "./RetryReply";

export type MessageData = WithReactions<FunctionReturnType<typeof api.messages.list>["page"][number]>;

const MEDIA_TYPES = new Set(["image", "video", "audio", "voice", "document", "sticker"]);

/** The DOM id of a message's bubble, so a quoted reply can scroll to it. */
export function messageDomId(wamid: string): string {
  return `message-${wamid}`;
}

/**
 * One message's bubble: direction, its content, reactions, the time (the day is
 * on the separator above), delivery state and, for a reply that did not go out, Retry.
 */
export function MessageBubble({ message, canSend }: { message: MessageData; canSend: boolean }) {
  const { time, dateTime } = useDateFormat();
  const outbound = message.direction === "outbound";
  const isMedia = MEDIA_TYPES.has(message.type) || Boolean(message.media_url);
  const isLooseReaction = Boolean(message.reaction_to);
  // For media the content is the caption or the transcript, shown in their own places.
  const shownElsewhere =
    message.content === message.caption || (message.transcript && message.content.endsWith(message.transcript));
  const text = isMedia && shownElsewhere ? "" : message.content;
  const referral = message.details?.referral;
  return (
    <li
      id={message.kapso_message_id ? messageDomId(message.kapso_message_id) : undefined}
      className={cn("flex scroll-mt-4", outbound ? "justify-end" : "justify-start")}
      data-testid="message"
    >
      <div className="max-w-[80%] space-y-1">
        <div
          className={cn(
            "rounded-2xl px-3.5 py-2 text-sm shadow-xs",
            outbound
              ? "rounded-br-sm bg-primary/10 text-foreground ring-1 ring-primary/15"
              : "rounded-bl-sm bg-card ring-1 ring-border",
            (message.status === "failed" || message.status === "unknown") && "ring-destructive/25",
          )}
        >
          {isLooseReaction ? (
            <p className="text-muted-foreground">
              Reacted {message.reaction_emoji ?? "(removed)"} to an earlier message
            </p>
          ) : (
            <>
              {isMedia && <MediaBlock message={message} />}
              {text && <p className="whitespace-pre-wrap break-words">{text}</p>}
              {message.transcript && (
                <p className="mt-1 border-l-2 border-border pl-2 text-muted-foreground">
                  <span className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Transcript </span>
                  <span className="italic">{message.transcript}</span>
                </p>
              )}
              {!text && !isMedia && !message.transcript && (
                <p className="italic text-muted-foreground">[{message.type}]</p>
              )}
              {referral && (
                <p className="mt-1 text-xs text-muted-foreground">
                  From an ad
                  {referral.headline ? `: ${referral.headline}` : ""}
                  {isHttpsUrl(referral.source_url) && (
                    <>
                      {" · "}
                      <a
                        href={referral.source_url}
                        target="_blank"
                        rel="noopener noreferrer"
                        className="text-primary underline-offset-2 hover:underline"
                      >
                        Open ad
                      </a>
                    </>
                  )}
                </p>
              )}
            </>
          )}
          <div className="mt-1 flex items-center justify-end gap-1.5 text-[11px] text-muted-foreground">
            <time dateTime={new Date(message.timestamp).toISOString()} title={dateTime(message.timestamp)}>
              {time(message.timestamp)}
            </time>
            {outbound && <DeliveryTicks status={message.status} />}
          </div>
        </div>
        {message.reactions.length > 0 && (
          <div className={cn("flex gap-1", outbound ? "justify-end" : "justify-start")} aria-label="Reactions">
            {message.reactions.map((r) => (
              <span
                key={r.direction}
                className="rounded-full bg-card px-1.5 py-0.5 text-sm shadow-xs ring-1 ring-border"
                title={r.direction === "inbound" ? "Lead reacted" : "You reacted"}
              >
                {r.emoji}
              </span>
            ))}
          </div>
        )}
        {outbound && (message.status === "failed" || message.status === "unknown") && (
          <div className="flex flex-col items-end gap-1 text-right">
            <DeliveryProblem message={message} canSend={canSend} />
            <RetryReply messageId={message._id} outcome={message.status} />
          </div>
        )}
      </div>
    </li>
  );
}

function MediaBlock({ message }: { message: MessageData }) {
  const label = [message.type, message.media_filename ?? message.media_mime_type].filter(Boolean).join(" · ");
  return (
    <div className="mb-1 flex items-center gap-2 rounded-lg bg-muted px-2.5 py-2 ring-1 ring-border">
      <span aria-hidden>📎</span>
      <div className="min-w-0 flex-1">
        <p className="truncate text-xs font-medium capitalize text-foreground">{label}</p>
        {message.caption && (
          <p className="whitespace-pre-wrap break-words text-sm text-foreground">{message.caption}</p>
        )}
      </div>
      {/* Only https: payload URLs become links (javascript:, data:, http: never do). */}
      {isHttpsUrl(message.media_url) ? (
        <a
          href={message.media_url}
          target="_blank"
          rel="noopener noreferrer"
          className="shrink-0 text-xs font-medium text-primary underline-offset-2 hover:underline"
        >
          Open media
        </a>
      ) : (
        <span className="shrink-0 text-xs text-muted-foreground">No media link</span>
      )}
    </div>
  );
}
