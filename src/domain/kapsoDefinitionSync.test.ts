import { replyMap, upgradeReplies } from "./keywordRules";
import { describe, expect, it } from "vitest";
import { compareDefinition, MISSING_NODE, planApply, previewValue } from "./kapsoDefinitionSync";
import type { KapsoEdge, KapsoNode, ProviderModel } from "./kapsoPlatform";
import { defaultWorkflowConfig, type WorkflowConfig } from "./workflowSettings";
import { messageRef, type MessageRef } from "../i18n/messageRef";
import { translate } from "../../convex/model/i18n";

const en = (ref: MessageRef) => translate("en", ref);

const MODELS: ProviderModel[] = [
  { id: "m-gemini", name: "gemini-2.5-flash", provider: "google" },
  { id: "m-grok", name: "grok-4.1-fast", provider: "xai" },
];

const sarah: WorkflowConfig = {
  ai_model: "gemini-2.5-flash",
  system_prompt: "You are Sarah.",
  temperature: 0.4,
  max_tokens: 1024,
};

function node(id: string, node_type: string, config: Record<string, unknown>, x = 0): KapsoNode {
  return { id, type: "flow-node", position: { x, y: 10 }, data: { node_type, config, display_name: id } };
}

function edge(source: string, target: string, label = "next"): KapsoEdge {
  return { id: `e-${source}-${target}`, source, target, label, type: "default", flow_condition_id: null };
}

/** A Sarah workflow the way Kapso returns it: agent node with extra keys, start and handoff around it. */
function sarahDefinition(agentId = "agent", agent: Record<string, unknown> = {}) {
  const nodes = [
    node("start", "start", {}),
    node(
      agentId,
      "agent",
      {
        system_prompt: "You are Sarah.",
        provider_model_id: "m-gemini",
        provider_model_name: "gemini-2.5-flash",
        temperature: 0.4,
        max_tokens: 1024,
        max_iterations: 80,
        enabled_default_tools: ["complete_task"],
        ...agent,
      },
      200,
    ),
    node("handoff", "handoff", { reason: "asked" }, 400),
  ];
  return { nodes, edges: [edge("start", agentId), edge(agentId, "handoff")] };
}

/** The rules engine built in Kapso by following the instructions (condition ids added by Kapso). */
function rulesDefinition(config: WorkflowConfig) {
  const conditions = (config.keywords ?? []).map((k, i) => ({
    id: `c-${i}`,
    label: k,
    description: `The customer's message is about "${k}".`,
  }));
  const nodes = [
    node("start", "start", {}),
    node("decide_keywords", "decide", {
      decision_type: "ai",
      provider_model_id: "m-gemini",
      provider_model_name: config.ai_model,
      llm_temperature: config.temperature,
      llm_max_tokens: config.max_tokens,
      llm_configuration: { system_prompt: config.system_prompt, top_p: 1 },
      conditions,
    }),
    ...(config.keywords ?? []).map((k) =>
      node(`reply_${k}`, "send_text", { message: replyMap(config.auto_reply_templates).get(k), delay_seconds: 0 }),
    ),
  ];
  const edges = [
    edge("start", "decide_keywords"),
    ...(config.keywords ?? []).map((k) => edge("decide_keywords", `reply_${k}`, k)),
  ];
  return { nodes, edges };
}

describe("compareDefinition", () => {
  it("reports every owned field as matching when Kapso has the settings", () => {
    const result = compareDefinition("sarah", sarah, sarahDefinition().nodes, MODELS);
    expect(result.matches).toBe(true);
    expect(result.differingFields).toEqual([]);
    expect(result.fields.map((f) => [f.field, f.configKey, f.matches])).toEqual([
      ["system_prompt", "system_prompt", true],
      ["ai_model", "provider_model_name", true],
      ["temperature", "temperature", true],
      ["max_tokens", "max_tokens", true],
    ]);
  });

  it("names the fields that differ and shows both values", () => {
    const live = sarahDefinition("agent", { system_prompt: "You are Bob.", temperature: 0.9 }).nodes;
    const result = compareDefinition("sarah", sarah, live, MODELS);
    expect(result.matches).toBe(false);
    expect(result.differingFields).toEqual(["system_prompt", "temperature"]);
    const temperature = result.fields.find((f) => f.field === "temperature")!;
    expect(temperature).toMatchObject({ nodeId: "agent", expected: "0.4", actual: "0.9", matches: false });
  });

  it("trusts provider_model_id over a stale provider_model_name when the model list is known", () => {
    const live = sarahDefinition("agent", {
      provider_model_id: "m-grok",
      provider_model_name: "gemini-2.5-flash",
    }).nodes;
    expect(compareDefinition("sarah", sarah, live, MODELS).differingFields).toEqual(["ai_model"]);
    const byIdOnly = sarahDefinition("agent", { provider_model_name: undefined }).nodes;
    expect(compareDefinition("sarah", sarah, byIdOnly, MODELS).matches).toBe(true);
    // Without the list the id cannot be resolved, so the missing name counts as a difference.
    expect(compareDefinition("sarah", sarah, byIdOnly, null).differingFields).toEqual(["ai_model"]);
  });

  it("finds an agent node with a generated id when it is the only agent", () => {
    const result = compareDefinition("sarah", sarah, sarahDefinition("agent_7f3a").nodes, MODELS);
    expect(result.matches).toBe(true);
    expect(result.fields[0].nodeId).toBe("agent_7f3a");
  });

  it("marks every field of a missing node as differing", () => {
    const nodes = sarahDefinition().nodes.filter((n) => n.data.node_type !== "agent");
    const result = compareDefinition("sarah", sarah, nodes, MODELS);
    expect(result.missingNodes).toEqual(["agent"]);
    expect(result.fields.every((f) => !f.matches && f.actual === MISSING_NODE)).toBe(true);
  });

  it("compares the rules engine's decide node and reply nodes, ignoring Kapso's extra keys and condition ids", () => {
    const config = defaultWorkflowConfig("rules_engine");
    const definition = rulesDefinition(config);
    expect(compareDefinition("rules_engine", config, definition.nodes, MODELS).matches).toBe(true);

    const changed: WorkflowConfig = {
      ...config,
      auto_reply_templates: upgradeReplies({
        ...Object.fromEntries(replyMap(config.auto_reply_templates)),
        promo: "Promo baru!",
      }),
      keywords: ["harga", "promo", "lokasi", "ongkir"],
    };
    const result = compareDefinition("rules_engine", changed, definition.nodes, MODELS);
    expect(result.differingFields).toEqual(["keywords", "auto_reply_templates"]);
    expect(result.fields.find((f) => f.nodeId === "reply_promo")).toMatchObject({
      matches: false,
      actual: replyMap(config.auto_reply_templates).get("promo"),
    });
  });
});

describe("planApply", () => {
  it("changes only the owned config keys and keeps every node, edge, id and position", () => {
    const definition = sarahDefinition("agent", {
      system_prompt: "Old prompt",
      provider_model_id: "m-grok",
      provider_model_name: "grok-4.1-fast",
    });
    const plan = planApply("sarah", sarah, definition, MODELS);
    if (!plan.ok) {
      throw new Error(plan.problems.map(en).join("; "));
    }
    expect(plan.edges).toEqual(definition.edges);
    expect(plan.nodes.map((n) => [n.id, n.position])).toEqual(definition.nodes.map((n) => [n.id, n.position]));
    expect(plan.nodes[0]).toEqual(definition.nodes[0]);
    expect(plan.nodes[2]).toEqual(definition.nodes[2]);
    expect(plan.nodes[1].data.config).toEqual({
      ...definition.nodes[1].data.config,
      system_prompt: "You are Sarah.",
      provider_model_id: "m-gemini",
      provider_model_name: "gemini-2.5-flash",
    });
    expect(plan.changes).toEqual([
      {
        nodeId: "agent",
        nodeType: "agent",
        displayName: "agent",
        changes: [
          { configKey: "provider_model_id", field: "provider_model_id", before: "m-grok", after: "m-gemini" },
          { configKey: "provider_model_name", field: "ai_model", before: "grok-4.1-fast", after: "gemini-2.5-flash" },
          { configKey: "system_prompt", field: "system_prompt", before: "Old prompt", after: "You are Sarah." },
        ],
      },
    ]);
    // The live definition is left as it was.
    expect(definition.nodes[1].data.config.system_prompt).toBe("Old prompt");
  });

  it("plans no change when Kapso already matches", () => {
    const plan = planApply("sarah", sarah, sarahDefinition(), MODELS);
    expect(plan).toMatchObject({ ok: true, changes: [] });
  });

  it("refuses a model Kapso does not offer, naming ai_model", () => {
    const plan = planApply("sarah", { ...sarah, ai_model: "gpt-9" }, sarahDefinition(), MODELS);
    expect(plan).toEqual({ ok: false, problems: [messageRef("errors.workflows.kapso.noModel", { model: "gpt-9" })] });
    if (!plan.ok) {
      expect(en(plan.problems[0])).toBe('ai_model: Kapso has no provider model named "gpt-9"');
      expect(translate("id", plan.problems[0])).toBe('ai_model: Kapso tidak punya model penyedia bernama "gpt-9"');
    }
  });

  it("refuses when the mapped node is missing", () => {
    const definition = sarahDefinition();
    const plan = planApply("sarah", sarah, { nodes: definition.nodes.slice(0, 1), edges: [] }, MODELS);
    expect(plan.ok).toBe(false);
    if (!plan.ok) {
      expect(en(plan.problems[0])).toMatch(/no agent node "agent"/);
      expect(translate("id", plan.problems[0])).toBe(
        'Kapso tidak punya node agent "agent" (Sarah (agent)); tambahkan dulu di kanvas Kapso',
      );
    }
  });

  it("updates decide conditions keeping Kapso's condition ids, and reply messages", () => {
    const config = defaultWorkflowConfig("rules_engine");
    const definition = rulesDefinition(config);
    const next: WorkflowConfig = {
      ...config,
      temperature: 0.2,
      auto_reply_templates: upgradeReplies({
        ...Object.fromEntries(replyMap(config.auto_reply_templates)),
        promo: "Promo baru!",
      }),
    };
    const plan = planApply("rules_engine", next, definition, MODELS);
    if (!plan.ok) {
      throw new Error(plan.problems.map(en).join("; "));
    }
    expect(plan.changes.map((c) => [c.nodeId, c.changes.map((x) => x.configKey)])).toEqual([
      ["decide_keywords", ["llm_temperature"]],
      ["reply_promo", ["message"]],
    ]);
    const decide = plan.nodes.find((n) => n.id === "decide_keywords")!;
    expect((decide.data.config.conditions as { id: string }[]).map((c) => c.id)).toEqual(["c-0", "c-1", "c-2"]);
    expect(decide.data.config.llm_configuration).toEqual({ system_prompt: config.system_prompt, top_p: 1 });
    expect(plan.edges).toEqual(definition.edges);
  });

  it("refuses keyword changes that need new or removed branches", () => {
    const config = defaultWorkflowConfig("rules_engine");
    const definition = rulesDefinition(config);
    const removed = planApply(
      "rules_engine",
      { ...config, keywords: ["harga", "promo"], auto_reply_templates: upgradeReplies({ harga: "a", promo: "b" }) },
      definition,
      MODELS,
    );
    expect(removed.ok).toBe(false);
    if (!removed.ok) {
      expect(removed.problems.map(en)).toEqual([expect.stringMatching(/branch "lokasi" .* would lose its condition/)]);
    }

    const added = planApply(
      "rules_engine",
      {
        ...config,
        keywords: [...config.keywords!, "ongkir"],
        auto_reply_templates: upgradeReplies({
          ...Object.fromEntries(replyMap(config.auto_reply_templates)),
          ongkir: "Gratis ongkir",
        }),
      },
      definition,
      MODELS,
    );
    expect(added.ok).toBe(false);
    if (!added.ok) {
      expect(added.problems.map(en)).toEqual([expect.stringMatching(/no send_text node "reply_ongkir"/)]);
    }
  });
});

describe("previewValue", () => {
  it("renders values briefly", () => {
    expect(previewValue(undefined)).toBe("(not set)");
    expect(previewValue(0.5)).toBe("0.5");
    expect(previewValue({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(previewValue("x".repeat(1000))).toHaveLength(400);
  });
});
