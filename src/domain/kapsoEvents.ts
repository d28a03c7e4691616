// The webhook events this app handles and the refusal of v1 payloads, in a module that imports no validator,
// so pages that only name them (the deliveries filter, the causes of a delivery) do not load zod.

export const MESSAGE_EVENTS = [
  "whatsapp.message.received",
  "whatsapp.message.sent",
  "whatsapp.message.delivered",
  "whatsapp.message.read",
  "whatsapp.message.failed",
] as const;
export const CONVERSATION_EVENTS = [
  "whatsapp.conversation.created",
  "whatsapp.conversation.ended",
  "whatsapp.conversation.inactive",
] as const;

/** Updates a lead's identity (phone, business-scoped user id, username); never creates one. */
export const IDENTITY_EVENT = "whatsapp.contact.identity_changed";

/**
 * Every event this app handles: the events "Connect webhook" subscribes to, and
 * what the copy-paste instructions list. Anything else is answered `ignored`.
 */
export const HANDLED_EVENTS = [...MESSAGE_EVENTS, ...CONVERSATION_EVENTS, IDENTITY_EVENT] as const;

/** The error a delivery in Kapso's legacy payload version v1 is refused with. */
export const LEGACY_V1_ERROR =
  "payload version v1 is not supported: configure the Kapso webhook with payload version v2";
