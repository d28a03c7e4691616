import { canonicalJson } from "./canonicalJson";
import { DEFAULT_TEMPLATE_KEY, keywordSlug, type WorkflowConfig, type WorkflowType } from "./workflowSettings";
import { replyMap } from "./keywordRules";

/**
 * Where each my21staff workflow setting lives in a Kapso workflow definition
 * (nodes `{ id, data: { node_type, config } }`, snake_case config keys).
 * Shared by the manual instructions and by the Platform API check/apply, so both
 * always agree on which node and which key a setting maps to.
 */

export const AGENT_NODE_ID = "agent";
export const DECIDE_NODE_ID = "decide_keywords";

/** Stable id of the send_text node that answers a keyword ("default" → reply_default). */
export function replyNodeId(templateKey: string): string {
  return `reply_${templateKey === DEFAULT_TEMPLATE_KEY ? DEFAULT_TEMPLATE_KEY : keywordSlug(templateKey)}`;
}

export type KapsoNodeType = "agent" | "decide" | "send_text";

export type SettingField = keyof WorkflowConfig;

export type SettingMapping = {
  setting: SettingField;
  /** Node id; for reply templates the pattern `reply_<keyword-slug>` (see replyNodeId). */
  nodeId: string;
  nodeType: KapsoNodeType;
  /** Path inside `data.config`; `[]` marks "each element of the list". */
  configPath: string;
  /** The field's name in the Kapso Dashboard node form. */
  dashboardField: string;
};

const agentMappings: SettingMapping[] = [
  {
    setting: "system_prompt",
    nodeId: AGENT_NODE_ID,
    nodeType: "agent",
    configPath: "system_prompt",
    dashboardField: "System prompt",
  },
  {
    setting: "ai_model",
    nodeId: AGENT_NODE_ID,
    nodeType: "agent",
    configPath: "provider_model_name",
    dashboardField: "Model",
  },
  {
    setting: "temperature",
    nodeId: AGENT_NODE_ID,
    nodeType: "agent",
    configPath: "temperature",
    dashboardField: "Temperature",
  },
  {
    setting: "max_tokens",
    nodeId: AGENT_NODE_ID,
    nodeType: "agent",
    configPath: "max_tokens",
    dashboardField: "Max tokens",
  },
];

/** Setting → node/config key, per workflow type. */
export const SETTING_NODE_MAP: Record<WorkflowType, readonly SettingMapping[]> = {
  sarah: agentMappings,
  brain: agentMappings,
  rules_engine: [
    {
      setting: "ai_model",
      nodeId: DECIDE_NODE_ID,
      nodeType: "decide",
      configPath: "provider_model_name",
      dashboardField: "Model",
    },
    // The decide node's prompt has no documented top-level key; Kapso keeps LLM options in llm_configuration.
    {
      setting: "system_prompt",
      nodeId: DECIDE_NODE_ID,
      nodeType: "decide",
      configPath: "llm_configuration.system_prompt",
      dashboardField: "Prompt",
    },
    {
      setting: "temperature",
      nodeId: DECIDE_NODE_ID,
      nodeType: "decide",
      configPath: "llm_temperature",
      dashboardField: "Temperature",
    },
    {
      setting: "max_tokens",
      nodeId: DECIDE_NODE_ID,
      nodeType: "decide",
      configPath: "llm_max_tokens",
      dashboardField: "Max tokens",
    },
    {
      setting: "keywords",
      nodeId: DECIDE_NODE_ID,
      nodeType: "decide",
      configPath: "conditions[].label",
      dashboardField: "Conditions",
    },
    {
      setting: "auto_reply_templates",
      nodeId: "reply_<keyword-slug>",
      nodeType: "send_text",
      configPath: "message",
      dashboardField: "Message",
    },
  ],
};

export type ExpectedCondition = { label: string; description: string };

/** A node as these settings require it: only the config keys my21staff owns. */
export type ExpectedNode = {
  id: string;
  node_type: KapsoNodeType;
  display_name: string;
  config: Record<string, unknown>;
  /** For reply nodes: the keyword (or "default") the node answers. */
  templateKey?: string;
};

/** A decide branch: Kapso labels the edge with the condition's label. */
export type ExpectedEdge = { source: string; target: string; label: string };

export function conditionFor(keyword: string): ExpectedCondition {
  return keyword === DEFAULT_TEMPLATE_KEY
    ? { label: DEFAULT_TEMPLATE_KEY, description: "The message matches none of the other keywords." }
    : { label: keyword, description: `The customer's message is about "${keyword}".` };
}

const DISPLAY_NAMES: Record<WorkflowType, string> = {
  sarah: "Sarah (agent)",
  brain: "Brain (agent)",
  rules_engine: "Keyword decision",
};

/** Template keys in the order their nodes appear: keywords first, then "default". */
export function templateKeys(config: WorkflowConfig): string[] {
  const templates = replyMap(config.auto_reply_templates);
  const keys = (config.keywords ?? []).filter((k) => templates.has(k));
  if (templates.has(DEFAULT_TEMPLATE_KEY)) {
    keys.push(DEFAULT_TEMPLATE_KEY);
  }
  return keys;
}

/** The nodes (and their owned config keys) these settings require in Kapso. */
export function expectedNodes(type: WorkflowType, config: WorkflowConfig): ExpectedNode[] {
  if (type !== "rules_engine") {
    return [
      {
        id: AGENT_NODE_ID,
        node_type: "agent",
        display_name: DISPLAY_NAMES[type],
        config: {
          system_prompt: config.system_prompt,
          provider_model_name: config.ai_model,
          temperature: config.temperature,
          max_tokens: config.max_tokens,
        },
      },
    ];
  }
  const templates = replyMap(config.auto_reply_templates);
  const keys = templateKeys(config);
  const conditions = (config.keywords ?? []).map(conditionFor);
  if (templates.has(DEFAULT_TEMPLATE_KEY)) {
    conditions.push(conditionFor(DEFAULT_TEMPLATE_KEY));
  }
  return [
    {
      id: DECIDE_NODE_ID,
      node_type: "decide",
      display_name: DISPLAY_NAMES.rules_engine,
      config: {
        decision_type: "ai",
        provider_model_name: config.ai_model,
        llm_temperature: config.temperature,
        llm_max_tokens: config.max_tokens,
        llm_configuration: { system_prompt: config.system_prompt },
        conditions,
      },
    },
    ...keys.map((key) => ({
      id: replyNodeId(key),
      node_type: "send_text" as const,
      display_name: key === DEFAULT_TEMPLATE_KEY ? "Reply: no keyword matched" : `Reply: ${key}`,
      config: { message: templates.get(key) },
      templateKey: key,
    })),
  ];
}

/** The decide branches to reply nodes (rules_engine only). */
export function expectedEdges(type: WorkflowType, config: WorkflowConfig): ExpectedEdge[] {
  if (type !== "rules_engine") {
    return [];
  }
  return templateKeys(config).map((key) => ({ source: DECIDE_NODE_ID, target: replyNodeId(key), label: key }));
}

/** The minimal node shape of a live Kapso definition. */
export type LiveNode = { id: string; data?: { node_type?: string; config?: Record<string, unknown> } };

/**
 * The live node an expected node corresponds to: the same id, or else, for the
 * agent and decide nodes, the only node of that type (workflows built by hand in
 * the Dashboard have generated ids).
 */
export function findLiveNode(liveNodes: readonly LiveNode[], expected: ExpectedNode): LiveNode | undefined {
  const byId = liveNodes.find((n) => n.id === expected.id);
  if (byId) {
    return byId;
  }
  if (expected.node_type === "send_text") {
    return undefined;
  }
  const sameType = liveNodes.filter((n) => n.data?.node_type === expected.node_type);
  return sameType.length === 1 ? sameType[0] : undefined;
}

function comparable(key: string, value: unknown): string {
  // Kapso adds ids to conditions; only label and description are ours.
  if (key === "conditions" && Array.isArray(value)) {
    return canonicalJson(
      value.map((c: { label?: unknown; description?: unknown }) => ({ label: c?.label, description: c?.description })),
      0,
    );
  }
  return canonicalJson(value ?? null, 0);
}

/** The owned config keys whose live value differs from the expected one. */
export function mismatchedConfigKeys(
  expected: ExpectedNode,
  liveConfig: Record<string, unknown> | undefined,
): string[] {
  return Object.keys(expected.config)
    .filter((key) => {
      const want = expected.config[key];
      let have = liveConfig?.[key];
      // llm_configuration holds other LLM options too; compare only the sub-keys we own.
      if (key === "llm_configuration" && want && typeof want === "object") {
        const live = have && typeof have === "object" ? (have as Record<string, unknown>) : {};
        have = Object.fromEntries(Object.keys(want).map((k) => [k, live[k]]));
      }
      return comparable(key, want) !== comparable(key, have);
    })
    .sort();
}

/**
 * The live config with the owned keys replaced by the expected values; other keys
 * are kept, and existing condition ids are kept for labels that stay.
 */
export function patchedConfig(
  expected: ExpectedNode,
  liveConfig: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...(liveConfig ?? {}) };
  for (const [key, value] of Object.entries(expected.config)) {
    if (key === "conditions" && Array.isArray(value)) {
      const liveConditions = Array.isArray(liveConfig?.conditions)
        ? (liveConfig.conditions as { id?: string; label?: string }[])
        : [];
      result.conditions = (value as ExpectedCondition[]).map((c) => {
        const id = liveConditions.find((l) => l?.label === c.label)?.id;
        return id ? { id, ...c } : { ...c };
      });
    } else if (key === "llm_configuration" && value && typeof value === "object") {
      const liveLlm = liveConfig?.llm_configuration;
      result.llm_configuration = { ...(liveLlm && typeof liveLlm === "object" ? liveLlm : {}), ...value };
    } else {
      result[key] = value;
    }
  }
  return result;
}
