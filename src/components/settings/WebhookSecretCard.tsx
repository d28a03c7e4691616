"use client";
import { useTranslations } from "next-intl";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { webhookSecretSchema } from "@/domain/workspace";
import { WriteOnlySecretCard } from "./WriteOnlySecretCard";

/** The webhook secret is write-only: admins see whether it is set and can replace or clear it. */
export function WebhookSecretCard({
  workspaceId,
  hasSecret,
  canManage,
}: {
  workspaceId: Id<"workspaces">;
  hasSecret: boolean;
  canManage: boolean;
}) {
  const t = useTranslations("settings.webhookSecret");
  const states = useTranslations("settings.secretCard");
  const setSecret = useMutation(api.workspaces.setWebhookSecret);
  const clearSecret = useMutation(api.workspaces.clearWebhookSecret);
  return (
    <WriteOnlySecretCard
      text={{
        title: t("title"),
        description: t("description"),
        adminsOnly: t("adminsOnly"),
        label: t("label"),
        hint: t("hint"),
        set: t("set"),
        replace: t("replace"),
        save: t("save"),
        clear: t("clear"),
        clearTitle: t("clearTitle"),
        clearExplanation: t("clearExplanation"),
        saved: t("saved"),
        cleared: t("cleared"),
      }}
      state={hasSecret ? { tone: "success", label: states("set") } : { tone: "warning", label: states("notSet") }}
      hasOwnValue={hasSecret}
      canManage={canManage}
      schema={webhookSecretSchema}
      save={(secret) => setSecret({ workspaceId, secret })}
      clear={() => clearSecret({ workspaceId })}
    />
  );
}
