"use client";
import { cn } from "@/lib/utils";
import { useDateFormat } from "@/lib/useDateFormat";

/** Says which clock the times on the page follow, when the reader's own clock reads differently. */
export function ZoneNote({ className }: { className?: string }) {
  const { zoneNote } = useDateFormat();
  if (!zoneNote) {
    return null;
  }
  return (
    <p className={cn("text-xs text-muted-foreground", className)}>
      Times are in the workspace&apos;s time zone, {zoneNote}.
    </p>
  );
}
