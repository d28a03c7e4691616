import { z } from "zod";
import { replyMap, type KeywordReply } from "./keywordRules";
import { parseDecimal, parseWholeNumber } from "./decimal";

/**
 * Workflow settings as my21staff stores them and Kapso runs them: one Zod schema
 * shared by the editor form and `workflowSettings.save`, defaults per workflow,
 * a canonical comparison and a field-by-field diff.
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

/** A number, or the text of one as typed in the form (decimal comma yes, hex and exponents no). */
function typedNumber(label: string, example: string, whole = false) {
  return z.union([z.number(), z.string()], { error: `${label} must be a number` }).transform((value, ctx) => {
    if (typeof value === "number") {
      return value;
    }
    const parsed = value.trim() === "" ? null : whole ? parseWholeNumber(value) : parseDecimal(value);
    if (parsed === null) {
      ctx.addIssue({
        code: "custom",
        message:
          value.trim() === ""
            ? `${label} is required`
            : whole
              ? `${label} must be a whole number in digits only, such as ${example}`
              : `${label} must be a plain number such as ${example} (no exponents or hex)`,
      });
      return z.NEVER;
    }
    return parsed;
  });
}

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

const baseFields = {
  ai_model: z
    .string({ error: "AI model is required" })
    .trim()
    .min(1, "AI model is required")
    .max(LIMITS.modelNameMax, `AI model is at most ${LIMITS.modelNameMax} characters`)
    .regex(MODEL_NAME, "AI model is a model name such as gemini-2.5-flash (letters, digits, . _ : / -)"),
  system_prompt: z
    .string({ error: "System prompt is required" })
    .trim()
    .min(1, "System prompt is required")
    .max(
      LIMITS.systemPromptMax,
      `System prompt is at most ${LIMITS.systemPromptMax.toLocaleString("en-US")} characters`,
    ),
  temperature: typedNumber("Temperature", "0.5 or 0,5").pipe(
    z
      .number({ error: "Temperature must be a number" })
      .min(LIMITS.temperatureMin, "Temperature must be between 0.0 and 1.0")
      .max(LIMITS.temperatureMax, "Temperature must be between 0.0 and 1.0"),
  ),
  max_tokens: typedNumber("Max tokens", "1024", true).pipe(
    z
      .number({ error: "Max tokens must be a whole number" })
      .int("Max tokens must be a whole number")
      .min(1, "Max tokens must be at least 1")
      .max(LIMITS.maxTokensMax, `Max tokens must be at most ${LIMITS.maxTokensMax}`),
  ),
};

const keywordsField = z
  .array(
    z
      .string({ error: "Each keyword must be text" })
      .trim()
      .min(1, "Keywords must not be empty")
      .max(LIMITS.keywordMax, `Keywords are at most ${LIMITS.keywordMax} characters`),
    { error: "Keywords must be a list" },
  )
  .min(1, "Add at least one keyword")
  .max(LIMITS.keywordsMax, `At most ${LIMITS.keywordsMax} keywords`);

const templatesField = z.array(
  z.object({
    keyword: z.string({ error: "Each reply needs its keyword" }),
    reply: z
      .string({ error: "Each reply must be text" })
      .trim()
      .min(1, "Reply must not be empty")
      .max(LIMITS.templateMax, `Reply is at most ${LIMITS.templateMax} characters`),
  }),
  { error: "Auto-replies must be a list of keywords and replies" },
);

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

const agentSchema = z
  .strictObject(
    {
      ...baseFields,
      keywords: z.undefined({ error: "Keywords apply only to the Rules Engine workflow" }).optional(),
      auto_reply_templates: z
        .undefined({ error: "Auto-reply templates apply only to the Rules Engine workflow" })
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys" ? `Unknown setting: ${issue.keys.join(", ")}` : "Settings must be an object",
    },
  )
  .transform(({ ai_model, system_prompt, temperature, max_tokens }): WorkflowConfig => ({
    ai_model,
    system_prompt,
    temperature,
    max_tokens,
  }));

const rulesEngineSchema = z
  .strictObject(
    {
      ...baseFields,
      keywords: keywordsField,
      auto_reply_templates: templatesField.optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys" ? `Unknown setting: ${issue.keys.join(", ")}` : "Settings must be an object",
    },
  )
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    const slugs = new Map<string, string>();
    config.keywords.forEach((keyword, index) => {
      const key = keyword.toLocaleLowerCase();
      if (key === DEFAULT_TEMPLATE_KEY) {
        ctx.addIssue({
          code: "custom",
          path: ["keywords", index],
          message: `"${DEFAULT_TEMPLATE_KEY}" is reserved for the reply when no keyword matches`,
        });
        return;
      }
      if (seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["keywords", index],
          message: `Keyword "${keyword}" is listed twice (keywords ignore case)`,
        });
        return;
      }
      seen.set(key, index);
      const slug = keywordSlug(keyword);
      const other = slugs.get(slug);
      if (other !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["keywords", index],
          message: `Keywords "${other}" and "${keyword}" would share the Kapso node id reply_${slug}; change one of them`,
        });
      } else {
        slugs.set(slug, keyword);
      }
    });
    const answered = new Set<string>();
    for (const { keyword: rawKey } of config.auto_reply_templates ?? []) {
      const key = rawKey.trim().toLocaleLowerCase();
      if (key !== DEFAULT_TEMPLATE_KEY && !seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["auto_reply_templates", rawKey],
          message: `There is no keyword "${rawKey.trim()}" for this reply`,
        });
      } else if (answered.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["auto_reply_templates", rawKey],
          message: `"${rawKey.trim()}" has two replies; keep one`,
        });
      }
      answered.add(key);
    }
  })
  .transform((config): WorkflowConfig => {
    // Replies carry the keyword's own spelling so "PROMO" and "promo" are one entry.
    const bySpelling = new Map(config.keywords.map((k) => [k.toLocaleLowerCase(), k]));
    const templates = config.auto_reply_templates?.map(({ keyword, reply }) => {
      const key = keyword.trim().toLocaleLowerCase();
      return { keyword: key === DEFAULT_TEMPLATE_KEY ? DEFAULT_TEMPLATE_KEY : bySpelling.get(key)!, reply };
    });
    return {
      ai_model: config.ai_model,
      system_prompt: config.system_prompt,
      temperature: config.temperature,
      max_tokens: config.max_tokens,
      keywords: config.keywords,
      ...(templates?.length ? { auto_reply_templates: templates } : {}),
    };
  });

/** THE schema for one workflow type's settings (form and server). */
export function workflowConfigSchema(type: WorkflowType) {
  return usesKeywords(type) ? rulesEngineSchema : agentSchema;
}

export type FieldErrors = Record<string, string>;

export type ParseResult = { ok: true; config: WorkflowConfig } | { ok: false; errors: FieldErrors };

/** Validates settings; errors are keyed by field path ("temperature", "keywords.2", "auto_reply_templates.promo"). */
export function parseWorkflowConfig(type: WorkflowType, input: unknown): ParseResult {
  const parsed = workflowConfigSchema(type).safeParse(input);
  if (parsed.success) {
    return { ok: true, config: parsed.data };
  }
  const errors: FieldErrors = {};
  const replies = (input as { auto_reply_templates?: unknown } | null)?.auto_reply_templates;
  for (const issue of parsed.error.issues) {
    const [field, index] = issue.path;
    // A reply's error is reported under its keyword, where the form shows it.
    const keyword =
      field === "auto_reply_templates" && typeof index === "number" && Array.isArray(replies)
        ? replies[index]?.keyword
        : undefined;
    const path =
      typeof keyword === "string"
        ? `auto_reply_templates.${keyword.trim()}`
        : issue.path.length
          ? issue.path.map(String).join(".")
          : "config";
    errors[path] ??= issue.message;
  }
  return { ok: false, errors };
}

/** "temperature: Temperature must be …; keywords.1: …" for server errors. */
export function describeFieldErrors(errors: FieldErrors): string {
  return Object.entries(errors)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which Kapso workflow the settings belong to (the form's two extra fields). */
export const kapsoWorkflowRefSchema = z.object({
  kapsoWorkflowId: z
    .string({ error: "Kapso workflow id must be text" })
    .trim()
    .refine(
      (id) => id === "" || UUID.test(id),
      "Kapso workflow id is the UUID in the workflow's Kapso Dashboard URL (or leave it empty)",
    ),
  kapsoWorkflowName: z
    .string({ error: "Kapso workflow name is required" })
    .trim()
    .min(1, "Kapso workflow name is required")
    .max(100, "Kapso workflow name is at most 100 characters"),
});

export type WorkflowSettingsInput = { config: unknown; kapsoWorkflowId: unknown; kapsoWorkflowName: unknown };
export type WorkflowSettingsValue = { config: WorkflowConfig; kapsoWorkflowId: string; kapsoWorkflowName: string };

/** Validates everything a save writes, reporting every bad field at once. */
export function parseWorkflowSettings(
  type: WorkflowType,
  input: WorkflowSettingsInput,
): { ok: true; value: WorkflowSettingsValue } | { ok: false; errors: FieldErrors } {
  const config = parseWorkflowConfig(type, input.config);
  const ref = kapsoWorkflowRefSchema.safeParse({
    kapsoWorkflowId: input.kapsoWorkflowId,
    kapsoWorkflowName: input.kapsoWorkflowName,
  });
  const errors: FieldErrors = config.ok ? {} : { ...config.errors };
  if (!ref.success) {
    for (const issue of ref.error.issues) {
      errors[issue.path.map(String).join(".")] ??= issue.message;
    }
  }
  if (!config.ok || !ref.success) {
    return { ok: false, errors };
  }
  return { ok: true, value: { config: config.config, ...ref.data } };
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
