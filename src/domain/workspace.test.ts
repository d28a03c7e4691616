import { describe, expect, it } from "vitest";
import { issueRef } from "@/i18n/issues";
import { kapsoApiKeySchema, workspaceSettingsSchema } from "./workspace";

describe("kapsoApiKeySchema", () => {
  it("accepts a key and trims surrounding whitespace", () => {
    expect(kapsoApiKeySchema.parse("  kapso-project-key-0123456789\n")).toBe("kapso-project-key-0123456789");
  });

  it.each([
    ["", { key: "validation.settings.apiKeyTooShort", values: { minimum: 16 } }],
    ["               ", { key: "validation.settings.apiKeyTooShort", values: { minimum: 16 } }],
    ["kapso key 0123456789", { key: "validation.settings.apiKeyNoSpaces", values: {} }],
    ["k".repeat(513), { key: "validation.settings.apiKeyTooLong", values: { maximum: 512 } }],
  ])("rejects %j", (value, ref) => {
    const parsed = kapsoApiKeySchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error && issueRef(parsed.error.issues[0]!)).toEqual(ref);
  });
});

describe("workspaceSettingsSchema", () => {
  const settings = { name: "Toko Budi", kapsoPhoneNumberId: "957104384162113", defaultCountry: "id", timezone: "UTC" };

  it.each([
    [{}, { ok: undefined }],
    [{ language: "id" }, { ok: "id" }],
    [{ language: "en" }, { ok: "en" }],
    [{ language: "fr" }, { error: { key: "validation.settings.languageFromList", values: {} } }],
  ])("language %o → %o", (language, expected) => {
    const parsed = workspaceSettingsSchema.safeParse({ ...settings, ...language });
    expect(parsed.success ? { ok: parsed.data.language } : { error: issueRef(parsed.error.issues[0]!) }).toEqual(
      expected,
    );
  });

  it("names every bad field by its key, with the limit it breaks", () => {
    const parsed = workspaceSettingsSchema.safeParse({
      name: "x".repeat(101),
      kapsoPhoneNumberId: "12",
      defaultCountry: "Indonesia",
      timezone: "+07:00",
    });
    expect(parsed.error?.issues.map((issue) => [issue.path.join("."), issueRef(issue)])).toEqual([
      ["name", { key: "validation.settings.nameTooLong", values: { maximum: 100 } }],
      ["kapsoPhoneNumberId", { key: "validation.settings.phoneNumberIdDigits", values: {} }],
      ["defaultCountry", { key: "validation.settings.countryFromList", values: {} }],
      ["timezone", { key: "validation.settings.timeZoneFromList", values: {} }],
    ]);
  });
});
