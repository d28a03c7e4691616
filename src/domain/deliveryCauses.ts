import { LEGACY_V1_ERROR } from "./kapsoEvents";
import type { LedgerStatus } from "./deliveryHealth";
import { messageRef, type MessageRef } from "../i18n/messageRef";

// What went wrong with a webhook delivery, in plain words, and what to do about
// it: the deliveries page shows this beside the raw error the ledger keeps, in its reader's language.

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

export type DeliveryCause = { cause: MessageRef; action: MessageRef };

/** The key the ledger makes up when Kapso sent no X-Idempotency-Key (see webhookDeliveries.receive). */
export const DERIVED_KEY_PREFIX = "sha256:";

function explain(cause: MessageRef, action: MessageRef): DeliveryCause {
  return { cause, action };
}

/**
 * The cause of a delivery that did not simply apply, or null when there is nothing to explain. The raw error the
 * ledger recorded stays a value inside the sentence: it is technical text, shown as it was written.
 */
export function deliveryCause(facts: DeliveryFacts): DeliveryCause | null {
  const error = facts.error?.replace(/^not replayed: /, "") ?? "";
  const { phoneNumberId, matchingWorkspace } = facts;
  if (facts.status === "unmatched") {
    if (matchingWorkspace) {
      return explain(
        phoneNumberId
          ? messageRef("deliveries.causes.unmatchedNowCause", { phoneNumberId, workspace: matchingWorkspace })
          : messageRef("deliveries.causes.unmatchedNowCauseNoNumber", { workspace: matchingWorkspace }),
        messageRef("deliveries.causes.unmatchedNowAction"),
      );
    }
    return phoneNumberId
      ? explain(
          messageRef("deliveries.causes.unmatchedCause", { phoneNumberId }),
          messageRef("deliveries.causes.unmatchedAction", { phoneNumberId }),
        )
      : explain(
          messageRef("deliveries.causes.unmatchedCauseNoNumber"),
          messageRef("deliveries.causes.unmatchedActionNoNumber"),
        );
  }
  if (facts.status === "ignored") {
    return explain(
      messageRef("deliveries.causes.ignoredCause", { event: facts.event }),
      messageRef("deliveries.causes.ignoredAction"),
    );
  }
  if (facts.status === "duplicate") {
    return explain(messageRef("deliveries.causes.duplicateCause"), messageRef("deliveries.causes.duplicateAction"));
  }
  if (facts.status === "processed") {
    return facts.idempotencyKey.startsWith(DERIVED_KEY_PREFIX)
      ? explain(messageRef("deliveries.causes.noKeyCause"), messageRef("deliveries.causes.noKeyAction"))
      : null;
  }
  if (error.startsWith("X-Webhook-Signature") || error.startsWith("No webhook secret")) {
    return explain(messageRef("deliveries.causes.signatureCause"), messageRef("deliveries.causes.signatureAction"));
  }
  if (error.startsWith("raw body: missing")) {
    return explain(messageRef("deliveries.causes.noRawBodyCause"), messageRef("deliveries.causes.noRawBodyAction"));
  }
  if (facts.status === "failed") {
    return explain(
      error
        ? messageRef("deliveries.causes.failedCause", { error })
        : messageRef("deliveries.causes.failedCauseNoMessage"),
      messageRef("deliveries.causes.failedAction"),
    );
  }
  // invalid
  if (error === LEGACY_V1_ERROR) {
    return explain(messageRef("deliveries.causes.v1Cause"), messageRef("deliveries.causes.v1Action"));
  }
  if (error.startsWith("body: not valid")) {
    return explain(messageRef("deliveries.causes.notJsonCause"), messageRef("deliveries.causes.notJsonAction"));
  }
  if (error.startsWith("X-Webhook-Event")) {
    return explain(messageRef("deliveries.causes.noEventCause"), messageRef("deliveries.causes.noEventAction"));
  }
  if (error.startsWith("phone_number_id")) {
    return explain(messageRef("deliveries.causes.otherNumberCause"), messageRef("deliveries.causes.otherNumberAction"));
  }
  const field = /^([\w.[\]]+): (.+)$/.exec(error);
  return explain(
    field
      ? messageRef("deliveries.causes.fieldCause", { field: field[1], problem: field[2] })
      : error
        ? messageRef("deliveries.causes.refusedCause", { error })
        : messageRef("deliveries.causes.refusedCauseNoReason"),
    messageRef("deliveries.causes.refusedAction"),
  );
}

/** A stored raw body as the page shows it: pretty-printed JSON, or the text as it is when not JSON. */
export function prettyBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
