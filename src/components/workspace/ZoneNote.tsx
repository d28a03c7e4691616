"use client";
import { useTranslations } from "next-intl";
import { cn } from "@/lib/utils";
import { useDateFormat } from "@/lib/useDateFormat";

/** Says which clock the times on the page follow, when the reader's own clock reads differently. */
export function ZoneNote({ className }: { className?: string }) {
  const t = useTranslations("common");
  const { zoneNote } = useDateFormat();
  if (!zoneNote) {
    return null;
  }
  return <p className={cn("text-xs text-muted-foreground", className)}>{t("zoneNote", { zone: zoneNote })}</p>;
}
