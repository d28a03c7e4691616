import { v, type Infer } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { env } from "./env";
import { openSecret } from "./model/secrets";

/**
 * The one place that decides which Kapso API key a workspace's calls use:
 * the workspace's own key (workspaces can belong to different Kapso projects),
 * else the deployment's KAPSO_API_KEY, else none. Only internal functions may
 * pass `apiKey` on; public ones expose `source` at most.
 */

export const kapsoApiKeySource = v.union(v.literal("workspace"), v.literal("deployment"), v.literal("none"));
export type KapsoApiKeySource = Infer<typeof kapsoApiKeySource>;

export type KapsoCredentials =
  { apiKey: string; source: Exclude<KapsoApiKeySource, "none"> } | { apiKey: null; source: "none" };

export async function kapsoCredentialsFor(
  workspace: Pick<Doc<"workspaces">, "kapso_api_key">,
): Promise<KapsoCredentials> {
  const own = workspace.kapso_api_key && (await openSecret(workspace.kapso_api_key)).trim();
  if (own) {
    return { apiKey: own, source: "workspace" };
  }
  const deployment = env.kapsoApiKey();
  if (deployment) {
    return { apiKey: deployment, source: "deployment" };
  }
  return { apiKey: null, source: "none" };
}

/**
 * Whether a key applies at all, without opening the sealed one: cheap enough for a query
 * that re-runs on every message, and it never throws (a key that no longer opens fails at send time).
 */
export function kapsoKeyConfigured(workspace: Pick<Doc<"workspaces">, "kapso_api_key">): boolean {
  return Boolean(workspace.kapso_api_key) || Boolean(env.kapsoApiKey());
}
