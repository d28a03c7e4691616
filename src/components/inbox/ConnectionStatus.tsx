"use client";
import * as React from "react";
import { useConvexConnectionState } from "convex/react";
import { useTranslations } from "next-intl";
import { cn } from "@/lib/utils";

function subscribeOnline(callback: () => void) {
  window.addEventListener("online", callback);
  window.addEventListener("offline", callback);
  return () => {
    window.removeEventListener("online", callback);
    window.removeEventListener("offline", callback);
  };
}

/** The browser's own view: a closed laptop lid or airplane mode shows before the socket notices. */
function useBrowserOnline(): boolean {
  return React.useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

/** "Live" while the Convex client's socket is open and the browser is online; else "Reconnecting…". */
export function ConnectionStatus({ className }: { className?: string }) {
  const t = useTranslations("inbox.connection");
  const state = useConvexConnectionState();
  const online = useBrowserOnline();
  const live = state.isWebSocketConnected && online;
  const label = t(live ? "live" : state.hasEverConnected || !online ? "reconnecting" : "connecting");
  return (
    <p
      role="status"
      aria-label={t("label", { state: label })}
      className={cn(
        "inline-flex items-center gap-1.5 text-xs font-medium",
        live ? "text-success" : "text-warning",
        className,
      )}
    >
      <span aria-hidden className={cn("size-2 rounded-full", live ? "bg-success" : "bg-warning")} />
      {label}
    </p>
  );
}
