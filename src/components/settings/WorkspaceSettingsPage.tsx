"use client";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { roleHasPermission } from "@convex/permissions";
import { PageHeader } from "@/components/shell/PageHeader";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { LoadingState } from "@/components/ui/states";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";

// The cards validate with the server's schemas (zod) or are read now and then (the Kapso webhook, delivery
// health): their code loads once the workspace has, so the page's first load carries no validator.
const HealthPanel = dynamic(() => import("@/components/deliveries/HealthPanel").then((m) => m.HealthPanel), {
  loading: () => <LoadingState className="py-4" />,
});
const WorkspaceDetailsForm = dynamic(() => import("./WorkspaceDetailsForm").then((m) => m.WorkspaceDetailsForm), {
  loading: () => <LoadingState className="py-4" />,
});
const WebhookSecretCard = dynamic(() => import("./WebhookSecretCard").then((m) => m.WebhookSecretCard), {
  loading: () => <LoadingState className="py-4" />,
});
const KapsoApiKeyCard = dynamic(() => import("./KapsoApiKeyCard").then((m) => m.KapsoApiKeyCard), {
  loading: () => <LoadingState className="py-4" />,
});
const KapsoWebhookCard = dynamic(() => import("./KapsoWebhookCard").then((m) => m.KapsoWebhookCard), {
  loading: () => <LoadingState className="py-4" />,
});
const MembersCard = dynamic(() => import("./MembersCard").then((m) => m.MembersCard), {
  loading: () => <LoadingState className="py-4" />,
});

function SettingsContent() {
  const t = useTranslations("settings");
  const { workspaceId } = useWorkspace();
  const workspace = useQuery(api.workspaces.get, { workspaceId });
  if (workspace === undefined) {
    return <LoadingState label={t("loading")} />;
  }
  const canManage = roleHasPermission(workspace.role, "workspace.manage");
  // Built before the markup: the lint rule reads t() as translated, but not t.rich().
  const plainTextWarning = t.rich("plainTextSecrets", { code: (chunks) => <code>{chunks}</code> });
  return (
    <div className="space-y-6">
      {!canManage && (
        <p className="rounded-md bg-accent px-3 py-2 text-sm text-foreground">
          {t("readOnly", { role: workspace.role })}
        </p>
      )}
      {canManage && !workspace.secretsSealed && (
        <p role="note" className="rounded-md bg-warning/10 px-3 py-2 text-sm text-warning">
          {plainTextWarning}
        </p>
      )}
      {/* Keyed so switching workspaces starts from that workspace's values. */}
      <WorkspaceDetailsForm key={workspace._id} workspace={workspace} canManage={canManage} />
      <KapsoWebhookCard
        key={`webhook-${workspace._id}`}
        workspaceId={workspace._id}
        apiKeySource={workspace.kapsoApiKeySource}
        canManage={canManage}
      />
      <HealthPanel key={`health-${workspace._id}`} />
      <WebhookSecretCard
        key={`secret-${workspace._id}`}
        workspaceId={workspace._id}
        hasSecret={workspace.hasWebhookSecret}
        canManage={canManage}
      />
      <KapsoApiKeyCard
        key={`api-key-${workspace._id}`}
        workspaceId={workspace._id}
        source={workspace.kapsoApiKeySource}
        canManage={canManage}
      />
      <MembersCard key={`members-${workspace._id}`} workspaceId={workspace._id} canManage={canManage} />
    </div>
  );
}

/** /settings: the workspace's details, webhook secret, Kapso API key, and members. */
export function WorkspaceSettingsPage() {
  const t = useTranslations("settings");
  const { workspaceId } = useWorkspace();
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <QueryBoundary title={t("loadFailed")} resetKey={workspaceId}>
        <SettingsContent />
      </QueryBoundary>
    </div>
  );
}
