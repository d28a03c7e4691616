"use client";
import * as React from "react";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import type { WithReactions } from "@/domain/reactions";
import { useDateFormat } from "@/lib/useDateFormat";
import { cn } from "@/lib/utils";
import { DeliveryTicks } from "./MessageStatus";
import { MessageContent } from "./message/MessageContent";
import { messageDomId } from "./message/QuotedMessage";

// Only a reply that did not go out shows this (the error wording, Retry and its dialog): loaded after the thread.
const NotDelivered = dynamic(() => import("./RetryReply").then((m) => m.NotDelivered));

export type MessageData = WithReactions<FunctionReturnType<typeof api.messages.list>["page"][number]>;

/**
 * One message's bubble: direction, its content (MessageContent), reactions, the
 * time (the day is on the separator above), delivery state and, for a reply that
 * did not go out, Retry.
 */
export function MessageBubble({ message, canSend }: { message: MessageData; canSend: boolean }) {
  const t = useTranslations("inbox");
  const { time, dateTime } = useDateFormat();
  const outbound = message.direction === "outbound";
  const notDelivered = message.status === "failed" || message.status === "unknown";
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
            notDelivered && "ring-destructive/25",
          )}
        >
          <MessageContent message={message} />
          <div className="mt-1 flex items-center justify-end gap-1.5 text-[11px] text-muted-foreground">
            <time dateTime={new Date(message.timestamp).toISOString()} title={dateTime(message.timestamp)}>
              {time(message.timestamp)}
            </time>
            {outbound && <DeliveryTicks status={message.status} />}
          </div>
        </div>
        {message.reactions.length > 0 && (
          <div className={cn("flex gap-1", outbound ? "justify-end" : "justify-start")} aria-label={t("reactions")}>
            {message.reactions.map((r) => (
              <span
                key={r.direction}
                className="rounded-full bg-card px-1.5 py-0.5 text-sm shadow-xs ring-1 ring-border"
                title={t(r.direction === "inbound" ? "leadReacted" : "youReacted")}
              >
                {r.emoji}
              </span>
            ))}
          </div>
        )}
        {outbound && notDelivered && (
          <NotDelivered message={{ ...message, status: message.status as "failed" | "unknown" }} canSend={canSend} />
        )}
      </div>
    </li>
  );
}
