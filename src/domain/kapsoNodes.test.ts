import { upgradeReplies } from "./keywordRules";
import { describe, expect, it } from "vitest";
import {
  DECIDE_NODE_ID,
  SETTING_NODE_MAP,
  expectedEdges,
  expectedNodes,
  findLiveNode,
  mismatchedConfigKeys,
  patchedConfig,
  replyNodeId,
} from "./kapsoNodes";
import { defaultWorkflowConfig, type WorkflowConfig } from "./workflowSettings";

const rules: WorkflowConfig = {
  ai_model: "gemini-2.5-flash",
  system_prompt: "Pick the keyword.",
  temperature: 0,
  max_tokens: 256,
  keywords: ["Harga", "Promo Besar", "🔥"],
  auto_reply_templates: upgradeReplies({ Harga: "Price list", "Promo Besar": "10% off", default: "Ask us anything" }),
};

describe("kapsoNodes", () => {
  it("maps sarah and brain settings to the agent node's config keys", () => {
    const config = defaultWorkflowConfig("brain");
    const [agent, ...rest] = expectedNodes("brain", config);
    expect(rest).toEqual([]);
    expect(agent).toMatchObject({ id: "agent", node_type: "agent" });
    expect(agent.config).toEqual({
      system_prompt: config.system_prompt,
      provider_model_name: "grok-4.1-fast",
      temperature: 0.3,
      max_tokens: 2048,
    });
    expect(SETTING_NODE_MAP.sarah.map((m) => `${m.setting}→${m.nodeId}.${m.configPath}`)).toEqual([
      "system_prompt→agent.system_prompt",
      "ai_model→agent.provider_model_name",
      "temperature→agent.temperature",
      "max_tokens→agent.max_tokens",
    ]);
    expect(expectedEdges("sarah", config)).toEqual([]);
  });

  it("maps rules_engine keywords to decide conditions and templates to send_text nodes", () => {
    const nodes = expectedNodes("rules_engine", rules);
    expect(nodes.map((n) => n.id)).toEqual([DECIDE_NODE_ID, "reply_harga", "reply_promo_besar", "reply_default"]);
    const decide = nodes[0];
    expect(decide.config).toMatchObject({
      decision_type: "ai",
      provider_model_name: "gemini-2.5-flash",
      llm_temperature: 0,
      llm_max_tokens: 256,
      llm_configuration: { system_prompt: "Pick the keyword." },
    });
    expect((decide.config.conditions as { label: string }[]).map((c) => c.label)).toEqual([
      "Harga",
      "Promo Besar",
      "🔥",
      "default",
    ]);
    expect(nodes[2]).toMatchObject({
      node_type: "send_text",
      config: { message: "10% off" },
      templateKey: "Promo Besar",
    });
    expect(expectedEdges("rules_engine", rules)).toEqual([
      { source: DECIDE_NODE_ID, target: "reply_harga", label: "Harga" },
      { source: DECIDE_NODE_ID, target: "reply_promo_besar", label: "Promo Besar" },
      { source: DECIDE_NODE_ID, target: "reply_default", label: "default" },
    ]);
  });

  it("gives every keyword a valid Kapso node id", () => {
    for (const keyword of ["Harga", "Café crème", "🔥", "a-b", "   x  "]) {
      expect(replyNodeId(keyword)).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
    }
    expect(replyNodeId("Café crème")).toBe("reply_cafe_creme");
    expect(replyNodeId("🔥")).toBe("reply_u1f525");
  });

  it("finds live nodes by id, or by type when the only one", () => {
    const [agent] = expectedNodes("sarah", defaultWorkflowConfig("sarah"));
    expect(findLiveNode([{ id: "agent", data: { node_type: "agent" } }], agent)?.id).toBe("agent");
    expect(findLiveNode([{ id: "start" }, { id: "node_7", data: { node_type: "agent" } }], agent)?.id).toBe("node_7");
    const two = [
      { id: "a1", data: { node_type: "agent" } },
      { id: "a2", data: { node_type: "agent" } },
    ];
    expect(findLiveNode(two, agent)).toBeUndefined();
    const reply = expectedNodes("rules_engine", rules)[1];
    expect(findLiveNode([{ id: "node_9", data: { node_type: "send_text" } }], reply)).toBeUndefined();
  });

  it("compares only owned keys and patches them, keeping Kapso's own values", () => {
    const [decide] = expectedNodes("rules_engine", rules);
    const live = {
      ...patchedConfig(decide, {}),
      conditions: [
        { id: "c1", label: "Harga", description: `The customer's message is about "Harga".` },
        { id: "c2", label: "Promo Besar", description: `The customer's message is about "Promo Besar".` },
        { id: "c3", label: "🔥", description: `The customer's message is about "🔥".` },
        { id: "c4", label: "default", description: "The message matches none of the other keywords." },
      ],
      llm_configuration: { system_prompt: "Pick the keyword.", top_p: 1 },
      provider_model_id: "uuid-1",
    };
    expect(mismatchedConfigKeys(decide, live)).toEqual([]);
    expect(mismatchedConfigKeys(decide, { ...live, llm_temperature: 0.5, conditions: [] })).toEqual([
      "conditions",
      "llm_temperature",
    ]);
    const patched = patchedConfig(decide, { ...live, llm_temperature: 0.5, conditions: live.conditions.slice(0, 1) });
    expect(patched.llm_temperature).toBe(0);
    expect(patched.provider_model_id).toBe("uuid-1");
    expect(patched.llm_configuration).toEqual({ system_prompt: "Pick the keyword.", top_p: 1 });
    expect((patched.conditions as { id?: string }[]).map((c) => c.id)).toEqual(["c1", undefined, undefined, undefined]);
  });
});
