import type { Doc } from "../_generated/dataModel";
import { env } from "../env";
import { openSecret } from "./secrets";
import { isSecretConfigured, verifyWebhookSignature } from "../../src/domain/webhookSignature";

/** The workspace's own webhook secret (opened if sealed at rest), or undefined when it has none. */
export async function webhookSecretFor(workspace: Doc<"workspaces">): Promise<string | undefined> {
  const stored = workspace.kapso_webhook_secret;
  if (!stored) {
    return undefined;
  }
  const secret = await openSecret(stored);
  return isSecretConfigured(secret) ? secret : undefined;
}

export type VerifiedWith = "workspace" | "deployment";

/** The secret that applies to a delivery now: the workspace's own replaces the deployment's. */
export async function applicableSecret(
  workspace: Doc<"workspaces"> | null,
): Promise<{ secret: string; source: VerifiedWith } | null> {
  const own = workspace ? await webhookSecretFor(workspace) : undefined;
  if (own) {
    return { secret: own, source: "workspace" };
  }
  const deployment = env.kapsoWebhookSecret();
  return isSecretConfigured(deployment) ? { secret: deployment, source: "deployment" } : null;
}

export type Verification = { ok: true; source: VerifiedWith } | { ok: false; error: string };

/** Checks X-Webhook-Signature over the exact bytes with the secret that applies to the workspace. */
export async function verifyDelivery(
  workspace: Doc<"workspaces"> | null,
  bytes: Uint8Array,
  signature: string | undefined,
): Promise<Verification> {
  const applicable = await applicableSecret(workspace);
  if (!applicable) {
    return {
      ok: false,
      error: "No webhook secret is configured (workspace kapso_webhook_secret or KAPSO_WEBHOOK_SECRET).",
    };
  }
  if (!signature) {
    return { ok: false, error: "X-Webhook-Signature: header is missing" };
  }
  if (!(await verifyWebhookSignature(applicable.secret, bytes, signature))) {
    return {
      ok: false,
      error: `X-Webhook-Signature: does not match the body (checked with the ${applicable.source} secret)`,
    };
  }
  return { ok: true, source: applicable.source };
}
