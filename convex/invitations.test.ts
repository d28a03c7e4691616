import { describe, expect, it } from "vitest";
import { ConvexError } from "convex/values";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { asLocalOperator, asUser, createWorkspace, newTeamTest, type TestConvex } from "./test.harness";

/** A Clerk user whose token carries the `email`, `email_verified` and `name` claims of the "convex" JWT template. */
function signedIn(t: TestConvex, userId: string, email: string | undefined, emailVerified: boolean, name?: string) {
  return t.withIdentity({ subject: userId, issuer: "https://clerk.test", email, emailVerified, name });
}

async function membersOf(t: TestConvex, workspaceId: Id<"workspaces">) {
  return await asUser(t, "user_admin").query(api.workspaces.listMembers, { workspaceId });
}

describe("invitations", () => {
  it("turn into a membership when the person first signs in with that verified email", async () => {
    const { t, workspaceId } = await newTeamTest();
    const admin = asUser(t, "user_admin");
    await admin.mutation(api.invitations.invite, { workspaceId, email: " Bob@Example.com ", role: "operator" });
    expect(await admin.query(api.invitations.list, { workspaceId })).toEqual([
      expect.objectContaining({ email: "bob@example.com", role: "operator", invitedByName: "user_admin" }),
    ]);
    const bob = signedIn(t, "user_bob", "BOB@example.com", true, "Bob Santoso");
    await expect(bob.query(api.workspaces.get, { workspaceId })).rejects.toThrow(/not a member/);

    expect(await bob.mutation(api.invitations.acceptMine, {})).toEqual({
      joined: 1,
      email: "bob@example.com",
      emailVerified: true,
    });
    expect((await bob.query(api.workspaces.listMine, {})).map((w) => [w._id, w.role])).toEqual([
      [workspaceId, "operator"],
    ]);
    expect((await membersOf(t, workspaceId)).find((m) => m.userId === "user_bob")).toMatchObject({
      name: "Bob Santoso",
      email: "bob@example.com",
      role: "operator",
    });
    expect(await admin.query(api.invitations.list, { workspaceId })).toEqual([]);
    // Accepting again (every page load calls it) joins nothing twice.
    expect((await bob.mutation(api.invitations.acceptMine, {})).joined).toBe(0);
  });

  it("never match an unverified email, a missing one, or another address", async () => {
    const { t, workspaceId } = await newTeamTest();
    await asUser(t, "user_admin").mutation(api.invitations.invite, {
      workspaceId,
      email: "bob@example.com",
      role: "admin",
    });
    const cases = [
      { who: "unverified", user: signedIn(t, "user_mallory", "bob@example.com", false), verified: false },
      { who: "no email claim", user: signedIn(t, "user_nomail", undefined, true), verified: false },
      { who: "another email", user: signedIn(t, "user_carol", "carol@example.com", true), verified: true },
      { who: "a near miss", user: signedIn(t, "user_bobby", "bob@example.co", true), verified: true },
    ];
    for (const { who, user, verified } of cases) {
      const outcome = await user.mutation(api.invitations.acceptMine, {});
      expect([who, outcome.joined, outcome.emailVerified]).toEqual([who, 0, verified]);
      expect([who, await user.query(api.workspaces.listMine, {})]).toEqual([who, []]);
    }
    expect(await asUser(t, "user_admin").query(api.invitations.list, { workspaceId })).toHaveLength(1);
    const mallory = (await membersOf(t, workspaceId)).find((m) => m.userId === "user_mallory");
    expect(mallory).toBeUndefined();
  });

  it("refuse a Clerk user id, a malformed email, an existing member and a second invitation, writing nothing", async () => {
    const { t, workspaceId } = await newTeamTest();
    const admin = asUser(t, "user_admin");
    await admin.mutation(api.invitations.invite, { workspaceId, email: "ani@example.com", role: "staff" });
    await asUser(t, "user_admin").mutation(api.invitations.invite, {
      workspaceId,
      email: "bob@example.com",
      role: "staff",
    });
    await signedIn(t, "user_bob", "bob@example.com", true).mutation(api.invitations.acceptMine, {});
    const refusals: [string, RegExp][] = [
      ["user_2abCDef", /email: That is a Clerk user id: invite people by their email address, e\.g\. bob@example\.com/],
      ["bob", /email: Enter an email address, e\.g\. bob@example\.com/],
      ["  ", /email: Email is required/],
      ["ANI@example.com", /email: ani@example\.com is already invited \(as staff\); revoke that invitation first/],
      ["bob@example.com", /email: bob@example\.com is already a member \(staff\); change their role instead/],
    ];
    for (const [email, message] of refusals) {
      await expect(admin.mutation(api.invitations.invite, { workspaceId, email, role: "admin" })).rejects.toThrow(
        message,
      );
    }
    expect((await admin.query(api.invitations.list, { workspaceId })).map((i) => i.email)).toEqual(["ani@example.com"]);
    // The dashboard says each in its reader's language, by key.
    const keyed = await Promise.all(
      ["bob", "ani@example.com", "bob@example.com"].map((email) =>
        admin.mutation(api.invitations.invite, { workspaceId, email, role: "admin" }).then(
          () => null,
          (error: unknown) => (error instanceof ConvexError ? error.data : error),
        ),
      ),
    );
    expect(keyed).toMatchObject([
      { code: "INVALID", issues: [{ path: "email", key: "validation.members.emailInvalid" }] },
      { code: "CONFLICT", key: "errors.members.alreadyInvited", values: { email: "ani@example.com", role: "staff" } },
      { code: "CONFLICT", key: "errors.members.alreadyMember", values: { email: "bob@example.com", role: "staff" } },
    ]);
  });

  it("may be sent and revoked only by admins, and revoked only in their workspace", async () => {
    const { t, workspaceId, other } = await newTeamTest();
    for (const userId of ["user_op", "user_staff"]) {
      await expect(
        asUser(t, userId).mutation(api.invitations.invite, { workspaceId, email: "bob@example.com", role: "staff" }),
      ).rejects.toThrow(/workspace\.manage/);
    }
    await expect(
      asUser(t, "user_outsider").mutation(api.invitations.invite, {
        workspaceId,
        email: "bob@example.com",
        role: "staff",
      }),
    ).rejects.toThrow(/not a member/);
    const admin = asUser(t, "user_admin");
    const invitationId = await admin.mutation(api.invitations.invite, {
      workspaceId,
      email: "bob@example.com",
      role: "staff",
    });
    await expect(asUser(t, "user_op").mutation(api.invitations.revoke, { workspaceId, invitationId })).rejects.toThrow(
      /workspace\.manage/,
    );
    await expect(
      asUser(t, "user_outsider").mutation(api.invitations.revoke, { workspaceId: other, invitationId }),
    ).rejects.toThrow(/no such pending invitation/);
    await admin.mutation(api.invitations.revoke, { workspaceId, invitationId });
    expect(await admin.query(api.invitations.list, { workspaceId })).toEqual([]);
    const bob = signedIn(t, "user_bob", "bob@example.com", true);
    expect((await bob.mutation(api.invitations.acceptMine, {})).joined).toBe(0);
    expect(await bob.query(api.workspaces.listMine, {})).toEqual([]);
  });

  it("refuse anonymous callers", async () => {
    const { t, workspaceId } = await newTeamTest();
    await expect(t.mutation(api.invitations.acceptMine, {})).rejects.toThrow(/Sign in/);
    await expect(
      t.mutation(api.invitations.invite, { workspaceId, email: "bob@example.com", role: "staff" }),
    ).rejects.toThrow(/Sign in/);
    await expect(t.query(api.invitations.list, { workspaceId })).rejects.toThrow(/Sign in/);
  });

  it("let the local operator invite, and accepting as the local operator does nothing", async () => {
    const t = (await newTeamTest()).t;
    const workspaceId = await createWorkspace(t, { name: "Seeded", kapsoPhoneNumberId: "222222222" });
    const operator = asLocalOperator(t);
    await operator.mutation(api.invitations.invite, { workspaceId, email: "bob@example.com", role: "admin" });
    expect(await operator.query(api.invitations.list, { workspaceId })).toEqual([
      expect.objectContaining({ email: "bob@example.com", invitedByName: "Local operator" }),
    ]);
    expect(await operator.mutation(api.invitations.acceptMine, {})).toEqual({
      joined: 0,
      email: null,
      emailVerified: false,
    });
  });

  it("keep the name and verified email on member rows current on later sign-ins", async () => {
    const { t, workspaceId } = await newTeamTest();
    await asUser(t, "user_admin").mutation(api.invitations.invite, {
      workspaceId,
      email: "bob@example.com",
      role: "staff",
    });
    await signedIn(t, "user_bob", "bob@example.com", true, "Bob").mutation(api.invitations.acceptMine, {});
    await signedIn(t, "user_bob", "robert@example.com", true, "Robert S.").mutation(api.invitations.acceptMine, {});
    await signedIn(t, "user_bob", "unverified@example.com", false, "Robert S.").mutation(
      api.invitations.acceptMine,
      {},
    );
    expect((await membersOf(t, workspaceId)).find((m) => m.userId === "user_bob")).toMatchObject({
      name: "Robert S.",
      email: "robert@example.com",
    });
  });

  it("can be created for a deployment's first admin from the command line", async () => {
    const { t, workspaceId } = await newTeamTest();
    await t.mutation(internal.invitations.create, { workspaceId, email: "Owner@Example.com", role: "admin" });
    const owner = signedIn(t, "user_owner", "owner@example.com", true);
    await owner.mutation(api.invitations.acceptMine, {});
    expect((await owner.query(api.workspaces.get, { workspaceId })).role).toBe("admin");
  });
});
