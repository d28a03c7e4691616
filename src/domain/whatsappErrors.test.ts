import { describe, expect, it } from "vitest";
import { translate } from "@convex/model/i18n";
import { describeWhatsAppError, type WhatsAppErrorInfo } from "./whatsappErrors";

describe("describeWhatsAppError", () => {
  it.each<[number, RegExp, RegExp]>([
    [131047, /24 hours/, /24 jam/],

    [131026, /could not deliver/, /tidak dapat mengirim/],
    [131049, /held this message back/, /menahan pesan ini/],
    [131051, /does not support/, /tidak mendukung/],
    [130429, /Too many messages/, /Terlalu banyak pesan/],
  ])("explains code %i in plain words", (code, en, id) => {
    const ref = describeWhatsAppError({ code });
    expect(ref).toEqual({ key: `inbox.whatsappError.codes.${code}` });
    expect(translate("en", ref)).toMatch(en);
    expect(translate("id", ref)).toMatch(id);
  });
  it("explains the older code 470 as 131047", () => {
    expect(describeWhatsAppError({ code: 470 })).toEqual(describeWhatsAppError({ code: 131047 }));
  });
  it.each<[WhatsAppErrorInfo, string, string]>([
    [
      { code: 131000, title: "Odd thing" },
      "WhatsApp hit an unexpected problem. Try again.",
      "WhatsApp mengalami masalah tak terduga. Coba lagi.",
    ],
    [{ code: 999, title: "Odd thing" }, "Odd thing (WhatsApp error 999)", "Odd thing (kesalahan WhatsApp 999)"],
    [
      { code: 1234567, message: " Big one " },
      "Big one (WhatsApp error 1234567)",
      "Big one (kesalahan WhatsApp 1234567)",
    ],
    [{ message: "Kapso API key not configured" }, "Kapso API key not configured", "Kapso API key not configured"],
    [{ code: 999 }, "WhatsApp reported error 999.", "WhatsApp melaporkan kesalahan 999."],
    [{}, "The message could not be sent.", "Pesan tidak dapat dikirim."],
  ])("falls back to WhatsApp's own words, then to the code: %j", (info, en, id) => {
    expect(translate("en", describeWhatsAppError(info))).toBe(en);
    expect(translate("id", describeWhatsAppError(info))).toBe(id);
  });
});
