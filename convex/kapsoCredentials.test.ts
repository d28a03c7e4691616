import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { asUser, createWorkspace, newTest, type TestConvex } from "./test.harness";
import { addMember, seedLead } from "../tests/convex/inboxSeed";
import {
  FakeKapsoPlatform,
  sampleWorkflow,
  SAMPLE_AGENT_SETTINGS as inKapso,
  SAMPLE_WORKFLOW_ID as WORKFLOW_ID,
} from "../tests/node/fakeKapsoPlatform";
import { fakeKapsoPerFile } from "../tests/node/kapsoServer";

// Which Kapso API key a workspace's calls carry, checked on the wire: the
// Platform API fake answers 401 to any other key, and the proxy fake records headers.
const WORKSPACE_KEY = "kapso-workspace-project-key-0001";
const DEPLOYMENT_KEY = "kapso-deployment-wide-key-0002";

// Two Kapso projects: the workspace's own, and the one the deployment's key belongs to.
const platform = new FakeKapsoPlatform(WORKSPACE_KEY);
const deploymentPlatform = new FakeKapsoPlatform(DEPLOYMENT_KEY);
let platformUrl = "";
let deploymentPlatformUrl = "";
const proxy = fakeKapsoPerFile();

beforeAll(async () => {
  platformUrl = await platform.listen();
  deploymentPlatformUrl = await deploymentPlatform.listen();
});
afterAll(async () => {
  platform.close();
  deploymentPlatform.close();
});
beforeEach(() => {
  for (const fake of [platform, deploymentPlatform]) {
    fake.workflows.clear();
    fake.requests.length = 0;
    fake.addWorkflow(sampleWorkflow(WORKFLOW_ID));
  }
  vi.stubEnv("KAPSO_API_BASE_URL", platformUrl);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

async function setup() {
  const t = newTest();
  const workspaceId = await createWorkspace(t);
  for (const role of ["admin", "operator", "staff"] as const) {
    await addMember(t, workspaceId, `user_${role}`, role);
  }
  const admin = asUser(t, "user_admin");
  await admin.mutation(api.workflowSettings.save, {
    workspaceId,
    workflowType: "sarah",
    config: inKapso,
    kapsoWorkflowId: WORKFLOW_ID,
    kapsoWorkflowName: "Sarah",
    expectedVersion: 0,
  });
  return { t, workspaceId, admin };
}

const sarah = (workspaceId: Id<"workspaces">) => ({ workspaceId, workflowType: "sarah" as const });

const storedKey = (t: TestConvex, workspaceId: Id<"workspaces">) =>
  t.run(async (ctx) => (await ctx.db.get("workspaces", workspaceId))?.kapso_api_key ?? null);

describe("setting and clearing the workspace's key", () => {
  it("lets admins set (trimmed) and clear it; get reports only whether it is set and which key applies", async () => {
    vi.stubEnv("KAPSO_API_KEY", "");
    const { t, workspaceId, admin } = await setup();
    expect(await admin.query(api.workspaces.get, { workspaceId })).toMatchObject({
      hasKapsoApiKey: false,
      kapsoApiKeySource: "none",
    });

    await admin.mutation(api.workspaces.setKapsoApiKey, { workspaceId, apiKey: `  ${WORKSPACE_KEY}\n` });
    expect(await storedKey(t, workspaceId)).toBe(WORKSPACE_KEY);
    expect(await admin.query(api.workspaces.get, { workspaceId })).toMatchObject({
      hasKapsoApiKey: true,
      kapsoApiKeySource: "workspace",
    });
    vi.stubEnv("KAPSO_API_KEY", DEPLOYMENT_KEY);
    expect((await admin.query(api.workspaces.get, { workspaceId })).kapsoApiKeySource).toBe("workspace");

    await admin.mutation(api.workspaces.clearKapsoApiKey, { workspaceId });
    expect(await storedKey(t, workspaceId)).toBeNull();
    expect(await admin.query(api.workspaces.get, { workspaceId })).toMatchObject({
      hasKapsoApiKey: false,
      kapsoApiKeySource: "deployment",
    });
  });

  it("refuses anonymous callers, non-members and non-admins, changing nothing", async () => {
    const { t, workspaceId, admin } = await setup();
    await admin.mutation(api.workspaces.setKapsoApiKey, { workspaceId, apiKey: WORKSPACE_KEY });
    const set = { workspaceId, apiKey: "someone-elses-key-0123456789" };
    await expect(t.mutation(api.workspaces.setKapsoApiKey, set)).rejects.toThrow(/Sign in/);
    await expect(asUser(t, "user_outsider").mutation(api.workspaces.setKapsoApiKey, set)).rejects.toThrow(
      /not a member/,
    );
    for (const role of ["operator", "staff"]) {
      const member = asUser(t, `user_${role}`);
      await expect(member.mutation(api.workspaces.setKapsoApiKey, set)).rejects.toThrow(/workspace.manage/);
      await expect(member.mutation(api.workspaces.clearKapsoApiKey, { workspaceId })).rejects.toThrow(
        /workspace.manage/,
      );
    }
    await expect(t.mutation(api.workspaces.clearKapsoApiKey, { workspaceId })).rejects.toThrow(/Sign in/);
    expect(await storedKey(t, workspaceId)).toBe(WORKSPACE_KEY);
  });

  it("rejects a bad key naming the field, keeping the stored one", async () => {
    const { t, workspaceId, admin } = await setup();
    await admin.mutation(api.workspaces.setKapsoApiKey, { workspaceId, apiKey: WORKSPACE_KEY });
    const set = (apiKey: string) => admin.mutation(api.workspaces.setKapsoApiKey, { workspaceId, apiKey });
    await expect(set("   ")).rejects.toThrow(/apiKey: Kapso API key must be at least 16 characters/);
    await expect(set("short")).rejects.toThrow(/apiKey: Kapso API key must be at least 16 characters/);
    await expect(set("kapso key with spaces inside")).rejects.toThrow(/apiKey: Kapso API key must not contain spaces/);
    await expect(set("k".repeat(513))).rejects.toThrow(/apiKey: Kapso API key is at most 512 characters/);
    expect(await storedKey(t, workspaceId)).toBe(WORKSPACE_KEY);
  });
});

describe("Platform API (loopback fake)", () => {
  it("uses the workspace's key over the deployment's for check, preview, apply, models and drift", async () => {
    vi.stubEnv("KAPSO_API_KEY", DEPLOYMENT_KEY);
    const { t, workspaceId, admin } = await setup();
    await admin.mutation(api.workspaces.setKapsoApiKey, { workspaceId, apiKey: WORKSPACE_KEY });

    expect((await admin.query(api.kapsoSync.status, sarah(workspaceId))).apiConfigured).toBe(true);
    expect((await admin.action(api.kapsoSync.check, sarah(workspaceId))).state).toBe("verified");
    expect((await admin.action(api.kapsoSync.providerModels, { workspaceId })).source).toBe("kapso");

    // Apply a change: preview, PATCH and read-back all carry the workspace's key.
    const version = await admin.mutation(api.workflowSettings.save, {
      ...sarah(workspaceId),
      config: { ...inKapso, temperature: 0.4 },
      kapsoWorkflowId: WORKFLOW_ID,
      kapsoWorkflowName: "Sarah",
      expectedVersion: 1,
    });
    const preview = await admin.action(api.kapsoSync.previewApply, sarah(workspaceId));
    const applied = await admin.action(api.kapsoSync.apply, {
      ...sarah(workspaceId),
      version,
      lockVersion: preview.lockVersion,
    });
    expect(applied).toMatchObject({ outcome: "applied", markedSynced: true });
    expect(platform.requests.some((r) => r.method === "PATCH")).toBe(true);

    // Drift: the sweep picks the workflow up and the check reads Kapso with the workspace's key.
    vi.stubEnv("KAPSO_API_KEY", "");
    platform.editInKapso(WORKFLOW_ID, "agent", { temperature: 0.9 });
    vi.useFakeTimers(); // only inspect the scheduled checks
    await t.mutation(internal.kapsoDrift.driftSweep, { cursor: null, delayMs: 0 });
    const scheduled = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    const settingsId = (await t.run((ctx) => ctx.db.query("workflowSettings").first()))!._id;
    expect(scheduled.filter((s) => s.name.includes("driftCheck")).map((s) => s.args[0])).toEqual([{ settingsId }]);
    vi.useRealTimers();
    await t.action(internal.kapsoDrift.driftCheck, { settingsId });
    expect((await admin.query(api.kapsoSync.status, sarah(workspaceId))).check).toMatchObject({
      state: "changed_in_kapso",
    });

    expect(platform.requests.length).toBeGreaterThan(5);
    expect(new Set(platform.requests.map((r) => r.apiKey))).toEqual(new Set([WORKSPACE_KEY]));
  });

  it("falls back to the deployment's key when the workspace has none", async () => {
    vi.stubEnv("KAPSO_API_KEY", DEPLOYMENT_KEY);
    vi.stubEnv("KAPSO_API_BASE_URL", deploymentPlatformUrl);
    const { workspaceId, admin } = await setup();
    expect((await admin.query(api.workspaces.get, { workspaceId })).kapsoApiKeySource).toBe("deployment");
    expect((await admin.action(api.kapsoSync.check, sarah(workspaceId))).state).toBe("verified");
    expect(deploymentPlatform.requests.map((r) => r.apiKey)).toEqual([DEPLOYMENT_KEY]);
  });

  it("keeps each workspace on its own key", async () => {
    vi.stubEnv("KAPSO_API_KEY", DEPLOYMENT_KEY);
    const { t, workspaceId, admin } = await setup();
    await admin.mutation(api.workspaces.setKapsoApiKey, { workspaceId, apiKey: WORKSPACE_KEY });
    const other = await createWorkspace(t, { name: "Toko Lain", kapsoPhoneNumberId: "444444444" });
    await addMember(t, other, "user_admin", "admin");
    await admin.mutation(api.workflowSettings.save, {
      ...sarah(other),
      config: inKapso,
      kapsoWorkflowId: WORKFLOW_ID,
      kapsoWorkflowName: "Sarah",
      expectedVersion: 0,
    });
    // The other workspace uses the deployment's key, which the workspace's Kapso project refuses (401).
    await expect(admin.action(api.kapsoSync.check, sarah(other))).rejects.toThrow();
    expect((await admin.action(api.kapsoSync.check, sarah(workspaceId))).state).toBe("verified");
    expect(platform.requests.map((r) => r.apiKey)).toEqual([DEPLOYMENT_KEY, WORKSPACE_KEY]);
  });

  it("without either key: not configured, built-in models, no drift checks, no requests", async () => {
    vi.stubEnv("KAPSO_API_KEY", "");
    const { t, workspaceId, admin } = await setup();
    await admin.mutation(api.workflowSettings.markSynced, { ...sarah(workspaceId), version: 1 });
    expect((await admin.query(api.kapsoSync.status, sarah(workspaceId))).apiConfigured).toBe(false);
    await expect(admin.action(api.kapsoSync.check, sarah(workspaceId))).rejects.toThrow(
      /not configured.*KAPSO_API_KEY.*Settings/,
    );
    await expect(admin.action(api.kapsoSync.previewApply, sarah(workspaceId))).rejects.toThrow(/not configured/);
    const models = await admin.action(api.kapsoSync.providerModels, { workspaceId });
    expect(models).toMatchObject({ source: "builtin", note: expect.stringMatching(/Settings.*KAPSO_API_KEY/) });
    vi.useFakeTimers();
    await t.mutation(internal.kapsoDrift.driftSweep, { cursor: null, delayMs: 0 });
    const scheduled = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    expect(scheduled.filter((s) => s.name.includes("driftCheck"))).toEqual([]);
    expect(platform.requests).toEqual([]);
  });
});

describe("replies through Kapso's proxy (loopback server)", () => {
  beforeEach(() => {
    // Scheduled sends run only when the test drives the timers.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    vi.stubEnv("KAPSO_API_BASE_URL", `${proxy.url}/`);
  });

  async function sendReply(t: TestConvex, workspaceId: Id<"workspaces">) {
    const lead = await seedLead(t, workspaceId, {
      name: "Budi",
      phone: "628139250849",
      waiting: true,
      lastInboundAt: Date.now() - 60_000,
    });
    const messageId = await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId: lead.conversationId,
      text: "Halo Kak",
    });
    vi.advanceTimersByTime(1);
    await t.finishInProgressScheduledFunctions();
    return await t.run((ctx) => ctx.db.get("messages", messageId));
  }

  it("sends with the workspace's key over the deployment's", async () => {
    vi.stubEnv("KAPSO_API_KEY", DEPLOYMENT_KEY);
    const { t, workspaceId, admin } = await setup();
    await admin.mutation(api.workspaces.setKapsoApiKey, { workspaceId, apiKey: WORKSPACE_KEY });
    proxy.script({ status: 200, body: { messages: [{ id: "wamid.KEY1" }] } });
    const row = await sendReply(t, workspaceId);
    expect(proxy.requests.map((r) => r.headers["x-api-key"])).toEqual([WORKSPACE_KEY]);
    expect(row).toMatchObject({ status: "sent", kapso_message_id: "wamid.KEY1" });
  });

  it("falls back to the deployment's key", async () => {
    vi.stubEnv("KAPSO_API_KEY", DEPLOYMENT_KEY);
    const { t, workspaceId } = await setup();
    proxy.script({ status: 200, body: { messages: [{ id: "wamid.KEY2" }] } });
    const row = await sendReply(t, workspaceId);
    expect(proxy.requests.map((r) => r.headers["x-api-key"])).toEqual([DEPLOYMENT_KEY]);
    expect(row).toMatchObject({ status: "sent", kapso_message_id: "wamid.KEY2" });
  });

  it("fails clearly without either key, calling nobody", async () => {
    vi.stubEnv("KAPSO_API_KEY", "");
    const { t, workspaceId } = await setup();
    proxy.script({ status: 200, body: { messages: [{ id: "wamid.NO" }] } });
    const row = await sendReply(t, workspaceId);
    expect(proxy.requests).toEqual([]);
    expect(row?.status).toBe("failed");
    expect(row?.error_message).toMatch(/not set up for this workspace.*Settings/);
  });
});

describe("the key never leaves the server", () => {
  it("appears in no public query or action result", async () => {
    vi.stubEnv("KAPSO_API_KEY", DEPLOYMENT_KEY);
    const { t, workspaceId, admin } = await setup();
    await admin.mutation(api.workspaces.setKapsoApiKey, { workspaceId, apiKey: WORKSPACE_KEY });
    const results: unknown[] = [];
    for (const userId of ["user_admin", "user_operator", "user_staff"]) {
      const member = asUser(t, userId);
      results.push(
        await member.query(api.workspaces.get, { workspaceId }),
        await member.query(api.workspaces.listMine, {}),
        await member.query(api.workspaces.listMembers, { workspaceId }),
        await member.query(api.kapsoSync.status, sarah(workspaceId)),
        await member.query(api.kapsoSync.listStatus, { workspaceId }),
        await member.action(api.kapsoSync.check, sarah(workspaceId)),
        await member.action(api.kapsoSync.providerModels, { workspaceId }),
      );
    }
    const preview = await admin.action(api.kapsoSync.previewApply, sarah(workspaceId));
    results.push(
      preview,
      await admin.action(api.kapsoSync.apply, { ...sarah(workspaceId), version: 1, lockVersion: preview.lockVersion }),
    );
    // Nor in an error about a workflow Kapso does not know.
    platform.workflows.clear();
    const failure = await admin.action(api.kapsoSync.check, sarah(workspaceId)).catch((e: unknown) => e);
    results.push(
      failure instanceof Error ? { message: failure.message, data: (failure as { data?: unknown }).data } : failure,
    );

    expect(results).toHaveLength(7 * 3 + 3);
    expect(platform.requests.length).toBeGreaterThan(0); // the key was in use throughout
    const serialized = JSON.stringify(results);
    expect(serialized).toContain("verified");
    expect(serialized).not.toContain(WORKSPACE_KEY);
    expect(serialized).not.toContain(DEPLOYMENT_KEY);
  });
});
