// Plain-language explanations for WhatsApp Cloud API error codes that staff
// meet when a reply fails. Codes from Meta's error reference.

import { messageRef, type MessageKey, type MessageRef } from "../i18n/messageRef";

// The sentences are in the catalogues (inbox.whatsappError.codes.<code>); only the codes live here.
const EXPLAINED = new Set([
  131047, 131026, 131049, 131051, 130429, 131056, 131048, 131050, 131021, 131000, 131031, 131042, 131053, 368,
]);

export type WhatsAppErrorInfo = {
  code?: number | null;
  title?: string | null;
  message?: string | null;
};

/** One sentence a person understands, in no language yet; falls back to WhatsApp's own title or message. */
export function describeWhatsAppError({ code, title, message }: WhatsAppErrorInfo): MessageRef {
  // 470 is the older code for the same closed window as 131047.
  const explained = code === 470 ? 131047 : code;
  if (explained !== undefined && explained !== null && EXPLAINED.has(explained)) {
    return messageRef(`inbox.whatsappError.codes.${explained}` as MessageKey);
  }
  // WhatsApp's own words stay as WhatsApp wrote them; the code as a string, so it is not written "131,000".
  const detail = message?.trim() || title?.trim();
  if (detail && code) {
    return messageRef("inbox.whatsappError.detailWithCode", { detail, code: String(code) });
  }
  if (detail) {
    return messageRef("inbox.whatsappError.detail", { detail });
  }
  if (code) {
    return messageRef("inbox.whatsappError.codeOnly", { code: String(code) });
  }
  return messageRef("inbox.whatsappError.unknown");
}
