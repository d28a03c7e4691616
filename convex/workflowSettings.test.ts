import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { addMember, asLocalOperator, asUser, newTeamTest, type TestConvex } from "./test.harness";
import { defaultWorkflowConfig, type WorkflowConfig } from "../src/domain/workflowSettings";

const KAPSO_ID = "6cae069e-7d5c-4fbb-834d-79e1f66e4672";

function saveArgs(
  workspaceId: Id<"workspaces">,
  overrides: Partial<{ config: WorkflowConfig; expectedVersion: number }> = {},
) {
  return {
    workspaceId,
    workflowType: "sarah" as const,
    config: defaultWorkflowConfig("sarah"),
    kapsoWorkflowId: KAPSO_ID,
    kapsoWorkflowName: "Sarah",
    expectedVersion: 0,
    ...overrides,
  };
}

async function allHistory(t: TestConvex) {
  return await t.run((ctx) => ctx.db.query("workflowSettingsHistory").collect());
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-11-20T08:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("workflowSettings access", () => {
  it("lists the three workflows with defaults before anything is saved", async () => {
    const { t, workspaceId } = await newTeamTest();
    const list = await asUser(t, "user_staff").query(api.workflowSettings.list, { workspaceId });
    expect(list.map((w) => [w.workflowType, w.saved, w.version, w.syncStatus])).toEqual([
      ["sarah", false, 0, "manual_setup_required"],
      ["brain", false, 0, "manual_setup_required"],
      ["rules_engine", false, 0, "manual_setup_required"],
    ]);
    expect(list[1].config.ai_model).toBe("grok-4.1-fast");
  });

  it("refuses anonymous callers and non-members alike, for existing and unknown workspaces", async () => {
    const { t, workspaceId, other } = await newTeamTest();
    // `other` stands for a workspace that does not exist (any more).
    await t.run(async (ctx) => ctx.db.delete("workspaces", other));
    for (const id of [workspaceId, other]) {
      await expect(t.query(api.workflowSettings.list, { workspaceId: id })).rejects.toThrow(/Sign in/);
      await expect(t.mutation(api.workflowSettings.save, saveArgs(id))).rejects.toThrow(/Sign in/);
    }
    const outsider = asUser(t, "user_outsider");
    for (const id of [workspaceId, other]) {
      await expect(outsider.query(api.workflowSettings.list, { workspaceId: id })).rejects.toThrow(/not a member/);
      await expect(
        outsider.query(api.workflowSettings.get, { workspaceId: id, workflowType: "sarah" }),
      ).rejects.toThrow(/not a member/);
      await expect(
        outsider.query(api.workflowSettings.history, { workspaceId: id, workflowType: "sarah" }),
      ).rejects.toThrow(/not a member/);
      await expect(outsider.mutation(api.workflowSettings.save, saveArgs(id))).rejects.toThrow(/not a member/);
      await expect(
        outsider.mutation(api.workflowSettings.markSynced, { workspaceId: id, workflowType: "sarah", version: 1 }),
      ).rejects.toThrow(/not a member/);
    }
    expect(await allHistory(t)).toHaveLength(0);
  });

  it("lets admins and operators save, and every role mark synced", async () => {
    const { t, workspaceId } = await newTeamTest();
    await expect(asUser(t, "user_staff").mutation(api.workflowSettings.save, saveArgs(workspaceId))).rejects.toThrow(
      /role \(staff\).*workflow\.edit/,
    );
    expect(await asUser(t, "user_op").mutation(api.workflowSettings.save, saveArgs(workspaceId))).toBe(1);
    const changed = { ...defaultWorkflowConfig("sarah"), temperature: 0.2 };
    expect(
      await asUser(t, "user_admin").mutation(
        api.workflowSettings.save,
        saveArgs(workspaceId, { config: changed, expectedVersion: 1 }),
      ),
    ).toBe(2);
    await asUser(t, "user_staff").mutation(api.workflowSettings.markSynced, {
      workspaceId,
      workflowType: "sarah",
      version: 2,
    });
    const { settings } = await asUser(t, "user_staff").query(api.workflowSettings.get, {
      workspaceId,
      workflowType: "sarah",
    });
    expect(settings).toMatchObject({
      version: 2,
      syncStatus: "synced",
      lastSyncedBy: "user_staff",
      lastSyncedVersion: 2,
    });
  });

  it("opens every workspace to the local operator's signed identity, and nothing to anonymous callers", async () => {
    const { t, workspaceId } = await newTeamTest();
    expect(await asLocalOperator(t).mutation(api.workflowSettings.save, saveArgs(workspaceId))).toBe(1);
    const { settings } = await asLocalOperator(t).query(api.workflowSettings.get, {
      workspaceId,
      workflowType: "sarah",
    });
    expect(settings.updatedBy).toBe("Local operator");

    vi.stubEnv("CONVEX_CLOUD_URL", "http://127.0.0.1:3210");
    await expect(t.query(api.workflowSettings.list, { workspaceId })).rejects.toThrow(/Sign in/);
    await expect(t.mutation(api.workflowSettings.save, saveArgs(workspaceId, { expectedVersion: 1 }))).rejects.toThrow(
      /Sign in/,
    );
    await expect(
      t.mutation(api.workflowSettings.markSynced, { workspaceId, workflowType: "sarah", version: 1 }),
    ).rejects.toThrow(/Sign in/);
  });
});

describe("workflowSettings.save", () => {
  it("creates version 1, then +1 per change, each recorded in history with who and when", async () => {
    const { t, workspaceId } = await newTeamTest();
    const ana = t.withIdentity({ subject: "user_op", issuer: "https://clerk.test", name: "Ana Putri" });
    expect(await ana.mutation(api.workflowSettings.save, saveArgs(workspaceId))).toBe(1);
    vi.setSystemTime(new Date("2026-11-20T09:30:00Z"));
    const changed = { ...defaultWorkflowConfig("sarah"), system_prompt: "Be brief." };
    expect(
      await ana.mutation(api.workflowSettings.save, saveArgs(workspaceId, { config: changed, expectedVersion: 1 })),
    ).toBe(2);

    const { entries, hasMore } = await ana.query(api.workflowSettings.history, { workspaceId, workflowType: "sarah" });
    expect(hasMore).toBe(false);
    // convex-test nudges the clock by a millisecond per transaction; minutes are what matter.
    expect(entries.map((e) => [e.kind, e.version, e.actor, new Date(e.at).toISOString().slice(0, 16)])).toEqual([
      ["saved", 2, "Ana Putri", "2026-11-20T09:30"],
      ["saved", 1, "Ana Putri", "2026-11-20T08:00"],
    ]);
    expect(entries[0].previousConfig?.system_prompt).toBe(defaultWorkflowConfig("sarah").system_prompt);
    expect(entries[0].config.system_prompt).toBe("Be brief.");
    expect(entries[1].previousConfig).toBeNull();
  });

  it("refuses a stale expectedVersion, naming who changed it and when, and overwrites nothing", async () => {
    const { t, workspaceId } = await newTeamTest();
    const ana = t.withIdentity({ subject: "user_op", issuer: "https://clerk.test", name: "Ana Putri" });
    await ana.mutation(api.workflowSettings.save, saveArgs(workspaceId));
    const mine = { ...defaultWorkflowConfig("sarah"), temperature: 0.1 };
    await expect(
      asUser(t, "user_admin").mutation(
        api.workflowSettings.save,
        saveArgs(workspaceId, { config: mine, expectedVersion: 0 }),
      ),
    ).rejects.toThrow(/Ana Putri changed these settings at 20 Nov 2026, 15:00 \(Asia\/Jakarta\) \(now version 1\)/);
    const { settings } = await ana.query(api.workflowSettings.get, { workspaceId, workflowType: "sarah" });
    expect(settings.config.temperature).toBe(0.7);
    expect(settings.version).toBe(1);
    expect(await allHistory(t)).toHaveLength(1);
  });

  it("treats an unchanged save as a no-op: same version, no history, sync status kept", async () => {
    const { t, workspaceId } = await newTeamTest();
    const op = asUser(t, "user_op");
    await op.mutation(api.workflowSettings.save, saveArgs(workspaceId));
    await op.mutation(api.workflowSettings.markSynced, { workspaceId, workflowType: "sarah", version: 1 });
    // Same settings with extra whitespace: still the same once validated.
    const padded = { ...defaultWorkflowConfig("sarah"), ai_model: " gemini-2.5-flash " };
    expect(
      await op.mutation(api.workflowSettings.save, saveArgs(workspaceId, { config: padded, expectedVersion: 1 })),
    ).toBe(1);
    const { settings } = await op.query(api.workflowSettings.get, { workspaceId, workflowType: "sarah" });
    expect(settings.syncStatus).toBe("synced");
    expect((await allHistory(t)).map((h) => h.kind)).toEqual(["saved", "synced"]);
  });

  it("derives the sync status: a saved change always needs manual setup again", async () => {
    const { t, workspaceId } = await newTeamTest();
    const op = asUser(t, "user_op");
    await op.mutation(api.workflowSettings.save, saveArgs(workspaceId));
    await op.mutation(api.workflowSettings.markSynced, { workspaceId, workflowType: "sarah", version: 1 });
    const changed = { ...defaultWorkflowConfig("sarah"), max_tokens: 500 };
    await op.mutation(api.workflowSettings.save, saveArgs(workspaceId, { config: changed, expectedVersion: 1 }));
    const { settings, lastSyncedConfig } = await op.query(api.workflowSettings.get, {
      workspaceId,
      workflowType: "sarah",
    });
    expect(settings).toMatchObject({ syncStatus: "manual_setup_required", version: 2, lastSyncedVersion: 1 });
    expect(lastSyncedConfig?.max_tokens).toBe(1024);
  });

  it("rejects bad input naming every bad field, and writes nothing", async () => {
    const { t, workspaceId } = await newTeamTest();
    const op = asUser(t, "user_op");
    const bad = { ...defaultWorkflowConfig("sarah"), temperature: 1.5, max_tokens: 0.5, system_prompt: "  " };
    await expect(
      op.mutation(api.workflowSettings.save, {
        ...saveArgs(workspaceId, { config: bad }),
        kapsoWorkflowId: "not-a-uuid",
      }),
    ).rejects.toThrow(/system_prompt: .*temperature: .*max_tokens: .*kapsoWorkflowId: /s);
    await expect(
      op.mutation(api.workflowSettings.save, {
        ...saveArgs(workspaceId),
        workflowType: "rules_engine",
        config: { ...defaultWorkflowConfig("rules_engine"), keywords: ["Promo", "promo "] },
      }),
    ).rejects.toThrow(/keywords\.1: Keyword .+promo.+ is listed twice/);
    await expect(
      op.mutation(
        api.workflowSettings.save,
        saveArgs(workspaceId, { config: { ...defaultWorkflowConfig("sarah"), keywords: ["x"] } }),
      ),
    ).rejects.toThrow(/keywords: Keywords apply only to the Rules Engine/);
    expect(await t.run((ctx) => ctx.db.query("workflowSettings").collect())).toHaveLength(0);
    expect(await allHistory(t)).toHaveLength(0);
  });

  it("keeps workspaces apart", async () => {
    const { t, workspaceId, other } = await newTeamTest();
    await addMember(t, other, "user_op", "operator");
    const op = asUser(t, "user_op");
    await op.mutation(api.workflowSettings.save, saveArgs(workspaceId));
    const list = await op.query(api.workflowSettings.list, { workspaceId: other });
    expect(list.every((w) => !w.saved)).toBe(true);
    expect(await op.mutation(api.workflowSettings.save, saveArgs(other))).toBe(1);
  });
});

describe("workflowSettings.markSynced", () => {
  it("confirms only the current version; an older one fails and leaves the status alone", async () => {
    const { t, workspaceId } = await newTeamTest();
    const op = t.withIdentity({ subject: "user_op", issuer: "https://clerk.test", name: "Ana Putri" });
    await op.mutation(api.workflowSettings.save, saveArgs(workspaceId));
    vi.setSystemTime(new Date("2026-11-20T10:15:00Z"));
    await op.mutation(
      api.workflowSettings.save,
      saveArgs(workspaceId, { config: { ...defaultWorkflowConfig("sarah"), temperature: 0 }, expectedVersion: 1 }),
    );

    const staff = asUser(t, "user_staff");
    await expect(
      staff.mutation(api.workflowSettings.markSynced, { workspaceId, workflowType: "sarah", version: 1 }),
    ).rejects.toThrow(
      /Version 1 is no longer current: Ana Putri saved version 2 at 20 Nov 2026, 17:15 \(Asia\/Jakarta\)/,
    );
    let { settings } = await staff.query(api.workflowSettings.get, { workspaceId, workflowType: "sarah" });
    expect(settings).toMatchObject({ syncStatus: "manual_setup_required", lastSyncedAt: null });

    vi.setSystemTime(new Date("2026-11-20T11:00:00Z"));
    await staff.mutation(api.workflowSettings.markSynced, { workspaceId, workflowType: "sarah", version: 2 });
    ({ settings } = await staff.query(api.workflowSettings.get, { workspaceId, workflowType: "sarah" }));
    expect(settings.lastSyncedAt! - Date.parse("2026-11-20T11:00:00Z")).toBeLessThan(1000);
    expect(settings).toMatchObject({
      syncStatus: "synced",
      lastSyncedBy: "user_staff",
      lastSyncedVersion: 2,
    });
    const { entries } = await staff.query(api.workflowSettings.history, { workspaceId, workflowType: "sarah" });
    expect(entries.map((e) => [e.kind, e.version, e.actor])).toEqual([
      ["synced", 2, "user_staff"],
      ["saved", 2, "Ana Putri"],
      ["saved", 1, "Ana Putri"],
    ]);
  });

  it("does nothing when the version is already confirmed, and refuses unsaved workflows", async () => {
    const { t, workspaceId } = await newTeamTest();
    const op = asUser(t, "user_op");
    await expect(
      op.mutation(api.workflowSettings.markSynced, { workspaceId, workflowType: "brain", version: 0 }),
    ).rejects.toThrow(/Save these settings/);
    await op.mutation(api.workflowSettings.save, saveArgs(workspaceId));
    await op.mutation(api.workflowSettings.markSynced, { workspaceId, workflowType: "sarah", version: 1 });
    const before = await op.query(api.workflowSettings.get, { workspaceId, workflowType: "sarah" });
    vi.setSystemTime(new Date("2026-11-21T08:00:00Z"));
    await op.mutation(api.workflowSettings.markSynced, { workspaceId, workflowType: "sarah", version: 1 });
    const after = await op.query(api.workflowSettings.get, { workspaceId, workflowType: "sarah" });
    expect(after.settings.lastSyncedAt).toBe(before.settings.lastSyncedAt);
    expect(after.settings.syncStatus).toBe("synced");
    expect(await allHistory(t)).toHaveLength(2);
  });
});

describe("workflowSettings.history", () => {
  it("is bounded and says when there is more", async () => {
    const { t, workspaceId } = await newTeamTest();
    const op = asUser(t, "user_op");
    for (let version = 0; version < 5; version++) {
      vi.setSystemTime(new Date(Date.UTC(2026, 10, 20, 8, version)));
      await op.mutation(
        api.workflowSettings.save,
        saveArgs(workspaceId, {
          config: { ...defaultWorkflowConfig("sarah"), max_tokens: 100 + version },
          expectedVersion: version,
        }),
      );
    }
    const first = await op.query(api.workflowSettings.history, { workspaceId, workflowType: "sarah", limit: 3 });
    expect(first.entries.map((e) => e.version)).toEqual([5, 4, 3]);
    expect(first.hasMore).toBe(true);
    const all = await op.query(api.workflowSettings.history, { workspaceId, workflowType: "sarah", limit: 1000 });
    expect(all.entries).toHaveLength(5);
    expect(all.hasMore).toBe(false);
    const other = await op.query(api.workflowSettings.history, { workspaceId, workflowType: "brain" });
    expect(other.entries).toEqual([]);
  });
});
