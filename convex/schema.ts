import { defineSchema, defineTable } from "convex/server";
import { v, type Infer } from "convex/values";
import type { MessageDetails } from "../src/domain/messageContent";

// Field names follow the existing my21staff schema (snake_case, plus
// `lastActivityAt` on contacts); acceptance checks rely on them.

export const role = v.union(v.literal("admin"), v.literal("operator"), v.literal("staff"));

/** The dashboard's languages (src/domain/locale.ts). */
export const language = v.union(v.literal("en"), v.literal("id"));

export const messageDirection = v.union(v.literal("inbound"), v.literal("outbound"));

// `pending` and `unknown` only ever apply to replies sent from the dashboard:
// pending = handed to Kapso, not yet confirmed; unknown = the send may or may
// not have reached Kapso (timeout, network error, 5xx) and must not be retried blindly.
export const messageStatus = v.union(
  v.literal("received"),
  v.literal("sent"),
  v.literal("delivered"),
  v.literal("read"),
  v.literal("failed"),
  v.literal("pending"),
  v.literal("unknown"),
);

// Our own copy of a message's media: pending until the download job has run,
// stored once it is in file storage, failed (with media_error) when it finally could not be kept.
export const mediaState = v.union(v.literal("pending"), v.literal("stored"), v.literal("failed"));

export const workflowType = v.union(v.literal("sarah"), v.literal("brain"), v.literal("rules_engine"));

export const syncStatus = v.union(v.literal("manual_setup_required"), v.literal("synced"));

const workflowConfigFields = {
  ai_model: v.string(),
  system_prompt: v.string(),
  temperature: v.number(),
  max_tokens: v.number(),
  keywords: v.optional(v.array(v.string())),
};

// A list, not an object keyed by keyword: keywords are free text and Convex field names are not.
const keywordReplies = v.array(v.object({ keyword: v.string(), reply: v.string() }));

/** Workflow settings as functions take and return them. */
export const workflowConfig = v.object({
  ...workflowConfigFields,
  // keyword (or "default") and its reply text
  auto_reply_templates: v.optional(keywordReplies),
});

/** As stored: rows written before the list still hold `{ [keyword]: reply }` until keywordRulesMigration has run. */
export const storedWorkflowConfig = v.object({
  ...workflowConfigFields,
  auto_reply_templates: v.optional(v.union(keywordReplies, v.record(v.string(), v.string()))),
});

// failed = an unexpected exception while processing (answered 500 so Kapso
// retries); it does not count for idempotency and is replayed like unmatched.
export const webhookEventStatus = v.union(
  v.literal("processed"),
  v.literal("duplicate"),
  v.literal("unmatched"),
  v.literal("invalid"),
  v.literal("ignored"),
  v.literal("failed"),
);

/** The deliveries a workspace's page shows: its own, or those no workspace has (deployment admins only). */
export const deliveryScope = v.union(v.literal("workspace"), v.literal("unassigned"));

/** The statuses a delivery waits in until it is replayed or dismissed. */
export const replayableStatus = v.union(v.literal("unmatched"), v.literal("invalid"), v.literal("failed"));
/**
 * What the delivery counters count: each ledger status, deliveries refused with 401
 * (`refused`), and two kinds of `invalid` that name a cause (payload version v1, a
 * phone_number_id that differs from the one the delivery was verified for).
 */
export const deliveryCounterFields = {
  processed: v.number(),
  duplicate: v.number(),
  unmatched: v.number(),
  invalid: v.number(),
  failed: v.number(),
  ignored: v.number(),
  refused: v.number(),
  invalid_v1: v.number(),
  invalid_number: v.number(),
};

/** Which secret verified a delivery: the workspace's own or the deployment's KAPSO_WEBHOOK_SECRET. */
export const verifiedWith = v.union(v.literal("workspace"), v.literal("deployment"));

// Structured fields per message type: the shape MessageDetails (src/domain/messageContent.ts, which imports
// no Convex) gives them; the type check after this validator keeps the two equal.
export const messageDetails = v.object({
  media: v.optional(
    v.object({
      id: v.optional(v.string()),
      mime_type: v.optional(v.string()),
      filename: v.optional(v.string()),
      size: v.optional(v.number()),
      voice: v.optional(v.boolean()),
      animated: v.optional(v.boolean()),
    }),
  ),
  location: v.optional(
    v.object({
      latitude: v.number(),
      longitude: v.number(),
      name: v.optional(v.string()),
      address: v.optional(v.string()),
      url: v.optional(v.string()),
    }),
  ),
  contacts: v.optional(
    v.array(
      v.object({
        name: v.string(),
        phones: v.array(v.string()),
        emails: v.array(v.string()),
        organization: v.optional(v.string()),
      }),
    ),
  ),
  reply: v.optional(
    v.object({
      kind: v.string(),
      id: v.optional(v.string()),
      title: v.optional(v.string()),
      description: v.optional(v.string()),
      payload: v.optional(v.string()),
      response_json: v.optional(v.string()),
    }),
  ),
  order: v.optional(
    v.object({
      catalog_id: v.optional(v.string()),
      text: v.optional(v.string()),
      items: v.array(
        v.object({
          product_retailer_id: v.string(),
          quantity: v.number(),
          item_price: v.number(),
          currency: v.string(),
        }),
      ),
      item_count: v.number(),
      total: v.optional(v.number()),
      currency: v.optional(v.string()),
    }),
  ),
  template: v.optional(
    v.object({
      name: v.string(),
      language: v.optional(v.string()),
      parameters: v.array(v.string()),
      // Named placeholders ({{customer_name}}) of a template sent from the dashboard, one per parameter.
      parameter_names: v.optional(v.array(v.string())),
    }),
  ),
  system: v.optional(
    v.object({ kind: v.optional(v.string()), body: v.optional(v.string()), wa_id: v.optional(v.string()) }),
  ),
  reply_to: v.optional(v.string()),
  referral: v.optional(
    v.object({
      source_url: v.optional(v.string()),
      source_id: v.optional(v.string()),
      source_type: v.optional(v.string()),
      headline: v.optional(v.string()),
      body: v.optional(v.string()),
      media_type: v.optional(v.string()),
      ctwa_clid: v.optional(v.string()),
    }),
  ),
  raw: v.optional(v.string()),
});
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _detailsMatchDomain: Same<Infer<typeof messageDetails>, MessageDetails> = true;

// Kapso Platform API check of one workflow. verified: Kapso matches the
// settings version checked; differs: it does not, and that version is not synced;
// changed_in_kapso: the version was synced but Kapso differs now; error: no
// comparison succeeded yet (see last_error).
export const kapsoCheckState = v.union(
  v.literal("verified"),
  v.literal("differs"),
  v.literal("changed_in_kapso"),
  v.literal("error"),
);

export const kapsoFieldCheck = v.object({
  field: v.string(),
  node_id: v.string(),
  config_key: v.string(),
  matches: v.boolean(),
  // Short renderings of both values, for the dashboard.
  expected: v.string(),
  actual: v.string(),
});

export const summaryRunFields = {
  workspace_id: v.id("workspaces"),
  date: v.string(),
  status: v.union(v.literal("running"), v.literal("done"), v.literal("quiet"), v.literal("failed")),
  generator: v.optional(v.string()),
  trigger: v.optional(v.union(v.literal("cron"), v.literal("manual"))),
  // Who asked for a manual run ("Generate summary").
  started_by: v.optional(v.string()),
  message_count: v.optional(v.number()),
  lead_count: v.optional(v.number()),
  llm_calls: v.optional(v.number()),
  duration_ms: v.optional(v.number()),
  error: v.optional(v.string()),
  // Why the LLM was not used although a key is set (timeout, API error); the notes are deterministic then.
  fallback_reason: v.optional(v.string()),
  // What a running job is doing, for the page ("Read 4,000 messages").
  progress: v.optional(v.string()),
  started_at: v.number(),
  finished_at: v.optional(v.number()),
};

export default defineSchema({
  workspaces: defineTable({
    name: v.string(),
    kapso_phone_number_id: v.string(),
    default_country: v.string(),
    timezone: v.string(),
    /** The daily summaries' language; unset follows the default country (workspaceLanguage). */
    language: v.optional(language),
    kapso_webhook_secret: v.optional(v.string()),
    /** The workspace's own Kapso project key; KAPSO_API_KEY applies when unset. Never returned by public functions. */
    kapso_api_key: v.optional(v.string()),
    created_at: v.optional(v.number()),
    // When the summary sweep should look at this workspace next (the end of its local day, or the next sweep
    // while a run is under way). Unset means "now": new workspaces, and any whose time zone just changed.
    summary_due_at: v.optional(v.number()),
  })
    .index("by_kapso_phone_number_id", ["kapso_phone_number_id"])
    .index("by_summary_due_at", ["summary_due_at"]),

  members: defineTable({
    workspace_id: v.id("workspaces"),
    user_id: v.string(),
    role,
    created_at: v.optional(v.number()),
    // From the person's sign-in identity, recorded when they accept an invitation and refreshed on later
    // sign-ins; absent on rows added by user id before invitations existed. `email` is lowercased and verified.
    name: v.optional(v.string()),
    email: v.optional(v.string()),
  })
    .index("by_workspace_id_and_user_id", ["workspace_id", "user_id"])
    .index("by_workspace_id_and_email", ["workspace_id", "email"])
    .index("by_user_id", ["user_id"]),

  // A person's own preferences, whatever workspace they open (the local operator has one too). Keyed by the
  // identity's issuer and subject together, so no other issuer's token can name the same person.
  profiles: defineTable({
    token_identifier: v.string(),
    language,
    updated_at: v.number(),
  }).index("by_token_identifier", ["token_identifier"]),

  // An admin's invitation: the person with this verified email becomes a member when they first sign in.
  invitations: defineTable({
    workspace_id: v.id("workspaces"),
    /** Lowercased. */
    email: v.string(),
    role,
    /** The inviter's user id, and how they were shown then. */
    invited_by: v.string(),
    invited_by_name: v.string(),
    created_at: v.number(),
  })
    .index("by_email", ["email"])
    .index("by_workspace_id_and_email", ["workspace_id", "email"]),

  // The leads.
  contacts: defineTable({
    workspace_id: v.id("workspaces"),
    // Digits only, international form without "+". Absent when Kapso only
    // knows the lead by a business-scoped user id.
    phone: v.optional(v.string()),
    business_scoped_user_id: v.optional(v.string()),
    parent_business_scoped_user_id: v.optional(v.string()),
    // WhatsApp username (e.g. "@budi"), when Kapso knows it.
    username: v.optional(v.string()),
    name: v.string(),
    // Set once a person edits the name; webhooks never overwrite it afterwards.
    name_edited_at: v.optional(v.number()),
    lastActivityAt: v.number(),
    // WhatsApp timestamp (ms) of the lead's newest inbound message: drives the
    // 24-hour reply window and "waiting for reply".
    last_inbound_at: v.optional(v.number()),
    note: v.optional(v.string()),
    // name + phone, for the search index.
    search_text: v.optional(v.string()),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_workspace_phone", ["workspace_id", "phone"])
    .index("by_workspace_bsuid", ["workspace_id", "business_scoped_user_id"])
    .index("by_workspace_last_activity", ["workspace_id", "lastActivityAt"])
    .searchIndex("search_text", { searchField: "search_text", filterFields: ["workspace_id"] }),

  conversations: defineTable({
    workspace_id: v.id("workspaces"),
    contact_id: v.id("contacts"),
    kapso_conversation_id: v.string(),
    status: v.union(v.literal("active"), v.literal("ended")),
    last_active_at: v.number(),
    // Denormalised from the newest message (by WhatsApp timestamp) so the inbox
    // reads one document per row.
    last_message_preview: v.optional(v.string()),
    last_message_at: v.optional(v.number()),
    last_message_direction: v.optional(messageDirection),
    // true while the newest message is inbound, or our newest reply failed: the lead waits for
    // our reply. Never true on an ended conversation.
    waiting_for_reply: v.optional(v.boolean()),
    // Set while the newest message is a dashboard reply that failed or whose outcome is unknown.
    reply_problem: v.optional(v.union(v.literal("failed"), v.literal("unknown"))),
    unread_count: v.optional(v.number()),
    // name + phone of the lead, for inbox search.
    search_text: v.optional(v.string()),
    // The lead's name and phone, denormalised so an inbox page reads no contacts.
    // Kept in step by ingestion and contacts.rename; absent on rows written before
    // they existed until contacts.backfillConversationLeads has run.
    contact_name: v.optional(v.string()),
    contact_phone: v.optional(v.string()),
    created_at: v.optional(v.number()),
  })
    .index("by_workspace_kapso_conversation_id", ["workspace_id", "kapso_conversation_id"])
    .index("by_workspace_last_active", ["workspace_id", "last_active_at"])
    .index("by_workspace_status_last_active", ["workspace_id", "status", "last_active_at"])
    .index("by_workspace_waiting_last_active", ["workspace_id", "waiting_for_reply", "last_active_at"])
    .index("by_contact_last_active", ["contact_id", "last_active_at"])
    .searchIndex("search_text", { searchField: "search_text", filterFields: ["workspace_id", "status"] }),

  messages: defineTable({
    workspace_id: v.id("workspaces"),
    conversation_id: v.id("conversations"),
    contact_id: v.id("contacts"),
    // The wamid. Absent only while a dashboard reply is pending.
    kapso_message_id: v.optional(v.string()),
    direction: messageDirection,
    type: v.string(),
    // Human-readable for every type (location, order, template, ...); never a signed URL.
    content: v.string(),
    details: v.optional(messageDetails),
    status: messageStatus,
    // WhatsApp's message.timestamp, in ms.
    timestamp: v.number(),
    error_code: v.optional(v.number()),
    error_title: v.optional(v.string()),
    error_message: v.optional(v.string()),
    media_url: v.optional(v.string()),
    media_mime_type: v.optional(v.string()),
    media_filename: v.optional(v.string()),
    media_state: v.optional(mediaState),
    media_storage_id: v.optional(v.id("_storage")),
    // Why the media could not be kept, for the people reading the thread.
    media_error: v.optional(v.string()),
    caption: v.optional(v.string()),
    transcript: v.optional(v.string()),
    // For reactions: the wamid reacted to and the emoji.
    reaction_to: v.optional(v.string()),
    reaction_emoji: v.optional(v.string()),
    origin: v.optional(v.string()),
    // Who sent a dashboard reply (Clerk user id).
    sent_by: v.optional(v.string()),
    created_at: v.optional(v.number()),
  })
    .index("by_workspace_kapso_message_id", ["workspace_id", "kapso_message_id"])
    .index("by_conversation_timestamp", ["conversation_id", "timestamp"])
    // Finds dashboard replies still pending or unknown, to reconcile with Kapso's sent webhook.
    .index("by_conversation_status", ["conversation_id", "status"])
    .index("by_workspace_timestamp", ["workspace_id", "timestamp"])
    .index("by_contact_timestamp", ["contact_id", "timestamp"]),

  // One row per webhook delivery, keyed by X-Idempotency-Key per WhatsApp number.
  webhookEvents: defineTable({
    idempotency_key: v.string(),
    event: v.string(),
    status: webhookEventStatus,
    workspace_id: v.optional(v.id("workspaces")),
    phone_number_id: v.optional(v.string()),
    received_at: v.number(),
    error: v.optional(v.string()),
    // Kept for `unmatched`, `failed` and `invalid` deliveries so they can be replayed.
    raw_body: v.optional(v.string()),
    // X-Webhook-Signature as received, kept with the raw body: a replay verifies it again.
    signature: v.optional(v.string()),
    verified_with: v.optional(verifiedWith),
    // Raw bodies too big to sit beside the other fields in one document (1 MiB) go to file storage.
    raw_body_storage_id: v.optional(v.id("_storage")),
    // Delivered with X-Webhook-Batch: true (needed to replay the raw body).
    batch: v.optional(v.boolean()),
    item_count: v.optional(v.number()),
    replayed_at: v.optional(v.number()),
    // The answer the webhook gave: HTTP status and JSON body (absent on rows written before it was recorded).
    http_status: v.optional(v.number()),
    answer: v.optional(v.string()),
    // The wamids the delivery names, space-separated: found by the search index, and linked from its detail.
    wamids: v.optional(v.string()),
  })
    .index("by_phone_number_id_idempotency_key", ["phone_number_id", "idempotency_key"])
    .index("by_status_phone_number_id", ["status", "phone_number_id"])
    .index("by_workspace_received_at", ["workspace_id", "received_at"])
    // The deliveries page: newest first per workspace (absent = deployment-level), by status, event or both.
    .index("by_workspace_status_received_at", ["workspace_id", "status", "received_at"])
    .index("by_workspace_event_received_at", ["workspace_id", "event", "received_at"])
    .index("by_workspace_status_event_received_at", ["workspace_id", "status", "event", "received_at"])
    .index("by_workspace_idempotency_key", ["workspace_id", "idempotency_key"])
    // Retention: the oldest rows of a status across the deployment.
    .index("by_status_received_at", ["status", "received_at"])
    .searchIndex("wamids", { searchField: "wamids", filterFields: ["workspace_id"] }),

  // Who dismissed a waiting delivery (unmatched, invalid, failed) and what it was; the ledger row is deleted.
  deliveryAudit: defineTable({
    workspace_id: v.optional(v.id("workspaces")),
    action: v.literal("dismissed"),
    event_id: v.string(),
    idempotency_key: v.string(),
    event: v.string(),
    status: webhookEventStatus,
    phone_number_id: v.optional(v.string()),
    received_at: v.number(),
    by: v.string(),
    by_name: v.string(),
    at: v.number(),
  }).index("by_workspace_at", ["workspace_id", "at"]),

  // A replay asked for from the deliveries page, one row or all matching a filter: its progress and result.
  deliveryReplays: defineTable({
    // The workspace whose page asked; unassigned = deliveries no workspace has (deployment admins).
    workspace_id: v.id("workspaces"),
    scope: deliveryScope,
    // Which rows: the ids given, or the filter's.
    event_ids: v.optional(v.array(v.id("webhookEvents"))),
    status: v.optional(replayableStatus),
    event: v.optional(v.string()),
    state: v.union(v.literal("running"), v.literal("done")),
    attempted: v.number(),
    replayed: v.number(),
    not_replayed: v.number(),
    // The creation time of the last row looked at, so a page of rows that stay is not retried in a loop.
    cursor: v.number(),
    started_by: v.string(),
    started_at: v.number(),
    finished_at: v.optional(v.number()),
  }).index("by_workspace_started_at", ["workspace_id", "started_at"]),

  // Delivery counts per workspace, WhatsApp number, UTC hour and shard, written by the webhook's
  // mutation in its own transaction (convex/model/deliveryCounters.ts). Unmatched deliveries
  // have no workspace; refused ones (401) are counted only for numbers a workspace has.
  deliveryCounters: defineTable({
    workspace_id: v.optional(v.id("workspaces")),
    phone_number_id: v.optional(v.string()),
    /** Start of the UTC hour, ms. */
    hour: v.number(),
    shard: v.number(),
    ...deliveryCounterFields,
    /** The newest delivery that verified, ms; refused ones leave it unchanged. */
    last_received_at: v.optional(v.number()),
  })
    .index("by_workspace_id_hour", ["workspace_id", "hour", "phone_number_id", "shard"])
    .index("by_workspace_id_last_received_at", ["workspace_id", "last_received_at"])
    // Retention: the oldest hours first, across workspaces.
    .index("by_hour", ["hour"]),

  workflowSettings: defineTable({
    workspace_id: v.id("workspaces"),
    workflow_type: workflowType,
    config: storedWorkflowConfig,
    kapso_workflow_id: v.string(),
    kapso_workflow_name: v.string(),
    last_synced_at: v.optional(v.number()),
    last_synced_by: v.optional(v.string()),
    // The version the last "I've updated Kapso" confirmed.
    last_synced_version: v.optional(v.number()),
    sync_status: syncStatus,
    version: v.number(),
    updated_at: v.number(),
    updated_by: v.string(),
    // Display names (from the sign-in identity) so "changed by" reads as a person.
    updated_by_name: v.optional(v.string()),
    last_synced_by_name: v.optional(v.string()),
  }).index("by_workspace_type", ["workspace_id", "workflow_type"]),

  // Append-only: every saved version and every sync.
  workflowSettingsHistory: defineTable({
    workspace_id: v.id("workspaces"),
    workflow_type: workflowType,
    kind: v.union(v.literal("saved"), v.literal("synced")),
    version: v.number(),
    config: storedWorkflowConfig,
    kapso_workflow_id: v.string(),
    kapso_workflow_name: v.string(),
    actor: v.string(),
    actor_name: v.optional(v.string()),
    at: v.number(),
  })
    .index("by_workspace_type_at", ["workspace_id", "workflow_type", "at"])
    // Finds the settings of one saved version (the one last synced, the one before).
    .index("by_workspace_type_kind_version", ["workspace_id", "workflow_type", "kind", "version"]),

  // The latest comparison of a workflow's settings with Kapso's live definition
  // (Kapso Platform API: manual check, apply, drift cron). One row per workflow.
  kapsoWorkflowChecks: defineTable({
    workspace_id: v.id("workspaces"),
    workflow_type: workflowType,
    kapso_workflow_id: v.string(),
    state: kapsoCheckState,
    settings_version: v.number(),
    lock_version: v.union(v.number(), v.null()),
    // Kapso's lock_version when this settings version was last verified (drift shows how far it moved).
    verified_lock_version: v.optional(v.number()),
    fields: v.array(kapsoFieldCheck),
    differing_fields: v.array(v.string()),
    source: v.union(v.literal("check"), v.literal("apply"), v.literal("drift")),
    checked_at: v.number(),
    checked_by: v.optional(v.string()),
    // The latest failed drift check, kept beside the last good result; cleared by the next success.
    // key/values: the sentence the dashboard shows (absent on errors recorded before the dashboard was translated).
    last_error: v.optional(
      v.object({
        kind: v.string(),
        message: v.string(),
        key: v.optional(v.string()),
        values: v.optional(v.record(v.string(), v.union(v.string(), v.number()))),
        at: v.number(),
      }),
    ),
  }).index("by_workspace_type", ["workspace_id", "workflow_type"]),

  leadNotes: defineTable({
    workspace_id: v.id("workspaces"),
    contact_id: v.optional(v.id("contacts")),
    note_type: v.string(),
    content: v.string(),
    metadata: v.optional(
      v.object({
        message_count: v.number(),
        date: v.string(),
        generator: v.optional(v.string()),
      }),
    ),
    // Mirrors metadata.date so notes of a day can be found by index.
    date: v.optional(v.string()),
    author: v.optional(v.string()),
    // The author's name at the time (from their sign-in identity), shown with the note.
    author_name: v.optional(v.string()),
    created_at: v.number(),
  })
    .index("by_workspace_type_date", ["workspace_id", "note_type", "date"])
    // Digests are the notes without contact_id: listed newest first without scanning per-lead notes.
    .index("by_workspace_type_contact_date", ["workspace_id", "note_type", "contact_id", "date"])
    .index("by_contact_created_at", ["contact_id", "created_at"]),

  // One row per daily-summary run of a workspace, including quiet days.
  summaryRuns: defineTable(summaryRunFields)
    .index("by_workspace_date", ["workspace_id", "date"])
    .index("by_workspace_started_at", ["workspace_id", "started_at"]),
});
