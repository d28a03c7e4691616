import { beforeEach, describe, expect, it, vi } from "vitest";
import { applySequence, type ApplySettings } from "./kapsoApply";
import type { DefinitionComparison } from "./kapsoDefinitionSync";
import { createKapsoPlatformClient, KapsoApiError, type KapsoPlatformClient } from "./kapsoPlatform";
import {
  FAKE_API_KEY,
  FakeKapsoPlatform,
  SAMPLE_AGENT_SETTINGS,
  sampleWorkflow,
} from "../../tests/node/fakeKapsoPlatform";
import { messageRef, type MessageRef } from "../i18n/messageRef";

// The client is injected: a real Platform API client whose transport is the fake's
// request handler, in process (no port, no retries).
const WORKFLOW = "wf-sarah";
let fake: FakeKapsoPlatform;
let client: KapsoPlatformClient;

beforeEach(() => {
  fake = new FakeKapsoPlatform();
  fake.addWorkflow(sampleWorkflow(WORKFLOW));
  const transport = (input: RequestInfo | URL, init?: RequestInit) => fake.handle(new Request(input, init));
  client = createKapsoPlatformClient({
    apiKey: FAKE_API_KEY,
    baseUrl: "https://kapso.test",
    transport: { read: transport, send: transport },
  });
});

function settings(overrides: Partial<ApplySettings["config"]> = {}, lockVersion: number | null = 1): ApplySettings {
  return {
    workflowType: "sarah",
    config: { ...SAMPLE_AGENT_SETTINGS, ...overrides },
    kapsoWorkflowId: WORKFLOW,
    lockVersion,
  };
}

function steps(note: MessageRef | null = null, withClient: Parameters<typeof applySequence>[1]["client"] = client) {
  const recorded: Array<{ lockVersion: number | null; comparison: DefinitionComparison }> = [];
  const markSynced = vi.fn(async () => note);
  return {
    recorded,
    markSynced,
    steps: {
      client: withClient,
      record: async (lockVersion: number | null, comparison: DefinitionComparison) => {
        recorded.push({ lockVersion, comparison });
        return `check ${recorded.length}`;
      },
      markSynced,
    },
  };
}

const patches = () => fake.requests.filter((r) => r.method === "PATCH");

describe("applySequence", () => {
  it("writes nothing when Kapso already matches, and still verifies and marks synced", async () => {
    const s = steps();
    const result = await applySequence(settings(), s.steps);
    expect(result).toEqual({ outcome: "applied", changedNodes: 0, check: "check 1", markedSynced: true, note: null });
    expect(patches()).toHaveLength(0);
    expect(s.recorded[0]).toMatchObject({ lockVersion: 1, comparison: { matches: true } });
  });

  it("patches with the previewed lock_version, reads back, records and marks synced", async () => {
    const s = steps();
    const result = await applySequence(settings({ system_prompt: "You are Sarah, brief." }), s.steps);
    expect(result).toMatchObject({ outcome: "applied", changedNodes: 1, markedSynced: true });
    expect(patches()).toHaveLength(1);
    expect(patches()[0].body).toMatchObject({ workflow: { lock_version: 1 } });
    expect(fake.workflow(WORKFLOW).nodes.find((n) => n.id === "agent")?.data.config.system_prompt).toBe(
      "You are Sarah, brief.",
    );
    expect(s.recorded).toEqual([{ lockVersion: 2, comparison: expect.objectContaining({ matches: true }) }]);
    expect(s.markSynced).toHaveBeenCalledTimes(1);
  });

  it("stops with the new definition when Kapso's lock_version is not the previewed one", async () => {
    fake.editInKapso(WORKFLOW, "agent", { temperature: 0.9 });
    const s = steps();
    const result = await applySequence(settings({ system_prompt: "New" }, 1), s.steps);
    expect(result).toMatchObject({ outcome: "kapso_changed", definition: { lock_version: 2 } });
    expect(patches()).toHaveLength(0);
    expect(s.recorded).toHaveLength(0);
    expect(s.markSynced).not.toHaveBeenCalled();
  });

  it("turns a 409 on the PATCH into the new definition, writing nothing", async () => {
    fake.failNext({ status: 409, method: "PATCH" });
    const s = steps();
    const result = await applySequence(settings({ system_prompt: "New" }), s.steps);
    expect(result.outcome).toBe("kapso_changed");
    expect(s.recorded).toHaveLength(0);
    expect(fake.workflow(WORKFLOW).nodes.find((n) => n.id === "agent")?.data.config.system_prompt).toBe(
      "You are Sarah.",
    );
  });

  it("lets the read-back decide a PATCH whose answer was lost", async () => {
    fake.failNext({ status: 502, method: "PATCH", afterApplying: true });
    const taken = steps();
    expect(await applySequence(settings({ system_prompt: "New" }), taken.steps)).toMatchObject({
      outcome: "applied",
      markedSynced: true,
    });

    fake.failNext({ status: 502, method: "PATCH" });
    const lost = steps();
    const error = await applySequence(settings({ system_prompt: "Newer" }, 2), lost.steps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KapsoApiError);
    expect((error as KapsoApiError).kind).toBe("server");
    expect(lost.recorded).toHaveLength(1);
    expect(lost.recorded[0].comparison.matches).toBe(false);
    expect(lost.markSynced).not.toHaveBeenCalled();
  });

  it("reports a read-back that differs without marking synced", async () => {
    const ignoresWrites = {
      ...client,
      updateWorkflowDefinition: async () =>
        ({}) as Awaited<ReturnType<KapsoPlatformClient["updateWorkflowDefinition"]>>,
    };
    const s = steps(null, ignoresWrites);
    expect(await applySequence(settings({ system_prompt: "New" }), s.steps)).toEqual({
      outcome: "not_verified",
      check: "check 1",
    });
    expect(s.markSynced).not.toHaveBeenCalled();
  });

  it("refuses settings that need graph changes, before any write", async () => {
    const s = steps();
    const result = await applySequence(settings({ ai_model: "no-such-model" }), s.steps);
    expect(result).toEqual({
      outcome: "cannot_apply",
      problems: [messageRef("errors.workflows.kapso.noModel", { model: "no-such-model" })],
    });
    expect(patches()).toHaveLength(0);
  });

  it("says why the version could not be marked synced", async () => {
    const note = messageRef("errors.workflows.kapso.notMarkedSynced");
    const s = steps(note);
    expect(await applySequence(settings({ system_prompt: "New" }), s.steps)).toMatchObject({
      outcome: "applied",
      markedSynced: false,
      note,
    });
  });

  it("throws Kapso's other failures for the caller to present", async () => {
    const error = await applySequence({ ...settings(), kapsoWorkflowId: "missing" }, steps().steps).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: "not_found" });
  });
});
