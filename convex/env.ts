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
  kapsoApiBaseUrl: () => read("KAPSO_API_BASE_URL") ?? "https://api.kapso.ai",
  xaiApiKey: () => read("XAI_API_KEY"),
  summaryModel: () => read("SUMMARY_MODEL") ?? "grok-4.1-fast",
  /** Per LLM call; a call that takes longer falls back to the deterministic summary. */
  summaryLlmTimeoutMs: () => {
    const ms = Number(read("SUMMARY_LLM_TIMEOUT_MS"));
    return Number.isFinite(ms) && ms > 0 ? ms : 45_000;
  },
  clerkIssuer: () => read("CLERK_JWT_ISSUER_DOMAIN"),
  /** Set by Convex itself: the deployment's own client URL. */
  deploymentUrl: () => read("CONVEX_CLOUD_URL"),
};

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1", "0.0.0.0"]);

export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname;
    return LOOPBACK_HOSTS.has(host) || host.startsWith("127.");
  } catch {
    return false;
  }
}

/**
 * Local operator mode: a deployment on this machine with no sign-in configured.
 * Both conditions are required so a cloud deployment can never be opened by an
 * anonymous caller.
 */
export function localOperatorModeEnabled(): boolean {
  return env.clerkIssuer() === undefined && isLoopbackUrl(env.deploymentUrl());
}
