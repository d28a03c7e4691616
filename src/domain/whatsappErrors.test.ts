import { describe, expect, it } from "vitest";
import { describeWhatsAppError } from "./whatsappErrors";

describe("describeWhatsAppError", () => {
  it("explains the common codes in plain words", () => {
    expect(describeWhatsAppError({ code: 131047 })).toMatch(/24 hours/);
    expect(describeWhatsAppError({ code: 131026 })).toMatch(/could not deliver/);
    expect(describeWhatsAppError({ code: 131049 })).toMatch(/held this message back/);
    expect(describeWhatsAppError({ code: 131051 })).toMatch(/does not support/);
    expect(describeWhatsAppError({ code: 130429 })).toMatch(/Too many messages/);
  });
  it("falls back to WhatsApp's own words, then to the code", () => {
    expect(describeWhatsAppError({ code: 999, title: "Odd thing" })).toBe("Odd thing (WhatsApp error 999)");
    expect(describeWhatsAppError({ message: "Kapso API key not configured" })).toBe("Kapso API key not configured");
    expect(describeWhatsAppError({ code: 999 })).toBe("WhatsApp reported error 999.");
    expect(describeWhatsAppError({})).toBe("The message could not be sent.");
  });
});
