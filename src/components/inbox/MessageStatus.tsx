import * as React from "react";
import { describeWhatsAppError } from "@/domain/whatsappErrors";
import { cn } from "@/lib/utils";

type StatusInfo = {
  status: "received" | "sent" | "delivered" | "read" | "failed" | "pending" | "unknown";
  error_code?: number;
  error_title?: string;
  error_message?: string;
};

const TICKS: Partial<Record<StatusInfo["status"], { mark: string; label: string; className: string }>> = {
  pending: { mark: "🕓", label: "Sending", className: "text-muted-foreground" },
  sent: { mark: "✓", label: "Sent", className: "text-muted-foreground" },
  delivered: { mark: "✓✓", label: "Delivered", className: "tracking-[-0.3em] text-muted-foreground" },
  read: { mark: "✓✓", label: "Read", className: "tracking-[-0.3em] text-info" },
};

/** Delivery ticks of an outbound message: ✓ sent, ✓✓ delivered, blue ✓✓ read, clock pending. */
export function DeliveryTicks({ status }: { status: StatusInfo["status"] }) {
  const tick = TICKS[status];
  if (!tick) {
    return null;
  }
  return (
    <span className={tick.className} title={status === "pending" ? "Sending…" : tick.label} aria-label={tick.label}>
      {tick.mark}
    </span>
  );
}

/** The failure or uncertainty under a message, in plain words. */
export function DeliveryProblem({ message, className }: { message: StatusInfo; className?: string }) {
  if (message.status === "failed") {
    return (
      <p role="alert" className={cn("text-xs font-medium text-destructive", className)}>
        Not delivered:{" "}
        {describeWhatsAppError({
          code: message.error_code,
          title: message.error_title,
          message: message.error_message,
        })}
      </p>
    );
  }
  if (message.status === "unknown") {
    return (
      <p className={cn("text-xs font-medium text-warning", className)}>
        Unknown, check Kapso: it may or may not have been delivered, and it was not re-sent.
      </p>
    );
  }
  return null;
}
