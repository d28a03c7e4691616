import { describe, expect, it } from "vitest";
import { api } from "./_generated/api";
import { asUser, newTeamTest } from "./test.harness";
import { seedLead } from "../tests/convex/inboxSeed";

describe("route ids", () => {
  it("tells members their own leads and conversations exist, and nobody else's", async () => {
    const { t, workspaceId, other } = await newTeamTest();
    const mine = await seedLead(t, workspaceId);
    const theirs = await seedLead(t, other);
    const staff = asUser(t, "user_staff");
    expect(await staff.query(api.routes.leadExists, { id: mine.contactId })).toBe(true);
    expect(await staff.query(api.routes.conversationExists, { id: mine.conversationId })).toBe(true);
    for (const id of ["bogus123", "", theirs.contactId, mine.conversationId]) {
      expect(await staff.query(api.routes.leadExists, { id })).toBe(false);
    }
    for (const id of ["bogus123", theirs.conversationId, mine.contactId]) {
      expect(await staff.query(api.routes.conversationExists, { id })).toBe(false);
    }
    await expect(t.query(api.routes.leadExists, { id: mine.contactId })).rejects.toThrow(/UNAUTHENTICATED|Sign in/);
  });
});
