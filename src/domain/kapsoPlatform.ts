import { z } from "zod";
import { parseRetryAfter } from "../lib/kapsoHttp";
import { messageRef, type MessageRef } from "../i18n/messageRef";

/**
 * A small client for the Kapso Platform API calls this app makes: the workflow
 * sync's (read a workflow's definition, replace its graph, list provider models)
 * and "Connect webhook"'s (list, create and update a phone number's webhooks).
 * Framework-free: the HTTP functions are injected, so the Convex actions pass the
 * rate-limit-aware fetches (src/lib/kapsoHttp) and tests a loopback server's URL.
 */

// Kapso adds fields over time; parse loosely and rely only on what we use.
const position = z.looseObject({ x: z.number(), y: z.number() });

export const kapsoNodeSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().optional(),
  position,
  data: z.looseObject({
    node_type: z.string(),
    config: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((c) => c ?? {}),
    display_name: z.string().nullish(),
  }),
});

export const kapsoEdgeSchema = z.looseObject({
  id: z.string().nullish(),
  source: z.string(),
  target: z.string(),
  label: z.string().nullish(),
  type: z.string().nullish(),
  flow_condition_id: z.string().nullish(),
});

const workflowMetadata = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  status: z.string().nullish(),
  lock_version: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? null),
  updated_at: z.string().nullish(),
});

const workflowWithDefinition = workflowMetadata.extend({
  definition: z.looseObject({ nodes: z.array(kapsoNodeSchema), edges: z.array(kapsoEdgeSchema) }),
});

// GET /platform/v1/whatsapp/phone_numbers (docs.kapso.ai: phone numbers carry their business_account_id).
const phoneNumberSchema = z.looseObject({
  phone_number_id: z.string(),
  business_account_id: z.string().nullish(),
});

const providerModelSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  provider: z.string().nullish(),
});

/** A phone-number webhook as Kapso returns it (GET/POST/PATCH …/phone_numbers/{id}/webhooks). */
export const kapsoWebhookSchema = z.looseObject({
  id: z.string(),
  url: z.string(),
  kind: z.string().nullish(),
  events: z
    .array(z.string())
    .nullish()
    .transform((e) => e ?? []),
  active: z.boolean().nullish(),
  payload_version: z.string().nullish(),
  buffer_enabled: z.boolean().nullish(),
  buffer_window_seconds: z.number().nullish(),
  max_buffer_size: z.number().nullish(),
});
export type KapsoWebhook = z.infer<typeof kapsoWebhookSchema>;

/** The fields "Connect webhook" writes (Kapso's `whatsapp_webhook` object). */
export type KapsoWebhookInput = {
  url: string;
  kind: "kapso";
  payload_version: "v2";
  events: string[];
  active: true;
  secret_key: string;
  buffer_enabled: boolean;
  buffer_window_seconds?: number;
  max_buffer_size?: number;
  buffer_events?: string[];
};

export type KapsoNode = z.infer<typeof kapsoNodeSchema>;
export type KapsoEdge = z.infer<typeof kapsoEdgeSchema>;
export type KapsoWorkflowMetadata = z.infer<typeof workflowMetadata>;
export type KapsoWorkflowDefinition = z.infer<typeof workflowWithDefinition>;
export type ProviderModel = { id: string; name: string; provider: string | null };

export type KapsoApiErrorKind =
  | "not_found" // 404: no such workflow for this API key's project
  | "conflict" // 409: lock_version is stale
  | "rate_limited" // 429 after the transport's retries
  | "auth" // 401/403: missing, wrong or revoked key
  | "invalid" // 400/422: Kapso refused the payload
  | "server" // 5xx
  | "network" // no response (timeout, refused, DNS)
  | "bad_response"; // a 2xx whose body we cannot read

export class KapsoApiError extends Error {
  readonly kind: KapsoApiErrorKind;
  readonly status: number | null;
  /** Seconds Kapso asked us to wait (429 Retry-After), when known. */
  readonly retryAfterSeconds: number | null;
  /** What the dashboard shows (`message` is the English sentence for logs); Kapso's own text stays a raw value. */
  readonly ref: MessageRef;

  constructor(
    kind: KapsoApiErrorKind,
    message: string,
    options: { ref: MessageRef; status?: number | null; retryAfterSeconds?: number | null; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.ref = options.ref;
    this.name = "KapsoApiError";
    this.kind = kind;
    this.status = options.status ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

async function errorText(response: Response): Promise<string> {
  try {
    const text = await response.text();
    try {
      const body = JSON.parse(text) as unknown;
      if (body && typeof body === "object" && "error" in body) {
        const error = (body as { error: unknown }).error;
        if (typeof error === "string") {
          return error;
        }
        return JSON.stringify(error);
      }
    } catch {
      // not JSON: fall through to the raw text
    }
    return text.slice(0, 300);
  } catch {
    return "";
  }
}

/** A 409's meaning depends on what was written. */
const CONFLICTS = {
  workflow: { message: "The workflow changed in Kapso since it was read", key: "errors.kapso.conflict.workflow" },
  webhook: {
    message:
      "Kapso already has a webhook for this URL on this number, or it changed meanwhile: reload and connect again",
    key: "errors.kapso.conflict.webhook",
  },
} as const;
type ConflictKind = keyof typeof CONFLICTS;

async function toApiError(response: Response, what: string, conflict: ConflictKind): Promise<KapsoApiError> {
  const detail = await errorText(response);
  const suffix = detail ? `: ${detail}` : "";
  const status = response.status;
  // "none" selects the sentence without Kapso's text (the catalogues use {detail, select, none {} other {…}}).
  const values = { status, detail: detail || "none" };
  const ref = (key: Parameters<typeof messageRef>[0]) => messageRef(key, values);
  switch (true) {
    case status === 404:
      return new KapsoApiError("not_found", `Kapso has no ${what}${suffix}`, {
        status,
        ref: ref("errors.kapso.notFound"),
      });
    case status === 409:
      return new KapsoApiError("conflict", `${CONFLICTS[conflict].message}${suffix}`, {
        status,
        ref: ref(CONFLICTS[conflict].key),
      });
    case status === 429: {
      const waitMs = parseRetryAfter(response.headers.get("retry-after"));
      const retryAfterSeconds = waitMs === undefined ? null : Math.ceil(waitMs / 1000);
      const wait = retryAfterSeconds === null ? "" : ` Try again in ${retryAfterSeconds} s.`;
      return new KapsoApiError("rate_limited", `Kapso is rate-limiting this API key.${wait}`, {
        status,
        retryAfterSeconds,
        ref: messageRef("errors.kapso.rateLimited", { seconds: retryAfterSeconds ?? "none" }),
      });
    }
    case status === 401 || status === 403:
      return new KapsoApiError("auth", `Kapso refused the API key (HTTP ${status})${suffix}`, {
        status,
        ref: ref("errors.kapso.auth"),
      });
    case status === 400 || status === 422:
      return new KapsoApiError("invalid", `Kapso rejected the request (HTTP ${status})${suffix}`, {
        status,
        ref: ref("errors.kapso.invalid"),
      });
    case status >= 500:
      return new KapsoApiError("server", `Kapso had an error (HTTP ${status})${suffix}`, {
        status,
        ref: ref("errors.kapso.server"),
      });
    default:
      return new KapsoApiError("bad_response", `Unexpected answer from Kapso (HTTP ${status})${suffix}`, {
        status,
        ref: ref("errors.kapso.badResponse"),
      });
  }
}

export type KapsoPlatformClientOptions = {
  apiKey: string;
  /** Host root, e.g. https://api.kapso.ai (the /platform/v1 prefix is added here). */
  baseUrl: string;
  /**
   * `read` serves the GETs (safe to retry), `send` the PATCH (retried only when
   * Kapso surely did not take it). Both default to the global fetch.
   */
  transport?: { read: typeof fetch; send: typeof fetch };
};

/** The definition body PATCH accepts: each present list is the complete replacement set. */
export type DefinitionUpdate = { nodes: KapsoNode[]; edges: KapsoEdge[]; lockVersion: number | null };

const globalFetch: typeof fetch = (input, init) => fetch(input, init);

export function createKapsoPlatformClient({
  apiKey,
  baseUrl,
  transport = { read: globalFetch, send: globalFetch },
}: KapsoPlatformClientOptions) {
  const root = `${baseUrl.replace(/\/+$/, "")}/platform/v1`;

  async function call<T>(
    method: "GET" | "POST" | "PATCH",
    path: string,
    what: string,
    schema: z.ZodType<T>,
    body?: unknown,
    conflict: ConflictKind = "workflow",
  ): Promise<T> {
    let response: Response;
    try {
      response = await (method === "GET" ? transport.read : transport.send)(`${root}${path}`, {
        method,
        headers: {
          "X-API-Key": apiKey,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new KapsoApiError("network", `Could not reach Kapso: ${reason}`, {
        cause,
        ref: messageRef("errors.kapso.network", { reason }),
      });
    }
    if (!response.ok) {
      throw await toApiError(response, what, conflict);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      throw new KapsoApiError("bad_response", `Kapso answered ${what} with a body that is not JSON`, {
        status: response.status,
        cause,
        ref: messageRef("errors.kapso.notJson"),
      });
    }
    const parsed = z.looseObject({ data: schema }).safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown shape";
      throw new KapsoApiError("bad_response", `Kapso answered ${what} in an unexpected shape (${where})`, {
        status: response.status,
        ref: messageRef("errors.kapso.badShape", { where }),
      });
    }
    return parsed.data.data;
  }

  const workflowPath = (id: string) => `/workflows/${encodeURIComponent(id)}`;
  const webhooksPath = (phoneNumberId: string) =>
    `/whatsapp/phone_numbers/${encodeURIComponent(phoneNumberId)}/webhooks`;

  return {
    getWorkflowDefinition(workflowId: string): Promise<KapsoWorkflowDefinition> {
      return call("GET", `${workflowPath(workflowId)}/definition`, `workflow ${workflowId}`, workflowWithDefinition);
    },

    /** PATCH the complete node and edge sets, guarded by lock_version. Returns the new metadata. */
    updateWorkflowDefinition(workflowId: string, update: DefinitionUpdate): Promise<KapsoWorkflowMetadata> {
      const workflow = {
        definition: { nodes: update.nodes.map(toNodeInput), edges: update.edges.map(toEdgeInput) },
        ...(update.lockVersion === null ? {} : { lock_version: update.lockVersion }),
      };
      return call("PATCH", workflowPath(workflowId), `workflow ${workflowId}`, workflowMetadata, { workflow });
    },

    /**
     * The WhatsApp Business Account a number belongs to (templates live there),
     * or null when this key's project has no such number.
     */
    async findBusinessAccountId(phoneNumberId: string): Promise<string | null> {
      const numbers = await call(
        "GET",
        `/whatsapp/phone_numbers?phone_number_id=${encodeURIComponent(phoneNumberId)}&per_page=100`,
        "WhatsApp phone numbers",
        z.array(phoneNumberSchema),
      );
      return numbers.find((n) => n.phone_number_id === phoneNumberId)?.business_account_id ?? null;
    },

    /** The number's webhooks, most recent first (the first page is plenty: a number has a handful). */
    listPhoneNumberWebhooks(phoneNumberId: string): Promise<KapsoWebhook[]> {
      return call(
        "GET",
        `${webhooksPath(phoneNumberId)}?per_page=100`,
        `phone number ${phoneNumberId}`,
        z.array(kapsoWebhookSchema),
      );
    },

    createPhoneNumberWebhook(phoneNumberId: string, input: KapsoWebhookInput): Promise<KapsoWebhook> {
      return call(
        "POST",
        webhooksPath(phoneNumberId),
        `phone number ${phoneNumberId}`,
        kapsoWebhookSchema,
        { whatsapp_webhook: input },
        "webhook",
      );
    },

    updatePhoneNumberWebhook(
      phoneNumberId: string,
      webhookId: string,
      input: KapsoWebhookInput,
    ): Promise<KapsoWebhook> {
      return call(
        "PATCH",
        `${webhooksPath(phoneNumberId)}/${encodeURIComponent(webhookId)}`,
        `webhook ${webhookId} on phone number ${phoneNumberId}`,
        kapsoWebhookSchema,
        { whatsapp_webhook: input },
        "webhook",
      );
    },

    async listProviderModels(): Promise<ProviderModel[]> {
      const models = await call("GET", "/provider_models", "provider models", z.array(providerModelSchema));
      return models.map((m) => ({ id: m.id, name: m.name, provider: m.provider ?? null }));
    },
  };
}

export type KapsoPlatformClient = ReturnType<typeof createKapsoPlatformClient>;

// Kapso's write schema allows only these keys (additionalProperties: false), so
// a node read from the API is reduced to them; the config object goes back whole.
function toNodeInput(node: KapsoNode) {
  return {
    id: node.id,
    type: node.type ?? "flow-node",
    position: { x: node.position.x, y: node.position.y },
    data: {
      node_type: node.data.node_type,
      config: node.data.config,
      ...(node.data.display_name ? { display_name: node.data.display_name } : {}),
    },
  };
}

function toEdgeInput(edge: KapsoEdge) {
  return {
    ...(edge.id ? { id: edge.id } : {}),
    source: edge.source,
    target: edge.target,
    ...(edge.label ? { label: edge.label } : {}),
    ...(edge.type ? { type: edge.type } : {}),
    ...(edge.flow_condition_id ? { flow_condition_id: edge.flow_condition_id } : {}),
  };
}
