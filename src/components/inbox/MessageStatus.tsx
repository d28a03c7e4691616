import * as React from "react";
import { describeWhatsAppError } from "@/domain/whatsappErrors";
import { cn } from "@/lib/utils";

type StatusInfo = {
  status: "received" | "sent" | "delivered" | "read" | "failed" | "pending" | "unknown";
  error_code?: number;
  error_title?: string;
  error_message?: string;
};

/** Delivery ticks of an outbound message: ✓ sent, ✓✓ delivered, blue ✓✓ read, clock pending. */
export function DeliveryTicks({ status }: { status: StatusInfo["status"] }) {
  switch (status) {
    case "pending":
      return (
        <span className="text-slate-400" title="Sending…" aria-label="Sending">
          🕓
        </span>
      );
    case "sent":
      return (
        <span className="text-slate-400" title="Sent" aria-label="Sent">
          ✓
        </span>
      );
    case "delivered":
      return (
        <span className="tracking-[-0.3em] text-slate-400" title="Delivered" aria-label="Delivered">
          ✓✓
        </span>
      );
    case "read":
      return (
        <span className="tracking-[-0.3em] text-sky-500" title="Read" aria-label="Read">
          ✓✓
        </span>
      );
    default:
      return null;
  }
}

/** The failure or uncertainty under a message, in plain words. */
export function DeliveryProblem({ message, className }: { message: StatusInfo; className?: string }) {
  if (message.status === "failed") {
    return (
      <p role="alert" className={cn("text-xs font-medium text-red-700", className)}>
        Not delivered: {describeWhatsAppError({ code: message.error_code, title: message.error_title, message: message.error_message })}
      </p>
    );
  }
  if (message.status === "unknown") {
    return (
      <p className={cn("text-xs font-medium text-amber-700", className)}>
        Unknown, check Kapso: it may or may not have been delivered, and it was not re-sent.
      </p>
    );
  }
  return null;
}
