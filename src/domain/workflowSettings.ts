import { replyMap, type KeywordReply } from "./keywordRules";

/**
 * Workflow settings as my21staff stores them and Kapso runs them: types, labels,
 * limits, defaults per workflow, a canonical comparison and a field-by-field diff.
 * No validator here (the schema is `workflowSettingsSchema.ts`), so pages that
 * only show settings load none.
 */

export const WORKFLOW_TYPES = ["sarah", "brain", "rules_engine"] as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];

export function isWorkflowType(value: string): value is WorkflowType {
  return (WORKFLOW_TYPES as readonly string[]).includes(value);
}

export type WorkflowConfig = {
  ai_model: string;
  system_prompt: string;
  temperature: number;
  max_tokens: number;
  keywords?: string[];
  /** One entry per answered keyword, plus "default" for the reply when none matches. */
  auto_reply_templates?: KeywordReply[];
};

export const WORKFLOW_LABELS: Record<WorkflowType, { name: string; description: string }> = {
  sarah: { name: "Sarah", description: "The assistant that greets leads and answers their questions." },
  brain: { name: "Brain", description: "The analyst that scores leads and suggests next steps." },
  rules_engine: { name: "Rules Engine", description: "Keyword triggers with fixed auto-replies." },
};

/** Model names the seed workflows use; Kapso's full list is fetched at runtime, so the field stays free text. */
export const SUGGESTED_MODELS = ["gemini-2.5-flash", "grok-4.1-fast"] as const;

// Ranges Kapso's agent node accepts (temperature 0.0–1.0, max_tokens a positive
// integer, default 8192); the upper bounds keep a typo from reaching Kapso.
export const LIMITS = {
  modelNameMax: 100,
  systemPromptMax: 20_000,
  temperatureMin: 0,
  temperatureMax: 1,
  maxTokensMax: 32_768,
  keywordMax: 50,
  keywordsMax: 50,
  // WhatsApp's limit for a text message body.
  templateMax: 4096,
} as const;

/** The template key used when no keyword matches. A keyword may therefore not be called "default". */
export const DEFAULT_TEMPLATE_KEY = "default";

/** Which settings each workflow type uses. */
export function usesKeywords(type: WorkflowType): boolean {
  return type === "rules_engine";
}

/** Lower-case identifier for node ids; stable for a keyword, whatever its case. */
export function keywordSlug(keyword: string): string {
  const slug = keyword
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  if (slug) {
    return slug;
  }
  // Keywords made only of symbols or emoji still need a valid node id.
  return (
    "u" +
    Array.from(keyword.trim())
      .map((c) => c.codePointAt(0)!.toString(16))
      .join("_")
      .slice(0, 40)
  );
}

export const DEFAULT_KAPSO_WORKFLOW_NAMES: Record<WorkflowType, string> = {
  sarah: "Sarah",
  brain: "Brain",
  rules_engine: "Rules Engine - Keyword Triggers",
};

const DEFAULT_CONFIGS: Record<WorkflowType, WorkflowConfig> = {
  sarah: {
    ai_model: "gemini-2.5-flash",
    system_prompt:
      "You are Sarah, the friendly WhatsApp assistant of this business. Greet new leads, answer questions about products, prices and opening hours briefly, " +
      "ask for their name and what they need, and hand the conversation to a person when they want to buy or are unhappy.",
    temperature: 0.7,
    max_tokens: 1024,
  },
  brain: {
    ai_model: "grok-4.1-fast",
    system_prompt:
      "You are Brain, the analyst behind Sarah. Read the conversation, score how ready the lead is to buy (cold, warm, hot), " +
      "summarise what they asked for and suggest the next step for the sales team. Be factual and brief.",
    temperature: 0.3,
    max_tokens: 2048,
  },
  rules_engine: {
    ai_model: "gemini-2.5-flash",
    system_prompt:
      "Decide which keyword the customer's message is about. Pick the matching keyword, or none when the message is about something else.",
    temperature: 0,
    max_tokens: 256,
    keywords: ["harga", "promo", "lokasi"],
    auto_reply_templates: [
      { keyword: "harga", reply: "Terima kasih! Daftar harga kami: {{vars.price_list_url}}" },
      { keyword: "promo", reply: "Promo minggu ini: diskon 10% untuk pembelian pertama." },
      { keyword: "lokasi", reply: "Toko kami buka setiap hari 09.00–21.00. Lokasi: {{vars.store_map_url}}" },
    ],
  },
};

/** Settings a workflow starts with before anyone saves it. */
export function defaultWorkflowConfig(type: WorkflowType): WorkflowConfig {
  return structuredClone(DEFAULT_CONFIGS[type]);
}

/** The settings in a fixed shape: absent optional fields dropped, replies sorted by keyword. */
export function canonicalConfig(config: WorkflowConfig): WorkflowConfig {
  const result: WorkflowConfig = {
    ai_model: config.ai_model,
    system_prompt: config.system_prompt,
    temperature: config.temperature,
    max_tokens: config.max_tokens,
  };
  if (config.keywords !== undefined) {
    result.keywords = [...config.keywords];
  }
  if (config.auto_reply_templates !== undefined && config.auto_reply_templates.length > 0) {
    result.auto_reply_templates = config.auto_reply_templates
      .map(({ keyword, reply }) => ({ keyword, reply }))
      .sort((a, b) => (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0));
  }
  return result;
}

/** True when two settings would configure Kapso identically (keyword order counts: it is the decide order). */
export function sameConfig(a: WorkflowConfig, b: WorkflowConfig): boolean {
  return JSON.stringify(canonicalConfig(a)) === JSON.stringify(canonicalConfig(b));
}

export type ConfigChange =
  | {
      field: "ai_model" | "system_prompt" | "temperature" | "max_tokens";
      label: string;
      before: string | number | undefined;
      after: string | number | undefined;
    }
  | { field: "keywords"; label: string; added: string[]; removed: string[]; reordered: boolean }
  | {
      field: "auto_reply_templates";
      label: string;
      key: string;
      before: string | undefined;
      after: string | undefined;
    };

export const FIELD_LABELS = {
  ai_model: "AI model",
  system_prompt: "System prompt",
  temperature: "Temperature",
  max_tokens: "Max tokens",
  keywords: "Keywords",
  auto_reply_templates: "Auto-reply",
} as const;

/**
 * What changed from `before` to `after`, field by field (every setting when `before` is null).
 * Reply templates are compared per keyword.
 */
export function diffConfigs(before: WorkflowConfig | null, after: WorkflowConfig): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const field of ["ai_model", "system_prompt", "temperature", "max_tokens"] as const) {
    if (before?.[field] !== after[field]) {
      changes.push({ field, label: FIELD_LABELS[field], before: before?.[field], after: after[field] });
    }
  }
  const beforeKeywords = before?.keywords ?? [];
  const afterKeywords = after.keywords ?? [];
  const added = afterKeywords.filter((k) => !beforeKeywords.includes(k));
  const removed = beforeKeywords.filter((k) => !afterKeywords.includes(k));
  const kept = afterKeywords.filter((k) => beforeKeywords.includes(k));
  const reordered = kept.join("\u0000") !== beforeKeywords.filter((k) => afterKeywords.includes(k)).join("\u0000");
  if (added.length || removed.length || reordered) {
    changes.push({ field: "keywords", label: FIELD_LABELS.keywords, added, removed, reordered });
  }
  const beforeTemplates = replyMap(before?.auto_reply_templates);
  const afterTemplates = replyMap(after.auto_reply_templates);
  const keys = [...new Set([...beforeTemplates.keys(), ...afterTemplates.keys()])].sort();
  for (const key of keys) {
    if (beforeTemplates.get(key) !== afterTemplates.get(key)) {
      changes.push({
        field: "auto_reply_templates",
        label: `${FIELD_LABELS.auto_reply_templates} "${key}"`,
        key,
        before: beforeTemplates.get(key),
        after: afterTemplates.get(key),
      });
    }
  }
  return changes;
}
