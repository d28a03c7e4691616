import { env } from "../env";
import { userError } from "../errors";
import { createKapsoFetch } from "../../src/lib/kapsoHttp";
import { createKapsoPlatformClient, KapsoApiError, type KapsoPlatformClient } from "../../src/domain/kapsoPlatform";

/**
 * The Kapso Platform API client for a workspace's key (optional: needs the
 * workspace's own key or the deployment's KAPSO_API_KEY; see kapsoCredentials),
 * and Kapso's failures as errors the dashboard shows.
 */

const NOT_CONFIGURED =
  "The Kapso Platform API is not configured on this deployment (KAPSO_API_KEY is not set). Use the manual steps instead, " +
  "or have an admin add this workspace's Kapso API key in Settings.";

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
    throw userError("NOT_CONFIGURED", NOT_CONFIGURED);
  }
  return client;
}

/** A Kapso API failure as an error the dashboard shows; anything else is rethrown. */
export function kapsoError(error: unknown, workflowId: string): never {
  kapsoUserError(
    error,
    `Kapso has no workflow with id "${workflowId}" for this API key. Check the Kapso workflow id in the settings.`,
  );
}

/** Like kapsoError, with the caller's words for a 404. */
export function kapsoUserError(error: unknown, notFound: string): never {
  if (!(error instanceof KapsoApiError)) {
    throw error;
  }
  const message = error.kind === "not_found" ? notFound : error.message;
  throw userError(`KAPSO_${error.kind.toUpperCase() as Uppercase<typeof error.kind>}`, message, {
    retryAfterSeconds: error.retryAfterSeconds,
  });
}
