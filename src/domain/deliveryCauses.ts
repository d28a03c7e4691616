import { LEGACY_V1_ERROR } from "./kapsoEvents";
import type { LedgerStatus } from "./deliveryHealth";

// What went wrong with a webhook delivery, in plain words, and what to do about
// it: the deliveries page shows this beside the raw error the ledger keeps.

export type DeliveryStatus = LedgerStatus;

export type DeliveryFacts = {
  status: DeliveryStatus;
  event: string;
  error?: string;
  phoneNumberId?: string;
  idempotencyKey: string;
  /** For unmatched deliveries: the name of the workspace that has the number now, if any. */
  matchingWorkspace?: string;
};

export type DeliveryCause = { cause: string; action: string };

/** The key the ledger makes up when Kapso sent no X-Idempotency-Key (see webhookDeliveries.receive). */
export const DERIVED_KEY_PREFIX = "sha256:";

/** The cause of a delivery that did not simply apply, or null when there is nothing to explain. */
export function deliveryCause(facts: DeliveryFacts): DeliveryCause | null {
  const error = facts.error?.replace(/^not replayed: /, "") ?? "";
  if (facts.status === "unmatched") {
    const number = facts.phoneNumberId ? `phone number id ${facts.phoneNumberId}` : "its phone number id";
    return facts.matchingWorkspace
      ? {
          cause: `No workspace had ${number} when this arrived; "${facts.matchingWorkspace}" has it now.`,
          action: "Replay it to apply it to that workspace.",
        }
      : {
          cause: `No workspace has ${number}.`,
          action: `Set ${facts.phoneNumberId ?? "the number"} as the Kapso phone number id in the workspace's Settings; waiting deliveries are replayed then.`,
        };
  }
  if (facts.status === "ignored") {
    return {
      cause: `This app does not handle the event ${facts.event}.`,
      action: "Nothing to do, or untick the event in the Kapso webhook so it is not sent.",
    };
  }
  if (facts.status === "duplicate") {
    return {
      cause: "Kapso sent this delivery again under the same key.",
      action: "Nothing to do: it was applied once.",
    };
  }
  if (facts.status === "processed") {
    return facts.idempotencyKey.startsWith(DERIVED_KEY_PREFIX) ? missingKey() : null;
  }
  if (error.startsWith("X-Webhook-Signature") || error.startsWith("No webhook secret")) {
    return {
      cause: "The stored signature does not match the secret that applies now, so it was not replayed.",
      action:
        "Check the webhook secret in Settings (or KAPSO_WEBHOOK_SECRET) is the one Kapso signs with, then replay again.",
    };
  }
  if (error.startsWith("raw body: missing")) {
    return { cause: "The raw body of this delivery was not kept.", action: "It cannot be replayed: dismiss it." };
  }
  if (facts.status === "failed") {
    return {
      cause: `Processing threw an error: ${error || "no message"}. Kapso retries such a delivery three times.`,
      action: "Once the fault is fixed (a deployment or a data fix), replay it.",
    };
  }
  // invalid
  if (error === LEGACY_V1_ERROR) {
    return {
      cause: "Kapso is sending payload version v1.",
      action: "Edit the webhook in Kapso and choose payload version v2; new deliveries then apply.",
    };
  }
  if (error.startsWith("body: not valid")) {
    return {
      cause: "The body is not valid JSON.",
      action: "It cannot be applied. If it keeps happening, check what sends to this webhook URL.",
    };
  }
  if (error.startsWith("X-Webhook-Event")) {
    return {
      cause: "The delivery had no X-Webhook-Event header, so its event is unknown.",
      action: "Check the webhook is a Kapso webhook of kind kapso; then replay or dismiss it.",
    };
  }
  if (error.startsWith("phone_number_id")) {
    return {
      cause: "The payload names a different phone number id than the one it was verified for.",
      action: "Check the payload in Kapso; this delivery cannot be applied as it is. Dismiss it.",
    };
  }
  const field = /^([\w.[\]]+): (.+)$/.exec(error);
  return {
    cause: field
      ? `The payload's field ${field[1]} is not what this app expects: ${field[2]}.`
      : `The payload was refused: ${error || "no reason recorded"}.`,
    action: "If this app should accept it, replay it after the fix is deployed; otherwise dismiss it.",
  };
}

function missingKey(): DeliveryCause {
  return {
    cause: "Kapso sent no X-Idempotency-Key; identical bodies count as the same delivery.",
    action: "Nothing to do for this delivery. Check the webhook is a Kapso webhook if it keeps happening.",
  };
}

/** A stored raw body as the page shows it: pretty-printed JSON, or the text as it is when not JSON. */
export function prettyBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
