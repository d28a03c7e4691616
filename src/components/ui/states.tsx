import * as React from "react";
import { Spinner } from "./button";
import { cn } from "@/lib/utils";

export function LoadingState({ label = "Loading…", className }: { label?: string; className?: string }) {
  return (
    <div role="status" className={cn("flex items-center justify-center gap-2 py-12 text-sm text-slate-500", className)}>
      <Spinner />
      {label}
    </div>
  );
}

export function EmptyState({ title, children, className }: { title: string; children?: React.ReactNode; className?: string }) {
  return (
    <div className={cn("rounded-lg border border-dashed border-slate-300 px-6 py-12 text-center", className)}>
      <p className="text-sm font-medium text-slate-800">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-500">{children}</div>}
    </div>
  );
}

export function ErrorState({ title = "Something went wrong", message, className }: { title?: string; message: string; className?: string }) {
  return (
    <div role="alert" className={cn("rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800", className)}>
      <p className="font-medium">{title}</p>
      <p className="mt-0.5">{message}</p>
    </div>
  );
}
