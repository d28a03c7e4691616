import { describe, expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import { asUser, newTeamTest } from "./test.harness";
import { defaultWorkflowConfig } from "../src/domain/workflowSettings";

const KAPSO_ID = "6cae069e-7d5c-4fbb-834d-79e1f66e4672";

describe("keyword rules stored as a list", () => {
  it("saves keywords with emoji, accents and a leading $ that have replies", async () => {
    const { t, workspaceId } = await newTeamTest();
    const keywords = ["🎁 hadiah", "café", "$promo"];
    const config = {
      ...defaultWorkflowConfig("rules_engine"),
      keywords,
      auto_reply_templates: keywords.map((keyword) => ({ keyword, reply: `Reply to ${keyword}` })),
    };
    const op = asUser(t, "user_op");
    const version = await op.mutation(api.workflowSettings.save, {
      workspaceId,
      workflowType: "rules_engine",
      config,
      kapsoWorkflowId: KAPSO_ID,
      kapsoWorkflowName: "Rules",
      expectedVersion: 0,
    });
    expect(version).toBe(1);
    const { settings } = await op.query(api.workflowSettings.get, { workspaceId, workflowType: "rules_engine" });
    expect(settings.config.auto_reply_templates).toEqual(config.auto_reply_templates);
  });

  it("migrates keyword-keyed rows in settings and history, and reads them the same before and after", async () => {
    const { t, workspaceId } = await newTeamTest();
    const legacy = {
      ai_model: "gemini-2.5-flash",
      system_prompt: "Pick",
      temperature: 0,
      max_tokens: 256,
      keywords: ["harga", "promo"],
      auto_reply_templates: { harga: "Harga", default: "Halo" },
    };
    await t.run(async (ctx) => {
      const common = {
        workspace_id: workspaceId,
        workflow_type: "rules_engine" as const,
        config: legacy,
        kapso_workflow_id: KAPSO_ID,
        kapso_workflow_name: "Rules",
      };
      await ctx.db.insert("workflowSettings", {
        ...common,
        sync_status: "synced",
        version: 1,
        last_synced_version: 1,
        updated_at: 1,
        updated_by: "u",
      });
      await ctx.db.insert("workflowSettingsHistory", { ...common, kind: "saved", version: 1, actor: "u", at: 1 });
      await ctx.db.insert("workflowSettingsHistory", { ...common, kind: "synced", version: 1, actor: "u", at: 2 });
    });
    const staff = asUser(t, "user_staff");
    const args = { workspaceId, workflowType: "rules_engine" as const };
    const before = await staff.query(api.workflowSettings.get, args);
    const historyBefore = await staff.query(api.workflowSettings.history, args);
    expect(new Map(before.settings.config.auto_reply_templates!.map((r) => [r.keyword, r.reply]))).toEqual(
      new Map([
        ["harga", "Harga"],
        ["default", "Halo"],
      ]),
    );

    await t.mutation(internal.keywordRulesMigration.run, { table: "workflowSettings", cursor: null });
    await t.finishAllScheduledFunctions(() => {});

    const rows = await t.run(async (ctx) => [
      ...(await ctx.db.query("workflowSettings").collect()),
      ...(await ctx.db.query("workflowSettingsHistory").collect()),
    ]);
    expect(rows.map((r) => Array.isArray(r.config.auto_reply_templates))).toEqual([true, true, true]);
    expect(await staff.query(api.workflowSettings.get, args)).toEqual(before);
    expect(await staff.query(api.workflowSettings.history, args)).toEqual(historyBefore);
    // Running it again changes nothing.
    expect(await t.mutation(internal.keywordRulesMigration.run, { table: "workflowSettings", cursor: null })).toEqual({
      updated: 0,
      isDone: true,
    });
  });
});
