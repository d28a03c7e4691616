/* eslint-disable @convex-dev/no-process-env -- the one place that reads deployment variables */
// Read per call, never at module load: deployments change variables without
// redeploying, and tests stub them per test. Empty strings count as unset.

function read(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

export const env = {
  /** Deployment-wide webhook secret, used when a workspace has none of its own. */
  kapsoWebhookSecret: () => read("KAPSO_WEBHOOK_SECRET"),
  kapsoApiKey: () => read("KAPSO_API_KEY"),
  /** This deployment's HTTP actions root (Convex sets it), where Kapso sends /webhook/kapso. */
  convexSiteUrl: () => read("CONVEX_SITE_URL"),
  kapsoApiBaseUrl: () => read("KAPSO_API_BASE_URL") ?? "https://api.kapso.ai",
  xaiApiKey: () => read("XAI_API_KEY"),
  summaryModel: () => read("SUMMARY_MODEL") ?? "grok-4.1-fast",
  /** Per LLM call; a call that takes longer falls back to the deterministic summary. */
  summaryLlmTimeoutMs: () => {
    const ms = Number(read("SUMMARY_LLM_TIMEOUT_MS"));
    return Number.isFinite(ms) && ms > 0 ? ms : 45_000;
  },
  /** Per media download request; a slower one counts as a timeout and is retried later. */
  mediaDownloadTimeoutMs: () => {
    const ms = Number(read("MEDIA_DOWNLOAD_TIMEOUT_MS"));
    return Number.isFinite(ms) && ms > 0 ? ms : 30_000;
  },
  /** Seals workspace secrets at rest (base64 of 32 bytes); see model/secrets.ts. */
  kapsoSecretsKey: () => read("KAPSO_SECRETS_KEY"),
  /** The key before the last rotation: still opens what it sealed until everything is resealed. */
  kapsoSecretsKeyPrevious: () => read("KAPSO_SECRETS_KEY_PREVIOUS"),
  /** Clerk user ids (comma-separated) who see the deliveries no workspace has. */
  deploymentAdmins: () =>
    (read("DEPLOYMENT_ADMINS") ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
  /** Days processed, duplicate and ignored deliveries are kept; validated by the retention sweep. */
  deliveryRetentionDays: () => read("DELIVERY_RETENTION_DAYS"),
};
