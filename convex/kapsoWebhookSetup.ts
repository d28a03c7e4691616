import { v, type Infer } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { env } from "./env";
import { invalidInput, userError } from "./errors";
import { workspaceAction, workspaceQuery } from "./functions";
import { kapsoCredentialsFor } from "./kapsoCredentials";
import { kapsoUserError, requireClient } from "./model/kapsoClient";
import { sealSecret } from "./model/secrets";
import { applicableSecret } from "./model/webhookSecret";
import type { KapsoWebhook } from "../src/domain/kapsoPlatform";
import { TEST_DELIVERY_EVENT } from "../src/domain/kapsoWebhook";
import {
  bufferingSchema,
  desiredWebhook,
  generateWebhookSecret,
  ourWebhook,
  webhookDrift,
  webhookEndpoint,
} from "../src/domain/kapsoWebhookSetup";
import { signWebhookBody } from "../src/domain/webhookSignature";
import { messageRef } from "../src/i18n/messageRef";

// "Connect webhook" and "Send test delivery" (Settings). Outbound HTTP only here,
// in actions. Connect writes the webhook in Kapso first and stores its new secret
// only once Kapso took it, so a refusal leaves the old secret working.

function endpointOrThrow(): string {
  const site = env.convexSiteUrl();
  if (!site) {
    throw userError("NOT_CONFIGURED", messageRef("errors.deliveries.noSiteUrl"));
  }
  return webhookEndpoint(site);
}

const webhookView = v.object({
  id: v.string(),
  url: v.string(),
  kind: v.optional(v.string()),
  events: v.array(v.string()),
  active: v.optional(v.boolean()),
  payloadVersion: v.optional(v.string()),
  bufferEnabled: v.optional(v.boolean()),
  bufferWindowSeconds: v.optional(v.number()),
  maxBufferSize: v.optional(v.number()),
});

/** A sentence as its catalogue key and values (a MessageRef): the dashboard says it in its reader's language. */
const sentence = v.object({
  key: v.string(),
  values: v.optional(v.record(v.string(), v.union(v.string(), v.number()))),
});

const webhookState = v.object({
  webhook: v.union(webhookView, v.null()),
  /** How the webhook differs from what this app needs, in plain words. */
  drift: v.array(sentence),
});
type WebhookState = Infer<typeof webhookState>;

/** The webhook as Kapso has it, without its secret (never shown). */
function toView(webhook: KapsoWebhook): Infer<typeof webhookView> {
  const optional = <K extends string, T>(key: K, value: T | null | undefined) =>
    value === null || value === undefined ? {} : ({ [key]: value } as Record<K, T>);
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    ...optional("kind", webhook.kind),
    ...optional("active", webhook.active),
    ...optional("payloadVersion", webhook.payload_version),
    ...optional("bufferEnabled", webhook.buffer_enabled),
    ...optional("bufferWindowSeconds", webhook.buffer_window_seconds),
    ...optional("maxBufferSize", webhook.max_buffer_size),
  };
}

function stateOf(webhook: KapsoWebhook | undefined, url: string): WebhookState {
  return webhook ? { webhook: toView(webhook), drift: webhookDrift(webhook, url) } : { webhook: null, drift: [] };
}

function numberNotFound(phoneNumberId: string) {
  return messageRef("errors.deliveries.numberNotFound", { phoneNumberId });
}

/** The address Kapso must send to: this deployment's /webhook/kapso, or null when unknown. */
export const endpoint = workspaceQuery({
  permission: "workspace.read",
  args: {},
  returns: v.object({ url: v.union(v.string(), v.null()) }),
  handler: async () => {
    const site = env.convexSiteUrl();
    return { url: site ? webhookEndpoint(site) : null };
  },
});

/** The number's webhook to this deployment as Kapso has it (null when there is none), and its drift. */
export const inspect = workspaceAction({
  permission: "workspace.read",
  args: {},
  returns: webhookState,
  handler: async (ctx): Promise<WebhookState> => {
    const url = endpointOrThrow();
    const client = requireClient((await kapsoCredentialsFor(ctx.workspace)).apiKey);
    const phoneNumberId = ctx.workspace.kapso_phone_number_id;
    try {
      return stateOf(ourWebhook(await client.listPhoneNumberWebhooks(phoneNumberId), url), url);
    } catch (error) {
      kapsoUserError(error, numberNotFound(phoneNumberId));
    }
  },
});

/**
 * Creates or updates the number's webhook to this deployment (kind kapso, v2,
 * every handled event, active, the admin's buffering) with a new secret, then
 * stores that secret as the workspace's. If Kapso refuses, nothing is stored.
 */
export const connect = workspaceAction({
  permission: "workspace.manage",
  args: {
    buffering: v.union(
      v.object({ enabled: v.literal(false) }),
      v.object({ enabled: v.literal(true), windowSeconds: v.number(), maxSize: v.number() }),
    ),
  },
  returns: v.object({ created: v.boolean(), ...webhookState.fields }),
  handler: async (ctx, { workspaceId, buffering }) => {
    const parsed = bufferingSchema.safeParse(buffering);
    if (!parsed.success) {
      throw invalidInput(parsed.error);
    }
    const url = endpointOrThrow();
    const client = requireClient((await kapsoCredentialsFor(ctx.workspace)).apiKey);
    const phoneNumberId = ctx.workspace.kapso_phone_number_id;
    const secret = generateWebhookSecret();
    const input = desiredWebhook(url, secret, parsed.data);
    let webhook: KapsoWebhook;
    let created: boolean;
    try {
      const existing = ourWebhook(await client.listPhoneNumberWebhooks(phoneNumberId), url);
      created = !existing;
      webhook = existing
        ? await client.updatePhoneNumberWebhook(phoneNumberId, existing.id, input)
        : await client.createPhoneNumberWebhook(phoneNumberId, input);
    } catch (error) {
      kapsoUserError(error, numberNotFound(phoneNumberId));
    }
    // Deliveries Kapso signs with the new secret before this commits are refused once
    // and retried by Kapso (+10 s, +40 s, +90 s), by which time the secret is stored.
    await ctx.runMutation(internal.kapsoWebhookSetup.storeSecret, { workspaceId, secret });
    return { created, ...stateOf(webhook, url) };
  },
});

export const storeSecret = internalMutation({
  args: { workspaceId: v.id("workspaces"), secret: v.string() },
  returns: v.null(),
  handler: async (ctx, { workspaceId, secret }) => {
    await ctx.db.patch("workspaces", workspaceId, { kapso_webhook_secret: await sealSecret(secret) });
    return null;
  },
});

const testResult = v.object({
  ok: v.boolean(),
  httpStatus: v.union(v.number(), v.null()),
  /** The endpoint's answer (its `status` and `error`), when it gave one. */
  answer: v.optional(v.object({ status: v.optional(v.string()), error: v.optional(v.string()) })),
  message: sentence,
});

/**
 * Sends a delivery signed with the secret that applies to this workspace to this
 * deployment's own /webhook/kapso, exactly as Kapso would, and reports the answer.
 * Kapso's own test endpoint only queues a sample event and reports nothing back,
 * so the app sends its own. The event is not one the app handles: it is answered
 * `ignored` and changes no data, and it does not count as a delivery from Kapso.
 */
export const sendTestDelivery = workspaceAction({
  permission: "workspace.manage",
  args: {},
  returns: testResult,
  handler: async (ctx): Promise<Infer<typeof testResult>> => {
    const url = endpointOrThrow();
    const applicable = await applicableSecret(ctx.workspace);
    if (!applicable) {
      throw userError("NOT_CONFIGURED", messageRef("errors.deliveries.noSecret"));
    }
    const now = Date.now();
    const body = JSON.stringify({
      phone_number_id: ctx.workspace.kapso_phone_number_id,
      test: true,
      sent_at: new Date(now).toISOString(),
    });
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Webhook-Event": TEST_DELIVERY_EVENT,
          "X-Webhook-Payload-Version": "v2",
          "X-Idempotency-Key": `test-${now}-${crypto.randomUUID()}`,
          "X-Webhook-Signature": await signWebhookBody(applicable.secret, body),
        },
        body,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, httpStatus: null, message: messageRef("webhookSetup.test.unreachable", { url, reason }) };
    }
    const answer = await readAnswer(response);
    const ok = response.status === 200 && answer?.status === "ignored";
    return {
      ok,
      httpStatus: response.status,
      ...(answer ? { answer } : {}),
      message: ok
        ? messageRef("webhookSetup.test.ok", { url, source: applicable.source })
        : answer?.error
          ? messageRef("webhookSetup.test.answeredError", { url, status: response.status, error: answer.error })
          : messageRef("webhookSetup.test.answeredStatus", { url, status: response.status }),
    };
  },
});

async function readAnswer(response: Response): Promise<{ status?: string; error?: string } | undefined> {
  try {
    const json = (await response.json()) as Record<string, unknown>;
    return {
      ...(typeof json.status === "string" ? { status: json.status } : {}),
      ...(typeof json.error === "string" ? { error: json.error.slice(0, 500) } : {}),
    };
  } catch {
    return undefined;
  }
}
