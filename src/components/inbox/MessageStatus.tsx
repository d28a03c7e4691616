"use client";
import * as React from "react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { cn } from "@/lib/utils";
import { statusLabel } from "@/domain/messageStatus";
import { useMessage } from "@/i18n/useMessage";

export type StatusInfo = {
  status: "received" | "sent" | "delivered" | "read" | "failed" | "pending" | "unknown";
  error_code?: number;
  error_title?: string;
  error_message?: string;
};

const TICKS: Partial<Record<StatusInfo["status"], { mark: string; className: string }>> = {
  pending: { mark: "🕓", className: "text-muted-foreground" },
  sent: { mark: "✓", className: "text-muted-foreground" },
  delivered: { mark: "✓✓", className: "tracking-[-0.3em] text-muted-foreground" },
  read: { mark: "✓✓", className: "tracking-[-0.3em] text-info" },
};

/** Delivery ticks of an outbound message: ✓ sent, ✓✓ delivered, blue ✓✓ read, clock pending. */
export function DeliveryTicks({ status }: { status: StatusInfo["status"] }) {
  const t = useTranslations("inbox");
  const say = useMessage();
  const tick = TICKS[status];
  const label = statusLabel(status);
  if (!tick || !label) {
    return null;
  }
  return (
    <span
      className={tick.className}
      title={status === "pending" ? t("sendingTitle") : say(label)}
      aria-label={say(label)}
    >
      {tick.mark}
    </span>
  );
}

/** For admins: where sending replies is set up. Others are told who can. */
export function SendingSetupFix({ className }: { className?: string }) {
  const t = useTranslations("inbox.setupFix");
  const { role } = useWorkspace();
  return role === "admin" ? (
    <p className={className}>
      {t.rich("admin", {
        link: (chunks) => (
          <Link href="/settings" className="font-medium text-primary underline-offset-2 hover:underline">
            {chunks}
          </Link>
        ),
      })}
    </p>
  ) : (
    <p className={cn("text-muted-foreground", className)}>{t("other")}</p>
  );
}
