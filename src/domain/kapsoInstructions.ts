import { canonicalJson } from "./canonicalJson";
import {
  DECIDE_NODE_ID,
  SETTING_NODE_MAP,
  conditionFor,
  expectedEdges,
  expectedNodes,
  replyNodeId,
  templateKeys,
  type ExpectedNode,
} from "./kapsoNodes";
import { replyMap } from "./keywordRules";
import { messageRef, type MessageRef } from "../i18n/messageRef";
import {
  DEFAULT_TEMPLATE_KEY,
  diffConfigs,
  type ConfigChange,
  type WorkflowConfig,
  type WorkflowType,
} from "./workflowSettings";

/**
 * Turns workflow settings into what a person does in the Kapso Dashboard:
 * numbered steps with exact values, changes since the last sync first, and the
 * matching workflow JSON fragment in Kapso's definition format.
 */

export type CurrentSettings = {
  workflowType: WorkflowType;
  config: WorkflowConfig;
  kapsoWorkflowId: string;
  kapsoWorkflowName: string;
  version: number;
};

/** A string label is a Kapso Dashboard field name, shown exactly as Kapso shows it; a MessageRef is our own word. */
export type StepValue = { label: string | MessageRef; value: string };

export type InstructionStep = {
  number: number;
  /** The prose is translated; the Kapso labels, node names and ids it names are values, kept verbatim. */
  text: MessageRef;
  nodeId?: string;
  /** The Kapso Dashboard field the value goes into. */
  field?: string;
  values: StepValue[];
  /** changed: differs from what Kapso was last confirmed to have (or never synced); removed: delete it in Kapso. */
  change: "changed" | "unchanged" | "removed" | "context";
};

export type KapsoInstructions = {
  /** Field-by-field changes since the last sync (every field when never synced). */
  changes: ConfigChange[];
  neverSynced: boolean;
  steps: InstructionStep[];
  /** Canonical JSON: equal settings give identical bytes. */
  json: string;
  fileName: string;
};

type DraftStep = Omit<InstructionStep, "number">;

/** Words the steps quote from the Kapso Dashboard, exactly as Kapso shows them (never translated). */
const KAPSO = {
  dashboard: "Kapso Dashboard",
  workflows: "Workflows",
  decisionType: "Decision type: AI",
  sendText: "Send text",
  message: "Message",
  trigger: "WhatsApp trigger",
} as const;

function display(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The values every step that names a node carries: its display name and id as Kapso shows them. */
function nodeValues(node: ExpectedNode) {
  return { node: node.display_name, nodeId: node.id };
}

/** One step per mapped scalar setting of a node (agent, or the decide node's LLM fields). */
function fieldSteps(type: WorkflowType, node: ExpectedNode, previous: ExpectedNode | undefined): DraftStep[] {
  return SETTING_NODE_MAP[type]
    .filter((m) => m.nodeId === node.id && !m.configPath.includes("[]"))
    .map((m) => {
      const [key, subKey] = m.configPath.split(".");
      const read = (n: ExpectedNode | undefined) => {
        const value = n?.config[key];
        return subKey ? (value as Record<string, unknown> | undefined)?.[subKey] : value;
      };
      const value = read(node);
      return {
        text: messageRef("instructions.steps.setField", {
          ...nodeValues(node),
          field: m.dashboardField,
          configPath: m.configPath,
        }),
        nodeId: node.id,
        field: m.dashboardField,
        values: [{ label: m.dashboardField, value: display(value) }],
        change: previous && read(previous) === value ? "unchanged" : "changed",
      };
    });
}

function rulesEngineSteps(
  config: WorkflowConfig,
  lastSynced: WorkflowConfig | null,
  nodes: ExpectedNode[],
): DraftStep[] {
  const [decide, ...replies] = nodes;
  const previousNodes = lastSynced ? expectedNodes("rules_engine", lastSynced) : null;
  const steps = fieldSteps("rules_engine", decide, previousNodes?.[0]);
  const previousLabels = new Set(
    lastSynced ? (previousNodes![0].config.conditions as { label: string }[]).map((c) => c.label) : [],
  );
  const conditions = decide.config.conditions as { label: string; description: string }[];
  for (const condition of conditions) {
    steps.push({
      text: messageRef("instructions.steps.condition", { ...nodeValues(decide), decisionType: KAPSO.decisionType }),
      nodeId: DECIDE_NODE_ID,
      field: "Conditions",
      values: [
        { label: "Label", value: condition.label },
        { label: "Description", value: condition.description },
      ],
      change: previousLabels.has(condition.label) ? "unchanged" : "changed",
    });
  }
  const currentLabels = new Set(conditions.map((c) => c.label));
  for (const label of previousLabels) {
    if (currentLabels.has(label)) {
      continue;
    }
    steps.push({
      text: messageRef("instructions.steps.deleteCondition", {
        ...nodeValues(decide),
        label,
        replyNode: replyNodeId(label),
      }),
      nodeId: DECIDE_NODE_ID,
      field: "Conditions",
      values: [{ label: messageRef("instructions.labels.conditionToDelete"), value: label }],
      change: "removed",
    });
  }
  const previousTemplates = replyMap(lastSynced?.auto_reply_templates);
  for (const reply of replies) {
    const key = reply.templateKey!;
    const message = reply.config.message as string;
    const branch = key === DEFAULT_TEMPLATE_KEY ? conditionFor(DEFAULT_TEMPLATE_KEY).label : key;
    steps.push({
      text: messageRef("instructions.steps.sendText", {
        ...nodeValues(reply),
        nodeType: KAPSO.sendText,
        branch,
        decideNode: DECIDE_NODE_ID,
        field: KAPSO.message,
      }),
      nodeId: reply.id,
      field: KAPSO.message,
      values: [{ label: KAPSO.message, value: message }],
      change: lastSynced && previousTemplates.get(key) === message ? "unchanged" : "changed",
    });
  }
  if (lastSynced) {
    const keptKeys = new Set(templateKeys(config));
    for (const key of templateKeys(lastSynced)) {
      // A removed keyword's reply node is already covered by its condition's delete step.
      if (keptKeys.has(key) || !currentLabels.has(key)) {
        continue;
      }
      steps.push({
        text: messageRef("instructions.steps.deleteReply", {
          nodeType: KAPSO.sendText,
          replyNode: replyNodeId(key),
          key,
        }),
        nodeId: replyNodeId(key),
        values: [{ label: messageRef("instructions.labels.nodeToDelete"), value: replyNodeId(key) }],
        change: "removed",
      });
    }
  }
  return steps;
}

/** The Kapso definition fragment for these settings (nodes and decide branches only, not a whole graph). */
export function workflowJson(current: Omit<CurrentSettings, "version">): string {
  const nodes = expectedNodes(current.workflowType, current.config);
  return canonicalJson({
    workflow: { id: current.kapsoWorkflowId || null, name: current.kapsoWorkflowName },
    workflow_type: current.workflowType,
    definition: {
      nodes: nodes.map((node, index) => ({
        id: node.id,
        type: "flow-node",
        // Replies fan out below the decide node; positions only matter for a readable canvas.
        position: index === 0 ? { x: 400, y: 200 } : { x: 100 + (index - 1) * 320, y: 440 },
        data: { node_type: node.node_type, display_name: node.display_name, config: node.config },
      })),
      edges: expectedEdges(current.workflowType, current.config).map((edge) => ({ ...edge, type: "default" })),
    },
  });
}

export function kapsoInstructions(current: CurrentSettings, lastSynced: WorkflowConfig | null): KapsoInstructions {
  const type = current.workflowType;
  const nodes = expectedNodes(type, current.config);
  const body =
    type === "rules_engine"
      ? rulesEngineSteps(current.config, lastSynced, nodes)
      : fieldSteps(type, nodes[0], lastSynced ? expectedNodes(type, lastSynced)[0] : undefined);
  const rank = { changed: 0, removed: 1, unchanged: 2, context: 3 } as const;
  // Stable sort: within a group the steps keep their node order.
  const ordered = body
    .map((step, i) => ({ step, i }))
    .sort((a, b) => rank[a.step.change] - rank[b.step.change] || a.i - b.i);

  const dashboard = { dashboard: KAPSO.dashboard, workflows: KAPSO.workflows, name: current.kapsoWorkflowName };
  const open: DraftStep = {
    text: current.kapsoWorkflowId
      ? messageRef("instructions.steps.openWorkflow", { ...dashboard, id: current.kapsoWorkflowId })
      : messageRef("instructions.steps.createWorkflow", dashboard),
    values: [
      { label: messageRef("instructions.labels.workflowName"), value: current.kapsoWorkflowName },
      ...(current.kapsoWorkflowId
        ? [{ label: messageRef("instructions.labels.workflowId"), value: current.kapsoWorkflowId }]
        : []),
    ],
    change: "context",
  };
  const finish: DraftStep = {
    text:
      current.version > 0
        ? messageRef("instructions.steps.finish", { trigger: KAPSO.trigger, version: current.version })
        : messageRef("instructions.steps.finishDefaults", { trigger: KAPSO.trigger }),
    values: [],
    change: "context",
  };
  const steps = [open, ...ordered.map((o) => o.step), finish].map((step, i) => ({ number: i + 1, ...step }));
  return {
    changes: diffConfigs(lastSynced, current.config),
    neverSynced: lastSynced === null,
    steps,
    json: workflowJson(current),
    fileName: `kapso-${type.replace("_", "-")}-v${current.version}.json`,
  };
}
