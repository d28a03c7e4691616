import { canonicalJson } from "./canonicalJson";
import {
  expectedEdges,
  expectedNodes,
  findLiveNode,
  mismatchedConfigKeys,
  patchedConfig,
  SETTING_NODE_MAP,
  type ExpectedNode,
} from "./kapsoNodes";
import { messageRef, type MessageRef } from "../i18n/messageRef";
import type { KapsoEdge, KapsoNode, ProviderModel } from "./kapsoPlatform";
import type { WorkflowConfig, WorkflowType } from "./workflowSettings";

/**
 * Compares a live Kapso workflow definition with my21staff's settings, and builds
 * the definition an "Apply to Kapso" sends. Which node and config key each
 * setting lives in comes from kapsoNodes (shared with the manual instructions).
 */

/** One owned config key of one node, as compared with Kapso. */
export type FieldCheck = {
  /** The my21staff setting (e.g. system_prompt), or the config key for keys no setting owns. */
  field: string;
  /** The live node's id, or the expected id when Kapso has no such node. */
  nodeId: string;
  configKey: string;
  matches: boolean;
  expected: string;
  actual: string;
};

export type DefinitionComparison = {
  matches: boolean;
  fields: FieldCheck[];
  /** Settings that differ, each once, in mapping order. */
  differingFields: string[];
  /** Expected nodes Kapso does not have. */
  missingNodes: string[];
};

// Markers in place of a value (stored with the check); the dashboard shows them in its reader's language.
export const MISSING_NODE = "(no such node in Kapso)";
export const NOT_SET = "(not set)";
const PREVIEW_MAX = 400;

/** A short, readable rendering of a config value for the UI. */
export function previewValue(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) {
    text = NOT_SET;
  } else if (typeof value === "string") {
    text = value;
  } else if (typeof value === "number" || typeof value === "boolean") {
    text = String(value);
  } else {
    text = canonicalJson(value, 0);
  }
  return text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX - 1)}…` : text;
}

/** Which setting a top-level config key carries, for a workflow type. */
function settingFor(type: WorkflowType, configKey: string): string {
  const mapping = SETTING_NODE_MAP[type].find((m) => m.configPath.split(/[.[]/)[0] === configKey);
  return mapping?.setting ?? configKey;
}

/** findLiveNode, typed as the Kapso node it returns (always an element of `nodes`). */
function liveNodeFor(nodes: readonly KapsoNode[], expected: ExpectedNode): KapsoNode | undefined {
  const found = findLiveNode(nodes, expected);
  return nodes.find((n) => n === found);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Kapso computes `provider_model_name` from `provider_model_id`, so the id is the
 * truth: resolve it to its name when the model list is known. Settings that
 * store a model id (not a name) match that id.
 */
function withResolvedModel(
  expected: ExpectedNode,
  live: Record<string, unknown>,
  models: readonly ProviderModel[] | null,
) {
  const wanted = expected.config.provider_model_name;
  if (typeof wanted !== "string") {
    return live;
  }
  const id = live.provider_model_id;
  if (typeof id !== "string" || !id) {
    return live;
  }
  if (id === wanted) {
    return { ...live, provider_model_name: wanted };
  }
  const model = models?.find((m) => m.id === id);
  return model ? { ...live, provider_model_name: model.name } : live;
}

/** The value at an owned key the way the comparison sees it (only our sub-keys of llm_configuration). */
function ownedValue(key: string, expectedValue: unknown, live: Record<string, unknown>): unknown {
  const have = live[key];
  if (key === "llm_configuration" && isRecord(expectedValue)) {
    const liveObject = isRecord(have) ? have : {};
    return Object.fromEntries(Object.keys(expectedValue).map((k) => [k, liveObject[k]]));
  }
  if (key === "conditions" && Array.isArray(have)) {
    return have.map((c: unknown) => (isRecord(c) ? { label: c.label, description: c.description } : c));
  }
  return have;
}

/** Per owned field: does Kapso's definition match these settings? */
export function compareDefinition(
  type: WorkflowType,
  config: WorkflowConfig,
  liveNodes: readonly KapsoNode[],
  models: readonly ProviderModel[] | null,
): DefinitionComparison {
  const fields: FieldCheck[] = [];
  const missingNodes: string[] = [];
  for (const expected of expectedNodes(type, config)) {
    const live = liveNodeFor(liveNodes, expected);
    if (!live) {
      missingNodes.push(expected.id);
    }
    const liveConfig = live ? withResolvedModel(expected, live.data.config, models) : {};
    const mismatched = new Set(live ? mismatchedConfigKeys(expected, liveConfig) : Object.keys(expected.config));
    for (const [configKey, value] of Object.entries(expected.config)) {
      fields.push({
        field: settingFor(type, configKey),
        nodeId: live?.id ?? expected.id,
        configKey,
        matches: !mismatched.has(configKey),
        expected: previewValue(value),
        actual: live ? previewValue(ownedValue(configKey, value, liveConfig)) : MISSING_NODE,
      });
    }
  }
  const differingFields = [...new Set(fields.filter((f) => !f.matches).map((f) => f.field))];
  return { matches: differingFields.length === 0, fields, differingFields, missingNodes };
}

export type ConfigChange = { configKey: string; field: string; before: string; after: string };
export type NodeChange = { nodeId: string; nodeType: string; displayName: string; changes: ConfigChange[] };

export type ApplyPlan =
  { ok: true; nodes: KapsoNode[]; edges: KapsoEdge[]; changes: NodeChange[] } | { ok: false; problems: MessageRef[] };

/**
 * The complete node and edge sets to PATCH: every node, edge, id and position as
 * Kapso has them, with only the owned config keys of the mapped nodes replaced.
 * Refuses (with the reasons) when the settings need nodes or branches Kapso does
 * not have, or would orphan an existing branch: those are graph changes made in
 * the Kapso canvas by following the manual steps.
 */
export function planApply(
  type: WorkflowType,
  config: WorkflowConfig,
  definition: { nodes: readonly KapsoNode[]; edges: readonly KapsoEdge[] },
  models: readonly ProviderModel[],
): ApplyPlan {
  const problems: MessageRef[] = [];
  const replaced = new Map<string, Record<string, unknown>>();
  const changes: NodeChange[] = [];
  const liveIdOf = new Map<string, string>();

  const model = models.find((m) => m.name === config.ai_model) ?? models.find((m) => m.id === config.ai_model);
  if (!model) {
    problems.push(messageRef("errors.workflows.kapso.noModel", { model: config.ai_model }));
  }

  for (const expected of expectedNodes(type, config)) {
    const live = liveNodeFor(definition.nodes, expected);
    if (!live) {
      problems.push(
        messageRef("errors.workflows.kapso.noNode", {
          nodeType: expected.node_type,
          nodeId: expected.id,
          node: expected.display_name,
        }),
      );
      continue;
    }
    liveIdOf.set(expected.id, live.id);
    const before = live.data.config;
    const after = patchedConfig(expected, before);
    if (model && "provider_model_name" in expected.config) {
      // Kapso reads the model from provider_model_id; the name is informational.
      after.provider_model_id = model.id;
      after.provider_model_name = model.name;
    }
    const changed = Object.keys(after)
      .filter((key) => canonicalJson(after[key] ?? null, 0) !== canonicalJson(before[key] ?? null, 0))
      .sort();
    if (changed.length === 0) {
      continue;
    }
    replaced.set(live.id, after);
    changes.push({
      nodeId: live.id,
      nodeType: live.data.node_type,
      displayName: live.data.display_name ?? expected.display_name,
      changes: changed.map((key) => ({
        configKey: key,
        field: settingFor(type, key),
        before: previewValue(before[key]),
        after: previewValue(after[key]),
      })),
    });
  }

  // Decide branches are edges labelled with a condition: each expected branch must
  // exist, and no existing branch of the decide node may lose its condition.
  for (const edge of expectedEdges(type, config)) {
    const source = liveIdOf.get(edge.source);
    const target = liveIdOf.get(edge.target);
    if (!source || !target) {
      continue;
    } // already reported as a missing node
    if (!definition.edges.some((e) => e.source === source && e.target === target && e.label === edge.label)) {
      problems.push(messageRef("errors.workflows.kapso.noBranch", { label: edge.label, source, target }));
    }
  }
  const decide = expectedNodes(type, config).find((n) => n.node_type === "decide");
  const decideId = decide && liveIdOf.get(decide.id);
  if (decide && decideId && Array.isArray(decide.config.conditions)) {
    const labels = new Set((decide.config.conditions as { label: string }[]).map((c) => c.label));
    for (const edge of definition.edges) {
      if (edge.source === decideId && edge.label && edge.label !== "next" && !labels.has(edge.label)) {
        problems.push(messageRef("errors.workflows.kapso.orphanBranch", { label: edge.label, source: decideId }));
      }
    }
  }

  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const nodes = definition.nodes.map((node) => {
    const configAfter = replaced.get(node.id);
    return configAfter ? { ...node, data: { ...node.data, config: configAfter } } : node;
  });
  return { ok: true, nodes, edges: [...definition.edges], changes };
}
