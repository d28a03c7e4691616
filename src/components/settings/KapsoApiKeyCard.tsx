"use client";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { KapsoApiKeySource } from "@convex/kapsoCredentials";
import { kapsoApiKeySchema } from "@/domain/workspace";
import { WriteOnlySecretCard, type SecretState } from "./WriteOnlySecretCard";

const STATES: Record<KapsoApiKeySource, SecretState> = {
  workspace: { tone: "success", label: "Set" },
  deployment: { tone: "info", label: "Using the deployment key" },
  none: { tone: "warning", label: "Not set" },
};

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
  const setKey = useMutation(api.workspaces.setKapsoApiKey);
  const clearKey = useMutation(api.workspaces.clearKapsoApiKey);
  return (
    <WriteOnlySecretCard
      title="Kapso API key"
      name="Kapso API key"
      description="The key of this workspace's Kapso project, for sending replies and checking workflows in Kapso. It stays on the server and is never shown again after saving."
      state={STATES[source]}
      hasOwnValue={source === "workspace"}
      canManage={canManage}
      noun="key"
      field={{ label: "New Kapso API key", hint: "Create one in Kapso under Integrations → API keys." }}
      schema={kapsoApiKeySchema}
      save={(apiKey) => setKey({ workspaceId, apiKey })}
      clear={() => clearKey({ workspaceId })}
      clearExplanation="Replies and Kapso checks for this workspace will then use the deployment's KAPSO_API_KEY, and stop working if it has none."
    />
  );
}
