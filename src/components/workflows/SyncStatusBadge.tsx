import { Badge } from "@/components/ui/badge";

/** Where a workflow stands with Kapso: not saved yet, waiting for manual setup, or confirmed. */
export function SyncStatusBadge({
  saved,
  syncStatus,
}: {
  saved: boolean;
  syncStatus: "manual_setup_required" | "synced";
}) {
  if (!saved) {
    return <Badge tone="neutral">Not set up yet</Badge>;
  }
  if (syncStatus === "synced") {
    return <Badge tone="success">Synced with Kapso</Badge>;
  }
  return <Badge tone="warning">Update Kapso</Badge>;
}
