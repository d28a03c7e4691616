import { describe, expect, it } from "vitest";
import { issueRef } from "@/i18n/issues";
import { inviteEmailSchema } from "./invitations";

describe("inviteEmailSchema", () => {
  it.each([
    [" Bob@Example.com ", { ok: "bob@example.com" }],
    ["rina.s+sales@toko.co.id", { ok: "rina.s+sales@toko.co.id" }],
    ["user_2abCDef", { error: { key: "validation.members.clerkUserId", values: {} } }],
    ["bob", { error: { key: "validation.members.emailInvalid", values: {} } }],
    ["bob@example", { error: { key: "validation.members.emailInvalid", values: {} } }],
    ["   ", { error: { key: "validation.members.emailRequired", values: { minimum: 1 } } }],
    [`${"a".repeat(250)}@x.io`, { error: { key: "validation.members.emailTooLong", values: { maximum: 254 } } }],
  ])("%j → %o", (input, expected) => {
    const parsed = inviteEmailSchema.safeParse(input);
    expect(parsed.success ? { ok: parsed.data } : { error: issueRef(parsed.error.issues[0]!) }).toEqual(expected);
  });
});
