import * as z from "zod/mini";
import { parseDecimal, parseWholeNumber } from "./decimal";
import {
  DEFAULT_TEMPLATE_KEY,
  LIMITS,
  keywordSlug,
  usesKeywords,
  type WorkflowConfig,
  type WorkflowType,
} from "./workflowSettings";

/**
 * THE schema of workflow settings, shared by the editor form and
 * `workflowSettings.save`. zod/mini, and apart from the labels and limits in
 * `workflowSettings.ts`, so only the editor loads a validator in the browser.
 */

/** A number, or the text of one as typed in the form (decimal comma yes, hex and exponents no). */
function typedNumber(label: string, example: string, whole = false) {
  return z.pipe(
    z.union([z.number(), z.string()], { error: `${label} must be a number` }),
    z.transform((value, ctx) => {
      if (typeof value === "number") {
        return value;
      }
      const parsed = value.trim() === "" ? null : whole ? parseWholeNumber(value) : parseDecimal(value);
      if (parsed === null) {
        ctx.issues.push({
          code: "custom",
          input: value,
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
    }),
  );
}

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

const baseFields = {
  ai_model: z
    .string({ error: "AI model is required" })
    .check(
      z.trim(),
      z.minLength(1, "AI model is required"),
      z.maxLength(LIMITS.modelNameMax, `AI model is at most ${LIMITS.modelNameMax} characters`),
      z.regex(MODEL_NAME, "AI model is a model name such as gemini-2.5-flash (letters, digits, . _ : / -)"),
    ),
  system_prompt: z
    .string({ error: "System prompt is required" })
    .check(
      z.trim(),
      z.minLength(1, "System prompt is required"),
      z.maxLength(
        LIMITS.systemPromptMax,
        `System prompt is at most ${LIMITS.systemPromptMax.toLocaleString("en-US")} characters`,
      ),
    ),
  temperature: z.pipe(
    typedNumber("Temperature", "0.5 or 0,5"),
    z
      .number({ error: "Temperature must be a number" })
      .check(
        z.minimum(LIMITS.temperatureMin, "Temperature must be between 0.0 and 1.0"),
        z.maximum(LIMITS.temperatureMax, "Temperature must be between 0.0 and 1.0"),
      ),
  ),
  max_tokens: z.pipe(
    typedNumber("Max tokens", "1024", true),
    z
      .number({ error: "Max tokens must be a whole number" })
      .check(
        z.int("Max tokens must be a whole number"),
        z.minimum(1, "Max tokens must be at least 1"),
        z.maximum(LIMITS.maxTokensMax, `Max tokens must be at most ${LIMITS.maxTokensMax}`),
      ),
  ),
};

const keywordsField = z
  .array(
    z
      .string({ error: "Each keyword must be text" })
      .check(
        z.trim(),
        z.minLength(1, "Keywords must not be empty"),
        z.maxLength(LIMITS.keywordMax, `Keywords are at most ${LIMITS.keywordMax} characters`),
      ),
    { error: "Keywords must be a list" },
  )
  .check(
    z.minLength(1, "Add at least one keyword"),
    z.maxLength(LIMITS.keywordsMax, `At most ${LIMITS.keywordsMax} keywords`),
  );

const templatesField = z.array(
  z.object({
    keyword: z.string({ error: "Each reply needs its keyword" }),
    reply: z
      .string({ error: "Each reply must be text" })
      .check(
        z.trim(),
        z.minLength(1, "Reply must not be empty"),
        z.maxLength(LIMITS.templateMax, `Reply is at most ${LIMITS.templateMax} characters`),
      ),
  }),
  { error: "Auto-replies must be a list of keywords and replies" },
);

const settingsObjectError = {
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === "unrecognized_keys" ? `Unknown setting: ${issue.keys.join(", ")}` : "Settings must be an object",
};

const agentSchema = z.pipe(
  z.strictObject(
    {
      ...baseFields,
      keywords: z.optional(z.undefined({ error: "Keywords apply only to the Rules Engine workflow" })),
      auto_reply_templates: z.optional(
        z.undefined({ error: "Auto-reply templates apply only to the Rules Engine workflow" }),
      ),
    },
    settingsObjectError,
  ),
  z.transform(({ ai_model, system_prompt, temperature, max_tokens }): WorkflowConfig => ({
    ai_model,
    system_prompt,
    temperature,
    max_tokens,
  })),
);

const rulesEngineObject = z.strictObject(
  {
    ...baseFields,
    keywords: keywordsField,
    auto_reply_templates: z.optional(templatesField),
  },
  settingsObjectError,
);

const rulesEngineSchema = z.pipe(
  rulesEngineObject.check(
    z.superRefine((config, ctx) => {
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
    }),
  ),
  z.transform((config: z.output<typeof rulesEngineObject>): WorkflowConfig => {
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
  }),
);

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
  kapsoWorkflowId: z.string({ error: "Kapso workflow id must be text" }).check(
    z.trim(),
    z.refine(
      (id) => id === "" || UUID.test(id),
      "Kapso workflow id is the UUID in the workflow's Kapso Dashboard URL (or leave it empty)",
    ),
  ),
  kapsoWorkflowName: z
    .string({ error: "Kapso workflow name is required" })
    .check(
      z.trim(),
      z.minLength(1, "Kapso workflow name is required"),
      z.maxLength(100, "Kapso workflow name is at most 100 characters"),
    ),
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
