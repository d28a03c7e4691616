import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import type { DeliveryStatus } from "@/domain/deliveryCauses";
import { messageRef, type MessageKey, type MessageRef } from "@/i18n/messageRef";

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

const PREVIEW_KEYS = {
  replay: ["deliveries.replay.replay", "deliveries.replay.replayForNumber"],
  no_workspace: ["deliveries.replay.noWorkspace", "deliveries.replay.noWorkspaceForNumber"],
  other_workspace: ["deliveries.replay.otherWorkspace", "deliveries.replay.otherWorkspaceForNumber"],
  no_number: ["deliveries.replay.noNumber", "deliveries.replay.noNumber"],
} as const satisfies Record<ReplayPreview["groups"][number]["verdict"], readonly [MessageKey, MessageKey]>;

/** One sentence per group of a replay preview, naming its phone number id when it has one. */
export function previewLines(preview: ReplayPreview): MessageRef[] {
  return preview.groups.map(({ count, phone_number_id, verdict, workspace_name }) => {
    const [withoutNumber, withNumber] = PREVIEW_KEYS[verdict];
    const values = { count, ...(workspace_name ? { workspace: workspace_name } : {}) };
    return phone_number_id
      ? messageRef(withNumber, { ...values, phoneNumberId: phone_number_id })
      : messageRef(withoutNumber, values);
  });
}
