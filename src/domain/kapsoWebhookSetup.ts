import { z } from "zod";
import { HANDLED_EVENTS } from "./kapsoWebhook";
import type { KapsoWebhook, KapsoWebhookInput } from "./kapsoPlatform";
import { messageRef, type MessageRef } from "../i18n/messageRef";

// "Connect webhook": what this app needs Kapso's phone-number webhook to be,
// and how the webhook Kapso has differs from it.

/** The webhook route of a deployment (its CONVEX_SITE_URL). */
export function webhookEndpoint(siteUrl: string): string {
  return `${siteUrl.replace(/\/+$/, "")}/webhook/kapso`;
}

/** Kapso's limits for buffering inbound messages (docs: 1–60 s window, 1–100 messages); messages are catalogue keys. */
export const bufferingSchema = z.discriminatedUnion("enabled", [
  z.object({ enabled: z.literal(false) }),
  z.object({
    enabled: z.literal(true),
    windowSeconds: z
      .number("validation.deliveries.windowNumber")
      .int("validation.deliveries.windowWhole")
      .min(1, "validation.deliveries.windowRange")
      .max(60, "validation.deliveries.windowRange"),
    maxSize: z
      .number("validation.deliveries.sizeNumber")
      .int("validation.deliveries.sizeWhole")
      .min(1, "validation.deliveries.sizeRange")
      .max(100, "validation.deliveries.sizeRange"),
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
export function webhookDrift(webhook: KapsoWebhook, url: string): MessageRef[] {
  const drift: MessageRef[] = [];
  if (webhook.url.replace(/\/+$/, "") !== url) {
    drift.push(messageRef("webhookSetup.drift.url", { actual: webhook.url, url }));
  }
  if (webhook.active === false) {
    drift.push(messageRef("webhookSetup.drift.paused"));
  }
  if (webhook.kind && webhook.kind !== "kapso") {
    drift.push(messageRef("webhookSetup.drift.kind", { kind: webhook.kind }));
  }
  if (webhook.payload_version && webhook.payload_version !== "v2") {
    drift.push(messageRef("webhookSetup.drift.version", { version: webhook.payload_version }));
  }
  const missing = HANDLED_EVENTS.filter((e) => !webhook.events.includes(e));
  if (missing.length) {
    // Event names are Kapso's identifiers: listed as they are in either language.
    drift.push(messageRef("webhookSetup.drift.events", { events: missing.join(", ") }));
  }
  return drift;
}

/** A fresh webhook secret: 32 random bytes, hex. */
export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
