import * as React from "react";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import type { WithReactions } from "@/domain/reactions";
import { cn } from "@/lib/utils";
import { DeliveryProblem, DeliveryTicks } from "./MessageStatus";
import { MessageContent } from "./message/MessageContent";
import { formatDateTime } from "./format";

export type MessageData = WithReactions<FunctionReturnType<typeof api.messages.list>["page"][number]>;

/** One message: its content (MessageContent), reactions, time and delivery state. */
export function MessageBubble({ message }: { message: MessageData }) {
  const outbound = message.direction === "outbound";
  return (
    <li className={cn("flex", outbound ? "justify-end" : "justify-start")} data-testid="message">
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
          <MessageContent message={message} />
          <div className="mt-1 flex items-center justify-end gap-1.5 text-[11px] text-muted-foreground">
            <time dateTime={new Date(message.timestamp).toISOString()}>{formatDateTime(message.timestamp)}</time>
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
        {outbound && <DeliveryProblem message={message} className="text-right" />}
      </div>
    </li>
  );
}
