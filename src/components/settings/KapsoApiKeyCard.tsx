"use client";
import { useTranslations } from "next-intl";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { KapsoApiKeySource } from "@convex/kapsoCredentials";
import { kapsoApiKeySchema } from "@/domain/workspace";
import { WriteOnlySecretCard, type SecretState } from "./WriteOnlySecretCard";

/**
 * The workspace's own Kapso API key, for replies and the Platform API features.
 * Write-only; without it the deployment's KAPSO_API_KEY is used, if there is one.
 */
export function KapsoApiKeyCard({
  workspaceId,
  source,
  canManage,
}: {
  workspaceId: Id<"workspaces">;
  source: KapsoApiKeySource;
  canManage: boolean;
}) {
  const t = useTranslations("settings.apiKey");
  const states = useTranslations("settings.secretCard");
  const setKey = useMutation(api.workspaces.setKapsoApiKey);
  const clearKey = useMutation(api.workspaces.clearKapsoApiKey);
  const state: Record<KapsoApiKeySource, SecretState> = {
    workspace: { tone: "success", label: states("set") },
    deployment: { tone: "info", label: t("deployment") },
    none: { tone: "warning", label: states("notSet") },
  };
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
      state={state[source]}
      hasOwnValue={source === "workspace"}
      canManage={canManage}
      schema={kapsoApiKeySchema}
      save={(apiKey) => setKey({ workspaceId, apiKey })}
      clear={() => clearKey({ workspaceId })}
    />
  );
}
