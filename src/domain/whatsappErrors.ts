// Plain-language explanations for WhatsApp Cloud API error codes that staff
// meet when a reply fails. Codes from Meta's error reference.

const PLAIN: Record<number, string> = {
  131047: "More than 24 hours have passed since the lead last wrote, so WhatsApp only accepts a template message now.",
  470: "More than 24 hours have passed since the lead last wrote, so WhatsApp only accepts a template message now.",
  131026:
    "WhatsApp could not deliver this message. The number may not use WhatsApp, may run an outdated app, or may not have accepted WhatsApp's latest terms.",
  131049:
    "WhatsApp held this message back to protect the lead's experience (too many business messages recently). Try again later or wait for the lead to write.",
  131051: "WhatsApp does not support this kind of message.",
  130429: "Too many messages were sent in a short time, so WhatsApp paused sending. Wait a moment and try again.",
  131056: "Too many messages went to this lead in a short time. Wait a moment before sending again.",
  131048: "WhatsApp limited sending from this number because earlier messages were reported or blocked.",
  131050: "The lead has chosen not to receive marketing messages from this business.",
  131021: "The recipient is this business's own number.",
  131000: "WhatsApp hit an unexpected problem. Try again.",
  131031: "This WhatsApp business account is locked or restricted.",
  131042: "WhatsApp refused the message because of a payment problem on the business account.",
  131053: "WhatsApp could not process the attached media.",
  368: "This number is temporarily blocked from sending because of a WhatsApp policy violation.",
};

export type WhatsAppErrorInfo = {
  code?: number | null;
  title?: string | null;
  message?: string | null;
};

/** One sentence a person understands; falls back to WhatsApp's own title or message. */
export function describeWhatsAppError({ code, title, message }: WhatsAppErrorInfo): string {
  if (code !== undefined && code !== null && PLAIN[code]) {
    return PLAIN[code];
  }
  const detail = message?.trim() || title?.trim();
  if (detail && code) {
    return `${detail} (WhatsApp error ${code})`;
  }
  if (detail) {
    return detail;
  }
  if (code) {
    return `WhatsApp reported error ${code}.`;
  }
  return "The message could not be sent.";
}
