import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import type { DeliveryStatus } from "@/domain/deliveryCauses";

export type DeliveryRow = FunctionReturnType<typeof api.deliveries.list>["page"][number];
export type DeliveryDetailData = NonNullable<FunctionReturnType<typeof api.deliveries.get>>;
export type ReplayPreview = FunctionReturnType<typeof api.deliveries.previewReplay>;
export type Scope = "workspace" | "unassigned";
export type ReplayableStatus = "unmatched" | "invalid" | "failed";

export function isReplayableStatus(status: string | undefined): status is ReplayableStatus {
  return status === "unmatched" || status === "invalid" || status === "failed";
}

export const STATUS_TONE: Record<DeliveryStatus, "neutral" | "success" | "warning" | "danger" | "info"> = {
  processed: "success",
  duplicate: "neutral",
  ignored: "neutral",
  unmatched: "warning",
  invalid: "danger",
  failed: "danger",
};

/** One sentence per group of a replay preview. */
export function previewLines(preview: ReplayPreview): string[] {
  return preview.groups.map(({ count, phone_number_id, verdict, workspace_name }) => {
    const deliveries = count === 1 ? "1 delivery" : `${count} deliveries`;
    const number = phone_number_id ? ` for phone number id ${phone_number_id}` : "";
    switch (verdict) {
      case "replay":
        return `${deliveries}${number} ${count === 1 ? "matches" : "match"} workspace ${workspace_name} and will be replayed.`;
      case "no_workspace":
        return `${deliveries}${number} still ${count === 1 ? "matches" : "match"} no workspace: not replayed.`;
      case "other_workspace":
        return `${deliveries}${number} now ${count === 1 ? "belongs" : "belong"} to another workspace: not replayed from here.`;
      case "no_number":
        return `${deliveries} ${count === 1 ? "names" : "name"} no phone number id: cannot be replayed.`;
    }
  });
}
