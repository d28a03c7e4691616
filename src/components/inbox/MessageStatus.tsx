"use client";
import * as React from "react";
import Link from "next/link";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { cn } from "@/lib/utils";

export type StatusInfo = {
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

/** For admins: where sending replies is set up. Others are told who can. */
export function SendingSetupFix({ className }: { className?: string }) {
  const { role } = useWorkspace();
  return role === "admin" ? (
    <p className={className}>
      <Link href="/settings" className="font-medium text-primary underline-offset-2 hover:underline">
        Add the Kapso API key in Settings
      </Link>{" "}
      to send replies.
    </p>
  ) : (
    <p className={cn("text-muted-foreground", className)}>Ask an admin of this workspace to set up sending.</p>
  );
}
