import { describe, expect, it } from "vitest";
import { inviteEmailSchema } from "./invitations";

describe("inviteEmailSchema", () => {
  it.each([
    [" Bob@Example.com ", { ok: "bob@example.com" }],
    ["rina.s+sales@toko.co.id", { ok: "rina.s+sales@toko.co.id" }],
    ["user_2abCDef", { error: "That is a Clerk user id: invite people by their email address, e.g. bob@example.com" }],
    ["bob", { error: "Enter an email address, e.g. bob@example.com" }],
    ["bob@example", { error: "Enter an email address, e.g. bob@example.com" }],
    ["   ", { error: "Email is required" }],
    [`${"a".repeat(250)}@x.io`, { error: "Email is at most 254 characters" }],
  ])("%j → %o", (input, expected) => {
    const parsed = inviteEmailSchema.safeParse(input);
    expect(parsed.success ? { ok: parsed.data } : { error: parsed.error.issues[0]?.message }).toEqual(expected);
  });
});
