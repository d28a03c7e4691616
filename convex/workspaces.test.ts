import { afterEach, describe, expect, it, vi } from "vitest";
import { ConvexError } from "convex/values";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { addMember, asLocalOperator, asUser, createWorkspace, newTeamTest, newTest } from "./test.harness";
import { LOCAL_OPERATOR } from "../src/domain/localOperator";

afterEach(() => vi.unstubAllEnvs());

describe("workspaces", () => {
  it("creates a workspace and lists it for its members only", async () => {
    const t = newTest();
    const workspaceId = await createWorkspace(t);
    await addMember(t, workspaceId, "user_ana", "operator");

    expect(await asUser(t, "user_ana").query(api.workspaces.listMine, {})).toEqual([
      { _id: workspaceId, name: "Toko Budi", role: "operator", timezone: "Asia/Jakarta" },
    ]);
    expect(await asUser(t, "user_eve").query(api.workspaces.listMine, {})).toEqual([]);
    await expect(asUser(t, "user_eve").query(api.workspaces.get, { workspaceId })).rejects.toThrow(/not a member/);
    await expect(t.query(api.workspaces.listMine, {})).rejects.toThrow(/Sign in/);
  });

  it("rejects bad input naming the field, and writes nothing", async () => {
    const t = newTest();
    await expect(createWorkspace(t, { defaultCountry: "Indonesia", timezone: "Mars/Base" })).rejects.toThrow(
      /defaultCountry: .*timezone: /s,
    );
    expect(await t.run((ctx) => ctx.db.query("workspaces").collect())).toHaveLength(0);
  });

  it("makes only the local operator's signed identity admin of every workspace; anonymous callers get nothing", async () => {
    const t = newTest();
    const workspaceId = await createWorkspace(t);
    expect((await asLocalOperator(t).query(api.workspaces.get, { workspaceId })).role).toBe("admin");
    expect(await asLocalOperator(t).query(api.workspaces.listMine, {})).toEqual([
      { _id: workspaceId, name: "Toko Budi", role: "admin", timezone: "Asia/Jakarta" },
    ]);

    // The old rule (a loopback deployment URL and no Clerk) opens nothing any more.
    vi.stubEnv("CONVEX_CLOUD_URL", "http://127.0.0.1:3210");
    await expect(t.query(api.workspaces.get, { workspaceId })).rejects.toThrow(/Sign in/);
    // Another issuer's token with the same subject is an ordinary, unknown user.
    const impostor = t.withIdentity({ subject: LOCAL_OPERATOR.subject, issuer: "https://clerk.test" });
    await expect(impostor.query(api.workspaces.get, { workspaceId })).rejects.toThrow(/not a member/);
    expect(await impostor.query(api.workspaces.listMine, {})).toEqual([]);
  });
});

describe("workspace settings page", () => {
  const secretOf = (t: ReturnType<typeof newTest>, id: Id<"workspaces">) =>
    t.run(async (ctx) => (await ctx.db.get("workspaces", id))?.kapso_webhook_secret);

  it("lets only admins set and clear the webhook secret, which is never read back", async () => {
    const { t, workspaceId } = await newTeamTest();
    for (const user of ["user_op", "user_staff", "user_outsider"]) {
      await expect(
        asUser(t, user).mutation(api.workspaces.setWebhookSecret, { workspaceId, secret: "s".repeat(32) }),
      ).rejects.toThrow(/workspace\.manage|not a member/);
      await expect(asUser(t, user).mutation(api.workspaces.clearWebhookSecret, { workspaceId })).rejects.toThrow(
        /workspace\.manage|not a member/,
      );
    }
    await expect(t.mutation(api.workspaces.setWebhookSecret, { workspaceId, secret: "s".repeat(32) })).rejects.toThrow(
      /Sign in/,
    );
    const admin = asUser(t, "user_admin");
    await expect(admin.mutation(api.workspaces.setWebhookSecret, { workspaceId, secret: "short" })).rejects.toThrow(
      /secret: Webhook secret must be at least 16/,
    );
    expect(await secretOf(t, workspaceId)).toBeNull();

    await admin.mutation(api.workspaces.setWebhookSecret, { workspaceId, secret: "  kapso-secret-0123456789  " });
    expect(await secretOf(t, workspaceId)).toBe("kapso-secret-0123456789");
    const view = await admin.query(api.workspaces.get, { workspaceId });
    expect(view.hasWebhookSecret).toBe(true);
    expect(JSON.stringify(view)).not.toContain("kapso-secret");

    await admin.mutation(api.workspaces.clearWebhookSecret, { workspaceId });
    expect((await admin.query(api.workspaces.get, { workspaceId })).hasWebhookSecret).toBe(false);
  });

  it("shows members to every member and to no one else", async () => {
    const { t, workspaceId, other } = await newTeamTest();
    const members = await asUser(t, "user_staff").query(api.workspaces.listMembers, { workspaceId });
    expect(members.map((m) => [m.userId, m.role, m.isYou])).toEqual([
      ["user_admin", "admin", false],
      ["user_op", "operator", false],
      ["user_staff", "staff", true],
    ]);
    await expect(asUser(t, "user_outsider").query(api.workspaces.listMembers, { workspaceId })).rejects.toThrow(
      /not a member/,
    );
    await expect(t.query(api.workspaces.listMembers, { workspaceId })).rejects.toThrow(/Sign in/);
    await t.run((ctx) => ctx.db.delete("workspaces", other));
    await expect(asUser(t, "user_outsider").query(api.workspaces.listMembers, { workspaceId: other })).rejects.toThrow(
      /not a member/,
    );
  });

  it("lets only admins change roles and remove members", async () => {
    const { t, workspaceId } = await newTeamTest();
    const op = asUser(t, "user_op");
    const admin = asUser(t, "user_admin");
    await addMember(t, workspaceId, "user_new", "staff");
    const newId = (await admin.query(api.workspaces.listMembers, { workspaceId })).find(
      (m) => m.userId === "user_new",
    )!._id;

    await expect(
      op.mutation(api.workspaces.changeMemberRole, { workspaceId, memberId: newId, role: "admin" }),
    ).rejects.toThrow(/role \(operator\)/);
    await admin.mutation(api.workspaces.changeMemberRole, { workspaceId, memberId: newId, role: "operator" });
    expect((await asUser(t, "user_new").query(api.workspaces.get, { workspaceId })).role).toBe("operator");

    await expect(op.mutation(api.workspaces.removeMember, { workspaceId, memberId: newId })).rejects.toThrow(
      /role \(operator\)/,
    );
    await admin.mutation(api.workspaces.removeMember, { workspaceId, memberId: newId });
    await expect(asUser(t, "user_new").query(api.workspaces.get, { workspaceId })).rejects.toThrow(/not a member/);
  });

  it("never leaves a workspace without an admin", async () => {
    const { t, workspaceId } = await newTeamTest();
    const admin = asUser(t, "user_admin");
    const members = await admin.query(api.workspaces.listMembers, { workspaceId });
    const self = members.find((m) => m.isYou)!;
    await expect(
      admin.mutation(api.workspaces.changeMemberRole, { workspaceId, memberId: self._id, role: "staff" }),
    ).rejects.toThrow(/at least one admin/);
    await expect(admin.mutation(api.workspaces.removeMember, { workspaceId, memberId: self._id })).rejects.toThrow(
      /at least one admin/,
    );
    expect((await admin.query(api.workspaces.get, { workspaceId })).role).toBe("admin");

    const opMember = members.find((m) => m.userId === "user_op")!;
    await admin.mutation(api.workspaces.changeMemberRole, { workspaceId, memberId: opMember._id, role: "admin" });
    await admin.mutation(api.workspaces.changeMemberRole, { workspaceId, memberId: self._id, role: "staff" });
    expect((await admin.query(api.workspaces.get, { workspaceId })).role).toBe("staff");
  });

  it("does not touch members of another workspace", async () => {
    const { t, workspaceId, other } = await newTeamTest();
    const outsiderMember = await t.run(async (ctx) =>
      ctx.db
        .query("members")
        .withIndex("by_workspace_id_and_user_id", (q) => q.eq("workspace_id", other).eq("user_id", "user_outsider"))
        .unique(),
    );
    await expect(
      asUser(t, "user_admin").mutation(api.workspaces.removeMember, { workspaceId, memberId: outsiderMember!._id }),
    ).rejects.toThrow(/no such member/);
    expect(await t.run((ctx) => ctx.db.get("members", outsiderMember!._id))).not.toBeNull();
  });

  it("updates the settings only for admins and rejects bad fields without writing", async () => {
    const { t, workspaceId } = await newTeamTest();
    const input = {
      workspaceId,
      name: "Toko Budi Jaya",
      kapsoPhoneNumberId: "957104384162113",
      defaultCountry: "id",
      timezone: "Asia/Makassar",
    };
    await expect(asUser(t, "user_op").mutation(api.workspaces.update, input)).rejects.toThrow(/role \(operator\)/);
    await expect(
      asUser(t, "user_admin").mutation(api.workspaces.update, { ...input, name: " ", timezone: "Nowhere" }),
    ).rejects.toThrow(/name: .*timezone: /s);
    expect((await asUser(t, "user_staff").query(api.workspaces.get, { workspaceId })).name).toBe("Toko Budi");
    await asUser(t, "user_admin").mutation(api.workspaces.update, input);
    expect(await asUser(t, "user_staff").query(api.workspaces.get, { workspaceId })).toMatchObject({
      name: "Toko Budi Jaya",
      defaultCountry: "ID",
      timezone: "Asia/Makassar",
    });
  });

  it("stores the canonical time zone name and refuses UTC offsets", async () => {
    const { t, workspaceId } = await newTeamTest();
    const admin = asUser(t, "user_admin");
    const input = { workspaceId, name: "Toko Budi", kapsoPhoneNumberId: "957104384162113", defaultCountry: "ID" };
    await admin.mutation(api.workspaces.update, { ...input, timezone: " asia/jakarta " });
    expect((await admin.query(api.workspaces.get, { workspaceId })).timezone).toBe("Asia/Jakarta");
    for (const timezone of ["+07:00", "UTC+7", "7"]) {
      await expect(admin.mutation(api.workspaces.update, { ...input, timezone })).rejects.toThrow(
        "timezone: Time zone must be a place from the list, e.g. Asia/Jakarta (not a UTC offset)",
      );
    }
  });

  it("stores the summary language an admin picks, keeps it when absent, and refuses another, writing nothing", async () => {
    const { t, workspaceId } = await newTeamTest();
    const admin = asUser(t, "user_admin");
    const input = {
      workspaceId,
      name: "Toko Budi",
      kapsoPhoneNumberId: "957104384162113",
      defaultCountry: "ID",
      timezone: "Asia/Jakarta",
    };
    const stored = () => t.run(async (ctx) => (await ctx.db.get("workspaces", workspaceId))?.language ?? null);
    // Never chosen: an Indonesian workspace reads as Indonesian.
    expect(await stored()).toBeNull();
    expect((await admin.query(api.workspaces.get, { workspaceId })).language).toBe("id");

    await admin.mutation(api.workspaces.update, { ...input, language: "en" });
    expect(await stored()).toBe("en");
    await admin.mutation(api.workspaces.update, { ...input, name: "Toko Budi Jaya" });
    expect(await admin.query(api.workspaces.get, { workspaceId })).toMatchObject({
      name: "Toko Budi Jaya",
      language: "en",
    });

    const bad = { ...input, name: "Toko Lain", language: "fr" } as unknown as typeof input;
    await expect(admin.mutation(api.workspaces.update, bad)).rejects.toThrow(/"fr"/);
    expect(await admin.query(api.workspaces.get, { workspaceId })).toMatchObject({
      name: "Toko Budi Jaya",
      language: "en",
    });
  });

  it("names each refusal by its catalogue key, for the dashboard to say in its reader's language", async () => {
    const { t, workspaceId } = await newTeamTest();
    const dataOf = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => (error instanceof ConvexError ? error.data : error),
      );
    const secret = { workspaceId, secret: "short" };
    expect(
      await Promise.all([
        dataOf(t.mutation(api.workspaces.setWebhookSecret, secret)),
        dataOf(asUser(t, "user_outsider").mutation(api.workspaces.setWebhookSecret, secret)),
        dataOf(asUser(t, "user_staff").mutation(api.workspaces.setWebhookSecret, secret)),
        dataOf(asUser(t, "user_admin").mutation(api.workspaces.setWebhookSecret, secret)),
      ]),
    ).toMatchObject([
      { code: "UNAUTHENTICATED", key: "errors.access.signIn" },
      { code: "FORBIDDEN", key: "errors.access.noAccess" },
      {
        code: "FORBIDDEN",
        key: "errors.access.roleNotAllowed",
        values: { role: "staff", permission: "workspace.manage" },
      },
      {
        code: "INVALID",
        issues: [{ path: "secret", key: "validation.settings.secretTooShort", values: { minimum: 16 } }],
      },
    ]);
  });
});
