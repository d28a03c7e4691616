import { z } from "zod";
import { HANDLED_EVENTS } from "./kapsoWebhook";
import type { KapsoWebhook, KapsoWebhookInput } from "./kapsoPlatform";

// "Connect webhook": what this app needs Kapso's phone-number webhook to be,
// and how the webhook Kapso has differs from it.

/** The webhook route of a deployment (its CONVEX_SITE_URL). */
export function webhookEndpoint(siteUrl: string): string {
  return `${siteUrl.replace(/\/+$/, "")}/webhook/kapso`;
}

/** Kapso's limits for buffering inbound messages (docs: 1–60 s window, 1–100 messages). */
export const bufferingSchema = z.discriminatedUnion("enabled", [
  z.object({ enabled: z.literal(false) }),
  z.object({
    enabled: z.literal(true),
    windowSeconds: z
      .number("Buffer window must be a number of seconds")
      .int("Buffer window must be whole seconds")
      .min(1, "Buffer window must be 1 to 60 seconds")
      .max(60, "Buffer window must be 1 to 60 seconds"),
    maxSize: z
      .number("Batch size must be a number")
      .int("Batch size must be a whole number")
      .min(1, "Batch size must be 1 to 100 messages")
      .max(100, "Batch size must be 1 to 100 messages"),
  }),
]);
export type Buffering = z.infer<typeof bufferingSchema>;

/** Kapso's defaults when buffering is turned on. */
export const DEFAULT_BUFFERING = { enabled: true, windowSeconds: 5, maxSize: 50 } as const;

/** The webhook this app needs: its URL, kind kapso, v2 payloads, every handled event, active, the new secret. */
export function desiredWebhook(url: string, secret: string, buffering: Buffering): KapsoWebhookInput {
  return {
    url,
    kind: "kapso",
    payload_version: "v2",
    events: [...HANDLED_EVENTS],
    active: true,
    secret_key: secret,
    ...(buffering.enabled
      ? {
          buffer_enabled: true,
          buffer_window_seconds: buffering.windowSeconds,
          max_buffer_size: buffering.maxSize,
          // Kapso buffers only inbound messages.
          buffer_events: ["whatsapp.message.received"],
        }
      : { buffer_enabled: false }),
  };
}

/** The number's webhook pointing at this deployment, if Kapso has one. */
export function ourWebhook(webhooks: KapsoWebhook[], url: string): KapsoWebhook | undefined {
  return webhooks.find((w) => w.url.replace(/\/+$/, "") === url);
}

/** How a webhook differs from what this app needs, in plain words; empty when it is right. */
export function webhookDrift(webhook: KapsoWebhook, url: string): string[] {
  const drift: string[] = [];
  if (webhook.url.replace(/\/+$/, "") !== url) {
    drift.push(`It sends to ${webhook.url}, not to this deployment (${url}).`);
  }
  if (webhook.active === false) {
    drift.push("It is paused (inactive): Kapso sends nothing.");
  }
  if (webhook.kind && webhook.kind !== "kapso") {
    drift.push(`Its kind is "${webhook.kind}": this app reads Kapso's payloads (kind "kapso").`);
  }
  if (webhook.payload_version && webhook.payload_version !== "v2") {
    drift.push(`It sends payload version ${webhook.payload_version}: this app reads v2.`);
  }
  const missing = HANDLED_EVENTS.filter((e) => !webhook.events.includes(e));
  if (missing.length) {
    drift.push(`It does not send ${missing.join(", ")}.`);
  }
  return drift;
}

/** A fresh webhook secret: 32 random bytes, hex. */
export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
