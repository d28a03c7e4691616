"use client";
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
  const setSecret = useMutation(api.workspaces.setWebhookSecret);
  const clearSecret = useMutation(api.workspaces.clearWebhookSecret);
  return (
    <WriteOnlySecretCard
      title="Kapso webhook secret"
      name="webhook secret"
      description="Kapso signs each webhook with it; it is never shown again after saving."
      state={hasSecret ? { tone: "success", label: "Set" } : { tone: "warning", label: "Not set" }}
      hasOwnValue={hasSecret}
      canManage={canManage}
      noun="secret"
      field={{ label: "New webhook secret", hint: "Paste the secret from the webhook's settings in Kapso." }}
      schema={webhookSecretSchema}
      save={(secret) => setSecret({ workspaceId, secret })}
      clear={() => clearSecret({ workspaceId })}
      clearExplanation="Webhooks for this workspace will then be checked against the deployment-wide secret, and refused if there is none."
    />
  );
}
