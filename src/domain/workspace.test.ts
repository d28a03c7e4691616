import { describe, expect, it } from "vitest";
import { kapsoApiKeySchema } from "./workspace";

describe("kapsoApiKeySchema", () => {
  it("accepts a key and trims surrounding whitespace", () => {
    expect(kapsoApiKeySchema.parse("  kapso-project-key-0123456789\n")).toBe("kapso-project-key-0123456789");
  });

  it.each([
    ["", "Kapso API key must be at least 16 characters"],
    ["               ", "Kapso API key must be at least 16 characters"],
    ["kapso key 0123456789", "Kapso API key must not contain spaces"],
    ["k".repeat(513), "Kapso API key is at most 512 characters"],
  ])("rejects %j", (value, message) => {
    const parsed = kapsoApiKeySchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });
});
