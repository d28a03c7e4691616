import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ConvexError } from "convex/values";
import type { UserErrorData } from "./errors";
import { translate } from "./model/i18n";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import crons from "./crons";
import { asUser, createWorkspace, newTest, type TestConvex, addTeam } from "./test.harness";
import { defaultWorkflowConfig, type WorkflowConfig } from "../src/domain/workflowSettings";
import {
  DEFAULT_PROVIDER_MODELS,
  FAKE_API_KEY,
  FakeKapsoPlatform,
  sampleWorkflow,
  SAMPLE_AGENT_SETTINGS as inKapso,
  SAMPLE_WORKFLOW_ID as WORKFLOW_ID,
} from "../tests/node/fakeKapsoPlatform";

// The actions call a real loopback HTTP server playing Kapso's Platform API.
const kapso = new FakeKapsoPlatform();
let kapsoUrl = "";

beforeAll(async () => {
  kapsoUrl = await kapso.listen();
});
afterAll(() => kapso.close());
beforeEach(() => {
  kapso.workflows.clear();
  kapso.requests.length = 0;
  kapso.addWorkflow(sampleWorkflow(WORKFLOW_ID));
  vi.stubEnv("KAPSO_API_KEY", FAKE_API_KEY);
  vi.stubEnv("KAPSO_API_BASE_URL", kapsoUrl);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

async function setup(config: WorkflowConfig = inKapso) {
  const t = newTest();
  const workspaceId = await createWorkspace(t);
  await addTeam(t, workspaceId);
  const admin = asUser(t, "user_admin");
  const version = await admin.mutation(api.workflowSettings.save, {
    workspaceId,
    workflowType: "sarah",
    config,
    kapsoWorkflowId: WORKFLOW_ID,
    kapsoWorkflowName: "Sarah",
    expectedVersion: 0,
  });
  return { t, workspaceId, admin, staff: asUser(t, "user_staff"), version };
}

const args = (workspaceId: Id<"workspaces">) => ({ workspaceId, workflowType: "sarah" as const });

async function settingsOf(t: TestConvex, workspaceId: Id<"workspaces">) {
  return (await asUser(t, "user_admin").query(api.workflowSettings.get, args(workspaceId))).settings;
}

const patches = () => kapso.requests.filter((r) => r.method === "PATCH");

describe("access", () => {
  it("refuses anonymous callers and non-members, and lets only admins apply", async () => {
    const { t, workspaceId, staff } = await setup();
    await expect(t.query(api.kapsoSync.status, args(workspaceId))).rejects.toThrow(/Sign in/);
    await expect(t.query(api.kapsoSync.listStatus, { workspaceId })).rejects.toThrow(/Sign in/);
    await expect(asUser(t, "user_outsider").query(api.kapsoSync.listStatus, { workspaceId })).rejects.toThrow(
      /not a member/,
    );
    await expect(t.action(api.kapsoSync.check, args(workspaceId))).rejects.toThrow(/Sign in/);
    const outsider = asUser(t, "user_outsider");
    await expect(outsider.action(api.kapsoSync.check, args(workspaceId))).rejects.toThrow(/not a member/);
    await expect(outsider.action(api.kapsoSync.providerModels, { workspaceId })).rejects.toThrow(/not a member/);
    await expect(staff.action(api.kapsoSync.previewApply, args(workspaceId))).rejects.toThrow(/workflow.apply/);
    const operator = asUser(t, "user_op");
    await expect(
      operator.action(api.kapsoSync.apply, { ...args(workspaceId), version: 1, lockVersion: 1 }),
    ).rejects.toThrow(/workflow.apply/);
    expect(patches()).toEqual([]);
    // Staff may check.
    expect((await staff.action(api.kapsoSync.check, args(workspaceId))).state).toBe("verified");
  });
});

describe("without KAPSO_API_KEY", () => {
  it("says the API is not configured and offers the built-in model list", async () => {
    vi.stubEnv("KAPSO_API_KEY", "");
    const { workspaceId, admin } = await setup();
    expect((await admin.query(api.kapsoSync.status, args(workspaceId))).apiConfigured).toBe(false);
    await expect(admin.action(api.kapsoSync.check, args(workspaceId))).rejects.toThrow(/not configured.*KAPSO_API_KEY/);
    await expect(admin.action(api.kapsoSync.previewApply, args(workspaceId))).rejects.toThrow(/not configured/);
    const models = await admin.action(api.kapsoSync.providerModels, { workspaceId });
    expect(models.source).toBe("builtin");
    expect(models.models.map((m) => m.name)).toContain("gemini-2.5-flash");
    expect(kapso.requests).toEqual([]);
  });
});

describe("check", () => {
  it("records verified with Kapso's lock_version when Kapso matches", async () => {
    const { workspaceId, staff } = await setup();
    const result = await staff.action(api.kapsoSync.check, args(workspaceId));
    expect(result).toMatchObject({
      state: "verified",
      lockVersion: 1,
      verifiedLockVersion: 1,
      settingsVersion: 1,
      differingFields: [],
    });
    expect(result.fields.map((f) => [f.field, f.node_id, f.matches])).toEqual([
      ["system_prompt", "agent", true],
      ["ai_model", "agent", true],
      ["temperature", "agent", true],
      ["max_tokens", "agent", true],
    ]);
    const status = await staff.query(api.kapsoSync.status, args(workspaceId));
    expect(status).toMatchObject({
      apiConfigured: true,
      settingsVersion: 1,
      check: { state: "verified", source: "check" },
    });
    expect(kapso.requests.at(-1)).toMatchObject({ method: "GET", apiKey: FAKE_API_KEY });
  });

  it("lists the fields that still differ", async () => {
    const { workspaceId, staff } = await setup({
      ...inKapso,
      system_prompt: "You are Sarah, be brief.",
      max_tokens: 2048,
    });
    const result = await staff.action(api.kapsoSync.check, args(workspaceId));
    expect(result.state).toBe("differs");
    expect(result.differingFields).toEqual(["system_prompt", "max_tokens"]);
    expect(result.fields.find((f) => f.field === "max_tokens")).toMatchObject({
      expected: "2048",
      actual: "1024",
      matches: false,
    });
  });

  it("names the workflow id when Kapso does not know it", async () => {
    const { workspaceId, staff } = await setup();
    kapso.workflows.clear();
    await expect(staff.action(api.kapsoSync.check, args(workspaceId))).rejects.toThrow(
      new RegExp(`no workflow with id .*${WORKFLOW_ID}`),
    );
  });

  it("waits out a short Retry-After and reports a long one", async () => {
    const { workspaceId, staff } = await setup();
    kapso.failNext({ status: 429, retryAfter: "1" });
    expect((await staff.action(api.kapsoSync.check, args(workspaceId))).state).toBe("verified");
    kapso.failNext({ status: 429, retryAfter: "60" });
    await expect(staff.action(api.kapsoSync.check, args(workspaceId))).rejects.toThrow(/rate-limiting.*60 s/);
  });
});

describe("Kapso's refusals by their catalogue keys", () => {
  async function refusal(promise: Promise<unknown>) {
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    const { code, key, values } = (error as ConvexError<UserErrorData>).data;
    return { code, key, values };
  }

  it.each([
    [
      "an unknown workflow",
      () => kapso.workflows.clear(),
      { code: "KAPSO_NOT_FOUND", key: "errors.workflows.kapso.noWorkflow", values: { workflowId: WORKFLOW_ID } },
      `Kapso tidak punya alur kerja dengan id "${WORKFLOW_ID}" untuk kunci API ini.`,
    ],
    [
      "a refused key",
      () => kapso.failNext({ status: 401 }),
      { code: "KAPSO_AUTH", key: "errors.kapso.auth" },
      "Kapso menolak kunci API (HTTP 401)",
    ],
    [
      "a long Retry-After",
      () => kapso.failNext({ status: 429, retryAfter: "60" }),
      { code: "KAPSO_RATE_LIMITED", key: "errors.kapso.rateLimited", values: { seconds: 60 } },
      "Kapso membatasi permintaan dengan kunci API ini. Coba lagi dalam 60 detik.",
    ],
    [
      "a refused request",
      () => kapso.failNext({ status: 422 }),
      { code: "KAPSO_INVALID", key: "errors.kapso.invalid" },
      "Kapso menolak permintaan (HTTP 422)",
    ],
  ])("%s", async (_, arrange, expected, indonesian) => {
    const { workspaceId, staff } = await setup();
    arrange();
    const data = await refusal(staff.action(api.kapsoSync.check, args(workspaceId)));
    expect(data).toMatchObject(expected);
    expect(translate("id", { key: data.key as never, values: data.values })).toContain(indonesian);
  });
});

describe("drift", () => {
  async function synced() {
    const s = await setup();
    await s.admin.mutation(api.workflowSettings.markSynced, { ...args(s.workspaceId), version: s.version });
    expect((await s.staff.action(api.kapsoSync.check, args(s.workspaceId))).state).toBe("verified");
    const settingsId = (await s.t.run((ctx) => ctx.db.query("workflowSettings").first()))!._id;
    return { ...s, settingsId };
  }

  it("runs hourly from the cron", () => {
    const job = (crons as unknown as { crons: Record<string, { name: string; schedule: unknown }> }).crons[
      "kapso-workflow-drift"
    ];
    expect(job).toMatchObject({ name: "kapsoDrift:driftSweep", schedule: { type: "interval", hours: 1 } });
  });

  it("the sweep schedules one check per synced workflow and nothing when the API is off", async () => {
    const { t, workspaceId, admin, settingsId } = await synced();
    await admin.mutation(api.workflowSettings.save, {
      ...args(workspaceId),
      workflowType: "brain",
      config: defaultWorkflowConfig("brain"),
      kapsoWorkflowId: WORKFLOW_ID,
      kapsoWorkflowName: "Brain",
      expectedVersion: 0,
    });
    vi.useFakeTimers(); // keep the scheduled checks from running; only inspect them
    await t.mutation(internal.kapsoDrift.driftSweep, { cursor: null, delayMs: 0 });
    const scheduled = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    const checks = scheduled.filter((s) => s.name.includes("driftCheck"));
    expect(checks.map((s) => s.args[0])).toEqual([{ settingsId }]);

    vi.stubEnv("KAPSO_API_KEY", "");
    await t.mutation(internal.kapsoDrift.driftSweep, { cursor: null, delayMs: 0 });
    expect((await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect())).length).toBe(scheduled.length);
  });

  it("flags a workflow changed in Kapso after the sync, without writing anything", async () => {
    const { t, workspaceId, staff, settingsId } = await synced();
    kapso.editInKapso(WORKFLOW_ID, "agent", { temperature: 0.9 });
    kapso.requests.length = 0;
    await t.action(internal.kapsoDrift.driftCheck, { settingsId });
    const status = await staff.query(api.kapsoSync.status, args(workspaceId));
    expect(status.check).toMatchObject({
      state: "changed_in_kapso",
      differingFields: ["temperature"],
      lockVersion: 2,
      verifiedLockVersion: 1,
      source: "drift",
    });
    // The /workflows list sees the same state.
    expect(await staff.query(api.kapsoSync.listStatus, { workspaceId })).toEqual([
      { workflowType: "sarah", check: status.check },
    ]);
    expect(kapso.requests.every((r) => r.method === "GET")).toBe(true);
    expect(kapso.workflow(WORKFLOW_ID).nodes[1].data.config.temperature).toBe(0.9);
    const settings = await settingsOf(t, workspaceId);
    expect(settings).toMatchObject({ syncStatus: "synced", version: 1, config: inKapso });
  });

  it("keeps the last result and records the error when Kapso cannot be read", async () => {
    const { t, workspaceId, staff, settingsId } = await synced();
    kapso.failNext({ status: 429, retryAfter: "600" });
    await t.action(internal.kapsoDrift.driftCheck, { settingsId });
    const status = await staff.query(api.kapsoSync.status, args(workspaceId));
    expect(status.check).toMatchObject({
      state: "verified",
      lastError: { kind: "rate_limited", key: "errors.kapso.rateLimited", values: { seconds: 600 } },
    });
    // The next good check clears the error.
    await t.action(internal.kapsoDrift.driftCheck, { settingsId });
    expect((await staff.query(api.kapsoSync.status, args(workspaceId))).check).toMatchObject({
      state: "verified",
      lastError: null,
    });
  });
});

describe("apply", () => {
  const wanted: WorkflowConfig = {
    ai_model: "gpt-4.1-mini",
    system_prompt: "Be brief.",
    temperature: 0.1,
    max_tokens: 512,
  };

  it("shows the node changes, patches only the mapped config keys, verifies and marks the version synced", async () => {
    const { t, workspaceId, admin, version } = await setup(wanted);
    const before = structuredClone(kapso.workflow(WORKFLOW_ID));
    const preview = await admin.action(api.kapsoSync.previewApply, args(workspaceId));
    expect(preview).toMatchObject({ settingsVersion: version, lockVersion: 1, problems: [] });
    expect(preview.changes).toHaveLength(1);
    expect(preview.changes[0].changes.map((c) => c.configKey)).toEqual([
      "max_tokens",
      "provider_model_id",
      "provider_model_name",
      "system_prompt",
      "temperature",
    ]);
    expect(patches()).toEqual([]);

    const result = await admin.action(api.kapsoSync.apply, {
      ...args(workspaceId),
      version,
      lockVersion: preview.lockVersion,
    });
    expect(result).toMatchObject({
      outcome: "applied",
      changedNodes: 1,
      markedSynced: true,
      check: { state: "verified", lockVersion: 2 },
    });

    const after = kapso.workflow(WORKFLOW_ID);
    expect(after.edges).toEqual(before.edges);
    expect(after.nodes.map((n) => [n.id, n.position])).toEqual(before.nodes.map((n) => [n.id, n.position]));
    expect(after.nodes[0]).toEqual(before.nodes[0]);
    expect(after.nodes[2]).toEqual(before.nodes[2]);
    expect(after.nodes[1].data.config).toEqual({
      ...before.nodes[1].data.config,
      system_prompt: "Be brief.",
      temperature: 0.1,
      max_tokens: 512,
      provider_model_id: DEFAULT_PROVIDER_MODELS[1].id,
      provider_model_name: "gpt-4.1-mini",
    });
    const patch = patches()[0].body as {
      workflow: { lock_version: number; definition: { nodes: unknown[]; edges: unknown[] } };
    };
    expect(patch.workflow.lock_version).toBe(1);
    expect(patch.workflow.definition.nodes).toHaveLength(3);
    expect(patch.workflow.definition.edges).toHaveLength(2);

    const settings = await settingsOf(t, workspaceId);
    expect(settings).toMatchObject({ syncStatus: "synced", lastSyncedVersion: version });
    const history = await admin.query(api.workflowSettings.history, args(workspaceId));
    expect(history.entries[0]).toMatchObject({ kind: "synced", version });
  });

  it("does not overwrite when Kapso changed since the preview, and shows the new difference", async () => {
    const { t, workspaceId, admin, version } = await setup(wanted);
    const preview = await admin.action(api.kapsoSync.previewApply, args(workspaceId));
    kapso.editInKapso(WORKFLOW_ID, "agent", { system_prompt: "Edited in Kapso" });
    const result = await admin.action(api.kapsoSync.apply, {
      ...args(workspaceId),
      version,
      lockVersion: preview.lockVersion,
    });
    expect(result.outcome).toBe("kapso_changed");
    if (result.outcome !== "kapso_changed") {
      return;
    }
    expect(result.preview.lockVersion).toBe(2);
    const prompt = result.preview.changes[0].changes.find((c) => c.configKey === "system_prompt");
    expect(prompt).toMatchObject({ before: "Edited in Kapso", after: "Be brief." });
    expect(patches()).toEqual([]);
    expect(kapso.workflow(WORKFLOW_ID).nodes[1].data.config.system_prompt).toBe("Edited in Kapso");
    expect((await settingsOf(t, workspaceId)).syncStatus).toBe("manual_setup_required");
  });

  it("answers a 409 from Kapso with the re-read difference and marks nothing", async () => {
    const { t, workspaceId, admin, version } = await setup(wanted);
    const preview = await admin.action(api.kapsoSync.previewApply, args(workspaceId));
    kapso.failNext({ status: 409, method: "PATCH", body: { error: "lock_version is stale" } });
    const result = await admin.action(api.kapsoSync.apply, {
      ...args(workspaceId),
      version,
      lockVersion: preview.lockVersion,
    });
    expect(result).toMatchObject({ outcome: "kapso_changed", preview: { lockVersion: 1 } });
    expect(patches()).toHaveLength(1);
    expect(kapso.workflow(WORKFLOW_ID).lock_version).toBe(1);
    expect((await settingsOf(t, workspaceId)).syncStatus).toBe("manual_setup_required");
  });

  it("after a PATCH whose answer was lost, reads back to decide", async () => {
    const { t, workspaceId, admin, version } = await setup(wanted);
    const preview = await admin.action(api.kapsoSync.previewApply, args(workspaceId));
    // Kapso took the change but answered 502: verified by reading back, so it counts.
    kapso.failNext({ status: 502, method: "PATCH", afterApplying: true });
    const result = await admin.action(api.kapsoSync.apply, {
      ...args(workspaceId),
      version,
      lockVersion: preview.lockVersion,
    });
    expect(result).toMatchObject({ outcome: "applied", markedSynced: true });
    expect(patches()).toHaveLength(1);
    expect((await settingsOf(t, workspaceId)).syncStatus).toBe("synced");
  });

  it("reports a failed PATCH that Kapso did not take, without marking anything", async () => {
    const { t, workspaceId, admin, version } = await setup(wanted);
    const preview = await admin.action(api.kapsoSync.previewApply, args(workspaceId));
    kapso.failNext({ status: 502, method: "PATCH" });
    await expect(
      admin.action(api.kapsoSync.apply, { ...args(workspaceId), version, lockVersion: preview.lockVersion }),
    ).rejects.toThrow(/Kapso had an error \(HTTP 502\)/);
    expect(patches()).toHaveLength(1);
    expect((await settingsOf(t, workspaceId)).syncStatus).toBe("manual_setup_required");
    expect((await admin.query(api.kapsoSync.status, args(workspaceId))).check?.state).toBe("differs");
  });

  it("refuses a stale settings version and a model Kapso does not offer", async () => {
    const { workspaceId, admin, version } = await setup(wanted);
    await expect(
      admin.action(api.kapsoSync.apply, { ...args(workspaceId), version: version + 1, lockVersion: 1 }),
    ).rejects.toThrow(/version: the settings are now version 1/);
    await admin.mutation(api.workflowSettings.save, {
      ...args(workspaceId),
      config: { ...wanted, ai_model: "mystery-model" },
      kapsoWorkflowId: WORKFLOW_ID,
      kapsoWorkflowName: "Sarah",
      expectedVersion: version,
    });
    const preview = await admin.action(api.kapsoSync.previewApply, args(workspaceId));
    expect(preview.problems).toEqual([{ key: "errors.workflows.kapso.noModel", values: { model: "mystery-model" } }]);
    await expect(
      admin.action(api.kapsoSync.apply, { ...args(workspaceId), version: version + 1, lockVersion: 1 }),
    ).rejects.toThrow(/mystery-model/);
    expect(patches()).toEqual([]);
  });
});

describe("providerModels", () => {
  it("returns Kapso's models when configured", async () => {
    const { workspaceId, staff } = await setup();
    const result = await staff.action(api.kapsoSync.providerModels, { workspaceId });
    expect(result).toEqual({ source: "kapso", models: DEFAULT_PROVIDER_MODELS, note: null });
  });

  it("falls back to the built-in list when Kapso fails", async () => {
    const { workspaceId, staff } = await setup();
    kapso.failNext({ status: 401 });
    const result = await staff.action(api.kapsoSync.providerModels, { workspaceId });
    expect(result.source).toBe("builtin");
    expect(result.note).toMatch(/unavailable/);
  });
});
