import * as z from "zod/mini";
import { parseDecimal, parseWholeNumber } from "./decimal";
import { issueRef } from "../i18n/issues";
import type { MessageRef } from "../i18n/messageRef";
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
function typedNumber(field: "temperature" | "maxTokens", whole = false) {
  return z.pipe(
    z.union([z.number(), z.string()], { error: `validation.workflows.${field}NotNumber` }),
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
              ? `validation.workflows.${field}Required`
              : whole
                ? "validation.workflows.maxTokensDigits"
                : "validation.workflows.temperatureFormat",
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
    .string({ error: "validation.workflows.modelRequired" })
    .check(
      z.trim(),
      z.minLength(1, "validation.workflows.modelRequired"),
      z.maxLength(LIMITS.modelNameMax, "validation.workflows.modelTooLong"),
      z.regex(MODEL_NAME, "validation.workflows.modelFormat"),
    ),
  system_prompt: z
    .string({ error: "validation.workflows.promptRequired" })
    .check(
      z.trim(),
      z.minLength(1, "validation.workflows.promptRequired"),
      z.maxLength(LIMITS.systemPromptMax, "validation.workflows.promptTooLong"),
    ),
  temperature: z.pipe(
    typedNumber("temperature"),
    z
      .number({ error: "validation.workflows.temperatureNotNumber" })
      .check(
        z.minimum(LIMITS.temperatureMin, "validation.workflows.temperatureRange"),
        z.maximum(LIMITS.temperatureMax, "validation.workflows.temperatureRange"),
      ),
  ),
  max_tokens: z.pipe(
    typedNumber("maxTokens", true),
    z
      .number({ error: "validation.workflows.maxTokensWhole" })
      .check(
        z.int("validation.workflows.maxTokensWhole"),
        z.minimum(1, "validation.workflows.maxTokensMin"),
        z.maximum(LIMITS.maxTokensMax, "validation.workflows.maxTokensMax"),
      ),
  ),
};

const keywordsField = z
  .array(
    z
      .string({ error: "validation.workflows.keywordNotText" })
      .check(
        z.trim(),
        z.minLength(1, "validation.workflows.keywordEmpty"),
        z.maxLength(LIMITS.keywordMax, "validation.workflows.keywordTooLong"),
      ),
    { error: "validation.workflows.keywordsNotList" },
  )
  .check(
    z.minLength(1, "validation.workflows.keywordsRequired"),
    z.maxLength(LIMITS.keywordsMax, "validation.workflows.keywordsTooMany"),
  );

const templatesField = z.array(
  z.object({
    keyword: z.string({ error: "validation.workflows.replyNoKeyword" }),
    reply: z
      .string({ error: "validation.workflows.replyNotText" })
      .check(
        z.trim(),
        z.minLength(1, "validation.workflows.replyEmpty"),
        z.maxLength(LIMITS.templateMax, "validation.workflows.replyTooLong"),
      ),
  }),
  { error: "validation.workflows.repliesNotList" },
);

const settingsObjectError = {
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === "unrecognized_keys"
      ? "validation.workflows.unknownSetting"
      : "validation.workflows.settingsNotObject",
};

const agentSchema = z.pipe(
  z.strictObject(
    {
      ...baseFields,
      keywords: z.optional(z.undefined({ error: "validation.workflows.keywordsRulesOnly" })),
      auto_reply_templates: z.optional(z.undefined({ error: "validation.workflows.repliesRulesOnly" })),
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
            message: "validation.workflows.keywordReserved",
            params: { keyword: DEFAULT_TEMPLATE_KEY },
          });
          return;
        }
        if (seen.has(key)) {
          ctx.addIssue({
            code: "custom",
            path: ["keywords", index],
            message: "validation.workflows.keywordTwice",
            params: { keyword },
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
            message: "validation.workflows.keywordSameNode",
            params: { other, keyword, node: `reply_${slug}` },
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
            message: "validation.workflows.replyUnknownKeyword",
            params: { keyword: rawKey.trim() },
          });
        } else if (answered.has(key)) {
          ctx.addIssue({
            code: "custom",
            path: ["auto_reply_templates", rawKey],
            message: "validation.workflows.replyTwice",
            params: { keyword: rawKey.trim() },
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

/** Each bad field's message, by field path; the issues carry the same paths, for the server's error. */
export type FieldErrors = Record<string, MessageRef>;
type Invalid = { ok: false; errors: FieldErrors; issues: z.core.$ZodIssue[] };

export type ParseResult = { ok: true; config: WorkflowConfig } | Invalid;

/** Validates settings; errors are keyed by field path ("temperature", "keywords.2", "auto_reply_templates.promo"). */
export function parseWorkflowConfig(type: WorkflowType, input: unknown): ParseResult {
  const parsed = workflowConfigSchema(type).safeParse(input);
  if (parsed.success) {
    return { ok: true, config: parsed.data };
  }
  const errors: FieldErrors = {};
  const issues: z.core.$ZodIssue[] = [];
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
    if (!(path in errors)) {
      // Zod gives an error map no way to pass the unknown names to the sentence: add them here.
      const named = issue.code === "unrecognized_keys" ? { ...issue, params: { keys: issue.keys.join(", ") } } : issue;
      errors[path] = issueRef(named);
      issues.push({ ...named, path: path.split(".") });
    }
  }
  return { ok: false, errors, issues };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which Kapso workflow the settings belong to (the form's two extra fields). */
export const kapsoWorkflowRefSchema = z.object({
  kapsoWorkflowId: z.string({ error: "validation.workflows.workflowIdNotText" }).check(
    z.trim(),
    z.refine((id) => id === "" || UUID.test(id), "validation.workflows.workflowIdFormat"),
  ),
  kapsoWorkflowName: z
    .string({ error: "validation.workflows.workflowNameRequired" })
    .check(
      z.trim(),
      z.minLength(1, "validation.workflows.workflowNameRequired"),
      z.maxLength(100, "validation.workflows.workflowNameTooLong"),
    ),
});

export type WorkflowSettingsInput = { config: unknown; kapsoWorkflowId: unknown; kapsoWorkflowName: unknown };
export type WorkflowSettingsValue = { config: WorkflowConfig; kapsoWorkflowId: string; kapsoWorkflowName: string };

/** Validates everything a save writes, reporting every bad field at once. */
export function parseWorkflowSettings(
  type: WorkflowType,
  input: WorkflowSettingsInput,
): { ok: true; value: WorkflowSettingsValue } | Invalid {
  const config = parseWorkflowConfig(type, input.config);
  const ref = kapsoWorkflowRefSchema.safeParse({
    kapsoWorkflowId: input.kapsoWorkflowId,
    kapsoWorkflowName: input.kapsoWorkflowName,
  });
  const errors: FieldErrors = config.ok ? {} : { ...config.errors };
  const issues = config.ok ? [] : [...config.issues];
  if (!ref.success) {
    for (const issue of ref.error.issues) {
      const path = issue.path.map(String).join(".");
      if (!(path in errors)) {
        errors[path] = issueRef(issue);
        issues.push(issue);
      }
    }
  }
  if (!config.ok || !ref.success) {
    return { ok: false, errors, issues };
  }
  return { ok: true, value: { config: config.config, ...ref.data } };
}
