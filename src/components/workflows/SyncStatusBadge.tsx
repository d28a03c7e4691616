import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";

/** Where a workflow stands with Kapso: not saved yet, waiting for manual setup, or confirmed. */
export function SyncStatusBadge({
  saved,
  syncStatus,
}: {
  saved: boolean;
  syncStatus: "manual_setup_required" | "synced";
}) {
  const t = useTranslations("workflows.status");
  if (!saved) {
    return <Badge tone="neutral">{t("notSetUp")}</Badge>;
  }
  if (syncStatus === "synced") {
    return <Badge tone="success">{t("synced")}</Badge>;
  }
  return <Badge tone="warning">{t("update")}</Badge>;
}
