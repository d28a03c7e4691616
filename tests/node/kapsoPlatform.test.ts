import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createKapsoFetch } from "@/lib/kapsoHttp";
import { compareDefinition, planApply } from "@/domain/kapsoDefinitionSync";
import { createKapsoPlatformClient, KapsoApiError, type KapsoPlatformClient } from "@/domain/kapsoPlatform";
import { translate } from "../../convex/model/i18n";
import { DEFAULT_PROVIDER_MODELS, FAKE_API_KEY, FakeKapsoPlatform, sampleWorkflow } from "./fakeKapsoPlatform";

const fake = new FakeKapsoPlatform();
let baseUrl = "";
let client: KapsoPlatformClient;

// Small waits so retries stay quick in tests; the policy itself is kapsoHttp's.
const transport = {
  read: createKapsoFetch({ kind: "read", timeoutMs: 2_000, maxRetryAfterMs: 2_000, backoffLimitMs: 50 }),
  send: createKapsoFetch({ kind: "send", timeoutMs: 2_000, maxRetryAfterMs: 2_000, backoffLimitMs: 50 }),
};

async function apiError(promise: Promise<unknown>): Promise<KapsoApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KapsoApiError);
  return error as KapsoApiError;
}

beforeAll(async () => {
  baseUrl = await fake.listen();
  client = createKapsoPlatformClient({ apiKey: FAKE_API_KEY, baseUrl, transport });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.workflows.clear();
  fake.requests.length = 0;
  fake.addWorkflow(sampleWorkflow("wf-sarah"));
});

describe("Kapso Platform API client against the loopback fake", () => {
  it("reads a workflow definition with the API key", async () => {
    const definition = await client.getWorkflowDefinition("wf-sarah");
    expect(definition.lock_version).toBe(1);
    expect(definition.definition.nodes.map((n) => n.id)).toEqual(["start", "agent", "handoff"]);
    expect(definition.definition.edges).toHaveLength(2);
    expect(fake.requests.at(-1)).toMatchObject({
      method: "GET",
      path: "/platform/v1/workflows/wf-sarah/definition",
      apiKey: FAKE_API_KEY,
    });
  });

  it("maps 404, 401 and network failures to typed errors", async () => {
    expect((await apiError(client.getWorkflowDefinition("nope"))).kind).toBe("not_found");
    const wrongKey = createKapsoPlatformClient({ apiKey: "wrong", baseUrl, transport });
    const auth = await apiError(wrongKey.getWorkflowDefinition("wf-sarah"));
    expect(auth).toMatchObject({ kind: "auth", status: 401 });
    expect(auth.message).toContain("Invalid API key");
    const unreachable = createKapsoPlatformClient({ apiKey: FAKE_API_KEY, baseUrl: "http://127.0.0.1:9", transport });
    expect((await apiError(unreachable.listProviderModels())).kind).toBe("network");
  });

  it.each([
    [
      "a refused key, with Kapso's own words verbatim",
      () => createKapsoPlatformClient({ apiKey: "wrong", baseUrl, transport }).getWorkflowDefinition("wf-sarah"),
      "Kapso refused the API key (HTTP 401): Invalid API key",
      "Kapso menolak kunci API (HTTP 401): Invalid API key",
    ],
    [
      "an unreachable Kapso",
      () =>
        createKapsoPlatformClient({
          apiKey: FAKE_API_KEY,
          baseUrl: "http://127.0.0.1:9",
          transport,
        }).listProviderModels(),
      "Could not reach Kapso: ",
      "Tidak dapat menghubungi Kapso: ",
    ],
    [
      "a long Retry-After",
      () => {
        fake.failNext({ status: 429, retryAfter: "60" });
        return client.listProviderModels();
      },
      "Kapso is rate-limiting this API key. Try again in 60 s.",
      "Kapso membatasi permintaan dengan kunci API ini. Coba lagi dalam 60 detik.",
    ],
  ])("says %s in the reader's language", async (_, call, english, indonesian) => {
    const { ref } = await apiError(call());
    expect(translate("en", ref)).toContain(english);
    expect(translate("id", ref)).toContain(indonesian);
  });

  it("ends the sentence at the status when Kapso gives no text", async () => {
    fake.failNext({ status: 422, body: { error: "" } });
    const { ref } = await apiError(client.listProviderModels());
    expect(translate("en", ref)).toBe("Kapso rejected the request (HTTP 422)");
    expect(translate("id", ref)).toBe("Kapso menolak permintaan (HTTP 422)");
  });

  it("treats nodes and edges as complete replacement sets and bumps lock_version", async () => {
    const before = await client.getWorkflowDefinition("wf-sarah");
    const nodes = before.definition.nodes.filter((n) => n.id !== "handoff");
    const edges = before.definition.edges.filter((e) => e.target !== "handoff");
    const updated = await client.updateWorkflowDefinition("wf-sarah", { nodes, edges, lockVersion: 1 });
    expect(updated.lock_version).toBe(2);
    const after = await client.getWorkflowDefinition("wf-sarah");
    expect(after.definition.nodes.map((n) => n.id)).toEqual(["start", "agent"]);
    expect(after.definition.edges.map((e) => e.id)).toEqual([before.definition.edges[0].id]);
  });

  it("answers a stale lock_version with a conflict and changes nothing", async () => {
    fake.editInKapso("wf-sarah", "agent", { temperature: 0.9 });
    const stale = await client.getWorkflowDefinition("wf-sarah").then((d) => ({ ...d, lock_version: 1 }));
    const error = await apiError(
      client.updateWorkflowDefinition("wf-sarah", {
        nodes: stale.definition.nodes,
        edges: stale.definition.edges,
        lockVersion: 1,
      }),
    );
    expect(error).toMatchObject({ kind: "conflict", status: 409 });
    expect(fake.workflow("wf-sarah").lock_version).toBe(2);
  });

  it("retries a read after a 429 with Retry-After, then succeeds", async () => {
    fake.failNext({ status: 429, retryAfter: "1", pathIncludes: "/definition" });
    const started = Date.now();
    const definition = await client.getWorkflowDefinition("wf-sarah");
    expect(definition.id).toBe("wf-sarah");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.requests.filter((r) => r.path.endsWith("/definition"))).toHaveLength(2);
  });

  it("reports rate limiting with Kapso's Retry-After once retries are used up", async () => {
    // A Retry-After beyond the client's cap ends the call at once instead of waiting.
    fake.failNext({ status: 429, retryAfter: "60" });
    const error = await apiError(client.listProviderModels());
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 60 });
    expect(fake.requests).toHaveLength(1);
  });

  it("retries a PATCH only after a 429, never after a 5xx", async () => {
    const { definition } = await client.getWorkflowDefinition("wf-sarah");
    fake.failNext({ status: 429, retryAfter: "0", method: "PATCH" });
    await client.updateWorkflowDefinition("wf-sarah", { ...definition, lockVersion: 1 });
    expect(fake.requests.filter((r) => r.method === "PATCH")).toHaveLength(2);

    fake.requests.length = 0;
    fake.failNext({ status: 502, method: "PATCH" });
    const error = await apiError(client.updateWorkflowDefinition("wf-sarah", { ...definition, lockVersion: 2 }));
    expect(error).toMatchObject({ kind: "server", status: 502 });
    expect(fake.requests.filter((r) => r.method === "PATCH")).toHaveLength(1);
  });

  it("lists provider models", async () => {
    expect(await client.listProviderModels()).toEqual(DEFAULT_PROVIDER_MODELS);
  });

  it("round-trips an apply: Kapso accepts the planned graph and then matches the settings", async () => {
    const config = { ai_model: "gpt-4.1-mini", system_prompt: "Be brief.", temperature: 0.1, max_tokens: 512 };
    const live = await client.getWorkflowDefinition("wf-sarah");
    const models = await client.listProviderModels();
    expect(compareDefinition("sarah", config, live.definition.nodes, models).matches).toBe(false);
    const plan = planApply("sarah", config, live.definition, models);
    if (!plan.ok) {
      throw new Error(plan.problems.join("; "));
    }
    await client.updateWorkflowDefinition("wf-sarah", {
      nodes: plan.nodes,
      edges: plan.edges,
      lockVersion: live.lock_version,
    });
    const after = await client.getWorkflowDefinition("wf-sarah");
    expect(compareDefinition("sarah", config, after.definition.nodes, models).matches).toBe(true);
    expect(after.definition.edges).toEqual(live.definition.edges);
    expect(after.definition.nodes.find((n) => n.id === "agent")?.data.config).toMatchObject({
      max_iterations: 80,
      enabled_default_tools: ["complete_task", "handoff_to_human"],
    });
  });
});
