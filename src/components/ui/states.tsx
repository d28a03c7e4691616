import * as React from "react";
import { useTranslations } from "next-intl";
import { Alert, AlertDescription, AlertTitle } from "./alert";
import { Spinner } from "./button";
import { cn } from "@/lib/utils";

export function LoadingState({ label, className }: { label?: string; className?: string }) {
  const t = useTranslations("common");
  return (
    <div
      role="status"
      data-slot="loading-state"
      className={cn("flex items-center justify-center gap-2 py-12 text-sm text-muted-foreground", className)}
    >
      <Spinner />
      {label ?? t("loading")}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  className,
}: {
  title: string;
  children?: React.ReactNode;
  className?: string;
}) {
  return (
    <div
      data-slot="empty-state"
      className={cn("rounded-lg border border-dashed border-input px-6 py-12 text-center", className)}
    >
      <p className="text-sm font-medium text-foreground">{title}</p>
      {children && <div className="mt-1 text-sm text-muted-foreground">{children}</div>}
    </div>
  );
}

export function ErrorState({ title, message, className }: { title?: string; message: string; className?: string }) {
  const t = useTranslations("common");
  return (
    <Alert className={cn("rounded-lg px-4 py-3", className)}>
      <AlertTitle>{title ?? t("errorTitle")}</AlertTitle>
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}
