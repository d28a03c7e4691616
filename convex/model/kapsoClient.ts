import { env } from "../env";
import { userError } from "../errors";
import { createKapsoFetch } from "../../src/lib/kapsoHttp";
import { messageRef, type MessageRef } from "../../src/i18n/messageRef";
import { createKapsoPlatformClient, KapsoApiError, type KapsoPlatformClient } from "../../src/domain/kapsoPlatform";

/**
 * The Kapso Platform API client for a workspace's key (optional: needs the
 * workspace's own key or the deployment's KAPSO_API_KEY; see kapsoCredentials),
 * and Kapso's failures as errors the dashboard shows.
 */

// Interactive calls give up on long Retry-After waits and say when to retry;
// the background drift check waits them out (kapsoHttp defaults).
const INTERACTIVE_MAX_RETRY_AFTER_MS = 5_000;

export function platformClient(apiKey: string | null, interactive: boolean): KapsoPlatformClient | null {
  if (!apiKey) {
    return null;
  }
  const waits = interactive ? { maxRetryAfterMs: INTERACTIVE_MAX_RETRY_AFTER_MS } : {};
  return createKapsoPlatformClient({
    apiKey,
    baseUrl: env.kapsoApiBaseUrl(),
    transport: {
      read: createKapsoFetch({ kind: "read", ...waits }),
      send: createKapsoFetch({ kind: "send", ...waits }),
    },
  });
}

export function requireClient(apiKey: string | null): KapsoPlatformClient {
  const client = platformClient(apiKey, true);
  if (!client) {
    throw userError("NOT_CONFIGURED", messageRef("errors.workflows.kapso.notConfigured"));
  }
  return client;
}

/** A Kapso API failure as an error the dashboard shows; anything else is rethrown. */
export function kapsoError(error: unknown, workflowId: string): never {
  kapsoUserError(error, messageRef("errors.workflows.kapso.noWorkflow", { workflowId }));
}

/** Like kapsoError, with the caller's words for a 404. */
export function kapsoUserError(error: unknown, notFound: string | MessageRef): never {
  if (!(error instanceof KapsoApiError)) {
    throw error;
  }
  const message = error.kind === "not_found" ? notFound : error.ref;
  throw userError(`KAPSO_${error.kind.toUpperCase() as Uppercase<typeof error.kind>}`, message, {
    retryAfterSeconds: error.retryAfterSeconds,
  });
}
