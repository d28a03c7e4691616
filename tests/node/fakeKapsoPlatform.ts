import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WorkflowConfig } from "../../src/domain/workflowSettings";

/**
 * A fake of the parts of Kapso's Platform API v1 that the workflow sync uses,
 * with the documented semantics:
 *
 * - Auth: every request needs `X-API-Key` equal to the fake's key, else 401.
 * - `GET  /platform/v1/workflows/{id}/definition` → `{ data: { ...metadata, definition: { nodes, edges } } }`, 404 if unknown.
 * - `PATCH /platform/v1/workflows/{id}` with `{ workflow: { definition?: { nodes?, edges? }, lock_version? } }`
 *   (`flow` is accepted as an alias of `workflow`): `nodes` and `edges` are each a COMPLETE
 *   replacement set when present (anything omitted is deleted) and untouched when absent.
 *   A `lock_version` different from the current one answers 409. Each successful PATCH
 *   increments `lock_version`. Invalid graphs (bad or duplicate node ids, not exactly one
 *   start node, edges to unknown nodes, unknown keys on nodes) answer 422. Edge ids are
 *   assigned when missing; `type` is computed as on Kapso.
 * - `GET  /platform/v1/provider_models` → `{ data: [{ id, name, provider }] }`.
 * - Phone-number webhooks, for numbers added with `addPhoneNumber` (404 otherwise):
 *   `GET /platform/v1/whatsapp/phone_numbers/{id}/webhooks` → `{ data: [webhook…] }` newest first;
 *   `POST` the same path with `{ whatsapp_webhook: {...} }` → 201 `{ data: webhook }`;
 *   `PATCH …/webhooks/{webhook_id}` merges the given fields → `{ data: webhook }`.
 *   Validation answers 422 (url not http(s), no or unknown events, kind other than kapso/meta,
 *   payload_version other than v1/v2, buffer_window_seconds outside 1–60, max_buffer_size
 *   outside 1–100, unknown keys); a second webhook with the same URL on a number answers 409.
 * - Injected faults (`failNext`) answer before any of the above, e.g. 429 with `Retry-After`.
 *
 * `handle(Request)` holds all the behaviour with Web APIs only; `listen` serves it on
 * a real loopback port (reachable from the Node and the edge-runtime test projects).
 */

export type FakeNode = {
  id: string;
  type: string;
  position: { x: number; y: number };
  data: { node_type: string; config: Record<string, unknown>; display_name: string };
};
export type FakeEdge = {
  id: string;
  source: string;
  target: string;
  label: string;
  type: string;
  flow_condition_id: string | null;
};
export type FakeWorkflow = {
  id: string;
  name: string;
  status: "draft" | "active" | "archived";
  lock_version: number;
  updated_at: string;
  nodes: FakeNode[];
  edges: FakeEdge[];
};
export type FakeWebhook = {
  id: string;
  url: string;
  kind: string;
  events: string[];
  active: boolean;
  secret_key: string;
  payload_version: string;
  buffer_enabled: boolean;
  buffer_window_seconds: number | null;
  max_buffer_size: number | null;
  buffer_events: string[];
  headers: Record<string, string>;
  inactivity_minutes: number;
  phone_number_id: string;
  created_at: string;
  updated_at: string;
};
/** Events a phone-number webhook can subscribe to (Kapso's message events page). */
export const FAKE_WEBHOOK_EVENTS = new Set([
  "whatsapp.message.received",
  "whatsapp.message.sent",
  "whatsapp.message.delivered",
  "whatsapp.message.read",
  "whatsapp.message.failed",
  "whatsapp.conversation.created",
  "whatsapp.conversation.ended",
  "whatsapp.conversation.inactive",
  "whatsapp.contact.identity_changed",
]);
const WEBHOOK_KEYS = new Set([
  "url",
  "kind",
  "events",
  "active",
  "secret_key",
  "payload_version",
  "buffer_enabled",
  "buffer_window_seconds",
  "max_buffer_size",
  "buffer_events",
  "headers",
  "inactivity_minutes",
]);
export type FakeProviderModel = { id: string; name: string; provider: string };
export type RecordedRequest = { method: string; path: string; apiKey: string | null; body: unknown };
type Fault = {
  status: number;
  retryAfter?: string;
  body?: unknown;
  method?: string;
  pathIncludes?: string;
  /** Carry the request out first, then answer with the fault (a write whose answer was lost). */
  afterApplying?: boolean;
};

const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const NODE_KEYS = new Set(["id", "type", "position", "data"]);
const NODE_DATA_KEYS = new Set(["node_type", "config", "display_name"]);
const EDGE_KEYS = new Set(["id", "source", "target", "label", "type", "flow_condition_id"]);

export const FAKE_API_KEY = "kapso-test-key";

export const DEFAULT_PROVIDER_MODELS: FakeProviderModel[] = [
  { id: "0b9a3f44-7d1c-4c55-9a0e-1f6f6a2c1a01", name: "gemini-2.5-flash", provider: "google" },
  { id: "0b9a3f44-7d1c-4c55-9a0e-1f6f6a2c1a02", name: "gpt-4.1-mini", provider: "openai" },
  { id: "0b9a3f44-7d1c-4c55-9a0e-1f6f6a2c1a03", name: "grok-4.1-fast", provider: "xai" },
];

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const fail = (status: number, error: string) => json(status, { error });

function displayName(nodeType: string) {
  return nodeType
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

export class FakeKapsoPlatform {
  readonly workflows = new Map<string, FakeWorkflow>();
  providerModels: FakeProviderModel[] = structuredClone(DEFAULT_PROVIDER_MODELS);
  readonly requests: RecordedRequest[] = [];
  /** Webhooks per phone number id; a number is known once added. */
  readonly webhooks = new Map<string, FakeWebhook[]>();
  private webhookSeq = 0;
  private faults: Fault[] = [];
  private edgeSeq = 0;
  private server: Server | null = null;

  constructor(readonly apiKey = FAKE_API_KEY) {}

  /** Adds (or replaces) a workflow; returns its stored copy. */
  addWorkflow(workflow: {
    id: string;
    name?: string;
    nodes: FakeNode[];
    edges: Array<Omit<FakeEdge, "id"> & { id?: string }>;
    lock_version?: number;
  }) {
    const stored: FakeWorkflow = {
      id: workflow.id,
      name: workflow.name ?? workflow.id,
      status: "active",
      lock_version: workflow.lock_version ?? 1,
      updated_at: new Date().toISOString(),
      nodes: structuredClone(workflow.nodes),
      edges: workflow.edges.map((e) => ({ ...e, id: e.id ?? this.nextEdgeId() })),
    };
    this.workflows.set(stored.id, stored);
    return stored;
  }

  /** A WhatsApp number in the key's project, with the webhooks it has (set up by hand in Kapso's dashboard). */
  addPhoneNumber(phoneNumberId: string, webhooks: Array<Partial<FakeWebhook> & { url: string }> = []) {
    this.webhooks.set(phoneNumberId, []);
    for (const w of webhooks) {
      this.webhooks.get(phoneNumberId)?.unshift(this.newWebhook(phoneNumberId, w));
    }
  }

  webhooksOf(phoneNumberId: string): FakeWebhook[] {
    const list = this.webhooks.get(phoneNumberId);
    if (!list) {
      throw new Error(`fake: no phone number ${phoneNumberId}`);
    }
    return list;
  }

  private newWebhook(phoneNumberId: string, fields: Partial<FakeWebhook> & { url: string }): FakeWebhook {
    this.webhookSeq += 1;
    const now = new Date().toISOString();
    return {
      id: `9e8d7c6b-5a4f-4e2d-8c0b-${String(this.webhookSeq).padStart(12, "0")}`,
      kind: "kapso",
      events: ["whatsapp.message.received"],
      active: true,
      secret_key: `kapso-generated-${this.webhookSeq}`,
      payload_version: "v2",
      buffer_enabled: false,
      buffer_window_seconds: null,
      max_buffer_size: null,
      buffer_events: [],
      headers: {},
      inactivity_minutes: 60,
      phone_number_id: phoneNumberId,
      created_at: now,
      updated_at: now,
      ...fields,
    };
  }

  /** Someone edits the workflow in the Kapso dashboard: changes a node's config and bumps lock_version. */
  editInKapso(workflowId: string, nodeId: string, config: Record<string, unknown>) {
    const workflow = this.workflow(workflowId);
    const node = workflow.nodes.find((n) => n.id === nodeId);
    if (!node) {
      throw new Error(`fake: no node ${nodeId} in ${workflowId}`);
    }
    node.data.config = { ...node.data.config, ...config };
    workflow.lock_version += 1;
    workflow.updated_at = new Date().toISOString();
  }

  workflow(id: string): FakeWorkflow {
    const workflow = this.workflows.get(id);
    if (!workflow) {
      throw new Error(`fake: no workflow ${id}`);
    }
    return workflow;
  }

  /** The next matching request answers `status` (e.g. 429 with a Retry-After) instead of its normal answer. */
  failNext(fault: Fault, times = 1) {
    for (let i = 0; i < times; i++) {
      this.faults.push(fault);
    }
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const text = request.method === "GET" ? "" : await request.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return fail(400, "Body is not valid JSON");
      }
    }
    const apiKey = request.headers.get("x-api-key");
    this.requests.push({ method: request.method, path: url.pathname, apiKey, body });

    const faultIndex = this.faults.findIndex(
      (f) => (!f.method || f.method === request.method) && (!f.pathIncludes || url.pathname.includes(f.pathIncludes)),
    );
    if (faultIndex >= 0) {
      const [fault] = this.faults.splice(faultIndex, 1);
      if (fault.afterApplying) {
        await this.route(request.method, url.pathname, apiKey, body);
      }
      return json(
        fault.status,
        fault.body ?? { error: `Injected HTTP ${fault.status}` },
        fault.retryAfter ? { "retry-after": fault.retryAfter } : {},
      );
    }
    return this.route(request.method, url.pathname, apiKey, body);
  }

  private async route(method: string, pathname: string, apiKey: string | null, body: unknown): Promise<Response> {
    if (apiKey !== this.apiKey) {
      return fail(401, "Invalid API key");
    }
    const path = pathname.replace(/\/+$/, "");
    if (method === "GET" && path === "/platform/v1/provider_models") {
      return json(200, { data: this.providerModels });
    }
    const webhooksMatch = /^\/platform\/v1\/whatsapp\/phone_numbers\/([^/]+)\/webhooks(?:\/([^/]+))?$/.exec(path);
    if (webhooksMatch) {
      return this.routeWebhooks(
        method,
        decodeURIComponent(webhooksMatch[1]),
        webhooksMatch[2] && decodeURIComponent(webhooksMatch[2]),
        body,
      );
    }
    const definitionMatch = /^\/platform\/v1\/workflows\/([^/]+)\/definition$/.exec(path);
    if (method === "GET" && definitionMatch) {
      const workflow = this.workflows.get(decodeURIComponent(definitionMatch[1]));
      if (!workflow) {
        return fail(404, "Workflow not found");
      }
      return json(200, {
        data: { ...this.metadata(workflow), definition: { nodes: workflow.nodes, edges: workflow.edges } },
      });
    }
    const workflowMatch = /^\/platform\/v1\/workflows\/([^/]+)$/.exec(path);
    if (workflowMatch && (method === "GET" || method === "PATCH")) {
      const workflow = this.workflows.get(decodeURIComponent(workflowMatch[1]));
      if (!workflow) {
        return fail(404, "Workflow not found");
      }
      if (method === "GET") {
        return json(200, { data: this.metadata(workflow) });
      }
      return this.patch(workflow, body);
    }
    return fail(404, `No route ${method} ${path}`);
  }

  private routeWebhooks(method: string, phoneNumberId: string, webhookId: string | undefined, body: unknown) {
    const list = this.webhooks.get(phoneNumberId);
    if (!list) {
      return fail(404, "Phone number not found");
    }
    if (!webhookId && method === "GET") {
      return json(200, { data: list, meta: { page: 1, per_page: 100, total_pages: 1, total_count: list.length } });
    }
    const input = body && typeof body === "object" ? (body as Record<string, unknown>).whatsapp_webhook : undefined;
    if (!input || typeof input !== "object") {
      return fail(400, "whatsapp_webhook is required");
    }
    const fields = input as Record<string, unknown>;
    if (!webhookId && method === "POST") {
      const problem = webhookProblem(fields, true);
      if (problem) {
        return fail(422, problem);
      }
      if (list.some((w) => w.url === fields.url)) {
        return fail(409, "A webhook with this URL already exists for this phone number");
      }
      const created = this.newWebhook(phoneNumberId, fields as Partial<FakeWebhook> & { url: string });
      list.unshift(created);
      return json(201, { data: created });
    }
    const webhook = list.find((w) => w.id === webhookId);
    if (!webhook || method !== "PATCH") {
      return fail(404, webhook ? `No route ${method}` : "Webhook not found");
    }
    const problem = webhookProblem(fields, false);
    if (problem) {
      return fail(422, problem);
    }
    if (typeof fields.url === "string" && list.some((w) => w !== webhook && w.url === fields.url)) {
      return fail(409, "A webhook with this URL already exists for this phone number");
    }
    Object.assign(webhook, fields, { updated_at: new Date().toISOString() });
    return json(200, { data: webhook });
  }

  private patch(workflow: FakeWorkflow, body: unknown): Response {
    const root = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
    const update = (root.workflow ?? root.flow) as Record<string, unknown> | undefined;
    if (!update || typeof update !== "object") {
      return fail(400, "workflow is required");
    }
    if (update.lock_version !== undefined && update.lock_version !== workflow.lock_version) {
      return fail(409, `lock_version ${String(update.lock_version)} is stale (current ${workflow.lock_version})`);
    }
    const definition = (update.definition ?? {}) as { nodes?: unknown; edges?: unknown };
    const nodes = definition.nodes === undefined ? workflow.nodes : this.readNodes(definition.nodes);
    if (typeof nodes === "string") {
      return fail(422, nodes);
    }
    const edges = definition.edges === undefined ? workflow.edges : this.readEdges(definition.edges);
    if (typeof edges === "string") {
      return fail(422, edges);
    }
    const ids = new Set(nodes.map((n) => n.id));
    const dangling = edges.find((e) => !ids.has(e.source) || !ids.has(e.target));
    if (dangling) {
      return fail(422, `edge ${dangling.source} -> ${dangling.target} references a missing node`);
    }
    workflow.nodes = nodes;
    workflow.edges = edges;
    workflow.lock_version += 1;
    workflow.updated_at = new Date().toISOString();
    return json(200, { data: this.metadata(workflow) });
  }

  private readNodes(value: unknown): FakeNode[] | string {
    if (!Array.isArray(value)) {
      return "definition.nodes must be an array";
    }
    const seen = new Set<string>();
    const nodes: FakeNode[] = [];
    for (const raw of value as Array<Record<string, unknown>>) {
      const extra = Object.keys(raw).find((k) => !NODE_KEYS.has(k));
      if (extra) {
        return `node: unknown key ${extra}`;
      }
      const data = (raw.data ?? {}) as Record<string, unknown>;
      const extraData = Object.keys(data).find((k) => !NODE_DATA_KEYS.has(k));
      if (extraData) {
        return `node.data: unknown key ${extraData}`;
      }
      const id = raw.id;
      if (typeof id !== "string" || !NODE_ID.test(id)) {
        return `node id ${String(id)} is invalid`;
      }
      if (seen.has(id)) {
        return `node id ${id} is duplicated`;
      }
      seen.add(id);
      const position = raw.position as { x?: unknown; y?: unknown } | undefined;
      if (typeof position?.x !== "number" || typeof position.y !== "number") {
        return `node ${id}: position is required`;
      }
      if (typeof data.node_type !== "string") {
        return `node ${id}: data.node_type is required`;
      }
      nodes.push({
        id,
        type: "flow-node",
        position: { x: position.x, y: position.y },
        data: {
          node_type: data.node_type,
          config: structuredClone((data.config ?? {}) as Record<string, unknown>),
          display_name: typeof data.display_name === "string" ? data.display_name : displayName(data.node_type),
        },
      });
    }
    if (nodes.filter((n) => n.data.node_type === "start").length !== 1) {
      return "definition needs exactly one start node";
    }
    return nodes;
  }

  private readEdges(value: unknown): FakeEdge[] | string {
    if (!Array.isArray(value)) {
      return "definition.edges must be an array";
    }
    const edges: FakeEdge[] = [];
    for (const raw of value as Array<Record<string, unknown>>) {
      const extra = Object.keys(raw).find((k) => !EDGE_KEYS.has(k));
      if (extra) {
        return `edge: unknown key ${extra}`;
      }
      if (typeof raw.source !== "string" || typeof raw.target !== "string") {
        return "edge: source and target are required";
      }
      edges.push({
        id: typeof raw.id === "string" ? raw.id : this.nextEdgeId(),
        source: raw.source,
        target: raw.target,
        label: typeof raw.label === "string" ? raw.label : "next",
        type: "default",
        flow_condition_id: typeof raw.flow_condition_id === "string" ? raw.flow_condition_id : null,
      });
    }
    return edges;
  }

  private metadata(workflow: FakeWorkflow) {
    return {
      id: workflow.id,
      name: workflow.name,
      slug: workflow.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      status: workflow.status,
      lock_version: workflow.lock_version,
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: workflow.updated_at,
    };
  }

  private nextEdgeId() {
    this.edgeSeq += 1;
    return `00000000-0000-4000-8000-${String(this.edgeSeq).padStart(12, "0")}`;
  }

  /** Serves the fake on 127.0.0.1 at a free port; resolves to the base URL (host root). */
  async listen(): Promise<string> {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) {
        chunks.push(chunk as Buffer);
      }
      const body = Buffer.concat(chunks);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") {
          headers.set(name, value);
        }
      }
      const response = await this.handle(
        new Request(`http://127.0.0.1${req.url ?? "/"}`, {
          method: req.method,
          headers,
          body: req.method === "GET" || req.method === "HEAD" || body.length === 0 ? undefined : body,
        }),
      );
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.writeHead(response.status);
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close() {
    const server = this.server;
    this.server = null;
    if (server) {
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    }
  }
}

export const SAMPLE_WORKFLOW_ID = "6cae069e-7d5c-4fbb-834d-79e1f66e4672";

/** Workflow settings equal to what sampleWorkflow's agent node holds in Kapso. */
export const SAMPLE_AGENT_SETTINGS: WorkflowConfig = {
  ai_model: DEFAULT_PROVIDER_MODELS[0].name,
  system_prompt: "You are Sarah.",
  temperature: 0.2,
  max_tokens: 1024,
};

/** What Kapso's validation would refuse in a webhook's fields, or undefined. */
function webhookProblem(fields: Record<string, unknown>, creating: boolean): string | undefined {
  const extra = Object.keys(fields).find((k) => !WEBHOOK_KEYS.has(k));
  if (extra) {
    return `whatsapp_webhook: unknown key ${extra}`;
  }
  if (creating || "url" in fields) {
    if (typeof fields.url !== "string" || !/^https?:\/\/[^\s/]+/.test(fields.url)) {
      return "url must be a valid http(s) URL";
    }
  }
  if (creating || "events" in fields) {
    if (!Array.isArray(fields.events) || fields.events.length === 0) {
      return "events can't be blank";
    }
    const unknown = fields.events.find((e) => typeof e !== "string" || !FAKE_WEBHOOK_EVENTS.has(e));
    if (unknown !== undefined) {
      return `events: ${String(unknown)} is not a valid event`;
    }
  }
  if ("kind" in fields && fields.kind !== "kapso" && fields.kind !== "meta") {
    return "kind must be kapso or meta";
  }
  if ("payload_version" in fields && fields.payload_version !== "v1" && fields.payload_version !== "v2") {
    return "payload_version must be v1 or v2";
  }
  const window = fields.buffer_window_seconds;
  if (window !== undefined && window !== null && (typeof window !== "number" || window < 1 || window > 60)) {
    return "buffer_window_seconds must be between 1 and 60";
  }
  const size = fields.max_buffer_size;
  if (size !== undefined && size !== null && (typeof size !== "number" || size < 1 || size > 100)) {
    return "max_buffer_size must be between 1 and 100";
  }
  return undefined;
}

/** A small agent workflow shaped like a real one: start → agent → handoff. */
export function sampleWorkflow(id: string, config: { agent?: Record<string, unknown> } = {}) {
  return {
    id,
    name: `Workflow ${id}`,
    nodes: [
      {
        id: "start",
        type: "flow-node",
        position: { x: 0, y: 0 },
        data: { node_type: "start", config: {}, display_name: "Start" },
      },
      {
        id: "agent",
        type: "flow-node",
        position: { x: 240, y: 0 },
        data: {
          node_type: "agent",
          display_name: "Sarah",
          config: {
            system_prompt: SAMPLE_AGENT_SETTINGS.system_prompt,
            provider_model_id: DEFAULT_PROVIDER_MODELS[0].id,
            provider_model_name: SAMPLE_AGENT_SETTINGS.ai_model,
            temperature: SAMPLE_AGENT_SETTINGS.temperature,
            max_tokens: SAMPLE_AGENT_SETTINGS.max_tokens,
            max_iterations: 80,
            enabled_default_tools: ["complete_task", "handoff_to_human"],
            ...config.agent,
          },
        },
      },
      {
        id: "handoff",
        type: "flow-node",
        position: { x: 480, y: 0 },
        data: { node_type: "handoff", config: { reason: "asked" }, display_name: "Handoff" },
      },
    ] satisfies FakeNode[],
    edges: [
      { source: "start", target: "agent", label: "next", type: "default", flow_condition_id: null },
      { source: "agent", target: "handoff", label: "next", type: "default", flow_condition_id: null },
    ],
  };
}
