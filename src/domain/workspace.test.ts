import { describe, expect, it } from "vitest";
import { issueRef } from "@/i18n/issues";
import { kapsoApiKeySchema } from "./workspace";

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
