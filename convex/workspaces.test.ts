import { afterEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { asUser, createWorkspace, newTest } from "./test.harness";

afterEach(() => vi.unstubAllEnvs());

describe("workspaces", () => {
  it("creates a workspace and lists it for its members only", async () => {
    const t = newTest();
    const workspaceId = await createWorkspace(t);
    await t.mutation(internal.workspaces.addMember, { workspaceId, userId: "user_ana", role: "operator" });

    expect(await asUser(t, "user_ana").query(api.workspaces.listMine, {})).toEqual([
      { _id: workspaceId, name: "Toko Budi", role: "operator" },
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

  it("grants the local operator only on a loopback deployment without Clerk", async () => {
    const t = newTest();
    const workspaceId = await createWorkspace(t);

    vi.stubEnv("CONVEX_CLOUD_URL", "http://127.0.0.1:3210");
    expect((await t.query(api.workspaces.get, { workspaceId })).role).toBe("admin");

    vi.stubEnv("CLERK_JWT_ISSUER_DOMAIN", "https://example.clerk.accounts.dev");
    await expect(t.query(api.workspaces.get, { workspaceId })).rejects.toThrow(/Sign in/);

    vi.stubEnv("CLERK_JWT_ISSUER_DOMAIN", "");
    vi.stubEnv("CONVEX_CLOUD_URL", "https://happy-otter-123.convex.cloud");
    await expect(t.query(api.workspaces.get, { workspaceId })).rejects.toThrow(/Sign in/);
  });
});
