import { DEFAULT_TEMPLATE_KEY, usesKeywords, type WorkflowType } from "@/domain/workflowSettings";
import { parseWorkflowSettings, type FieldErrors, type WorkflowSettingsValue } from "@/domain/workflowSettingsSchema";
import { replyMap, type KeywordReply } from "@/domain/keywordRules";
import type { MessageRef } from "@/i18n/messageRef";

/** The editor's state: text as typed, so half-typed numbers can be shown and explained. */
export type Draft = {
  ai_model: string;
  system_prompt: string;
  temperature: string;
  max_tokens: string;
  /** `id` names the row for React while keyword and reply are edited, reordered or removed. */
  rules: { id: string; keyword: string; reply: string }[];
  defaultReply: string;
  kapsoWorkflowId: string;
  kapsoWorkflowName: string;
};

let lastRuleId = 0;

/** A keyword row with an id no other row has. */
export function newRule(keyword = "", reply = ""): Draft["rules"][number] {
  lastRuleId += 1;
  return { id: `rule-${lastRuleId}`, keyword, reply };
}

export function draftFrom(value: WorkflowSettingsValue): Draft {
  const { config } = value;
  const templates = replyMap(config.auto_reply_templates);
  return {
    ai_model: config.ai_model,
    system_prompt: config.system_prompt,
    temperature: String(config.temperature),
    max_tokens: String(config.max_tokens),
    rules: (config.keywords ?? []).map((keyword) => newRule(keyword, templates.get(keyword) ?? "")),
    defaultReply: templates.get(DEFAULT_TEMPLATE_KEY) ?? "",
    kapsoWorkflowId: value.kapsoWorkflowId,
    kapsoWorkflowName: value.kapsoWorkflowName,
  };
}

/** Whether two drafts hold the same text; row ids are not content. */
export function sameDraft(a: Draft, b: Draft): boolean {
  const { rules: rulesA, ...textA } = a;
  const { rules: rulesB, ...textB } = b;
  return (
    (Object.keys(textA) as (keyof typeof textA)[]).every((key) => textA[key] === textB[key]) &&
    rulesA.length === rulesB.length &&
    rulesA.every((rule, i) => rule.keyword === rulesB[i].keyword && rule.reply === rulesB[i].reply)
  );
}

/** The config the draft stands for, numbers still as typed: the shared schema reads them. */
function configFromDraft(type: WorkflowType, draft: Draft) {
  const config = {
    ai_model: draft.ai_model,
    system_prompt: draft.system_prompt,
    temperature: draft.temperature,
    max_tokens: draft.max_tokens,
  };
  if (!usesKeywords(type)) {
    return config;
  }
  const templates: KeywordReply[] = draft.rules
    .filter((rule) => rule.reply.trim())
    .map(({ keyword, reply }) => ({ keyword, reply }));
  if (draft.defaultReply.trim()) {
    templates.push({ keyword: DEFAULT_TEMPLATE_KEY, reply: draft.defaultReply });
  }
  return { ...config, keywords: draft.rules.map((r) => r.keyword), auto_reply_templates: templates };
}

export type DraftErrors = {
  fields: FieldErrors;
  keyword: Record<number, MessageRef>;
  reply: Record<number, MessageRef>;
  defaultReply?: MessageRef;
};

/** Validates the draft with the shared schema and places each error next to its input. */
export function validateDraft(
  type: WorkflowType,
  draft: Draft,
): { value: WorkflowSettingsValue | null; errors: DraftErrors } {
  const parsed = parseWorkflowSettings(type, {
    config: configFromDraft(type, draft),
    kapsoWorkflowId: draft.kapsoWorkflowId,
    kapsoWorkflowName: draft.kapsoWorkflowName,
  });
  const errors: DraftErrors = { fields: {}, keyword: {}, reply: {} };
  if (parsed.ok) {
    return { value: parsed.value, errors };
  }
  for (const [path, message] of Object.entries(parsed.errors)) {
    const [field, key] = path.split(/\.(.*)/s);
    if (field === "keywords" && key !== undefined) {
      errors.keyword[Number(key)] = message;
    } else if (field === "auto_reply_templates" && key !== undefined) {
      if (key === DEFAULT_TEMPLATE_KEY) {
        errors.defaultReply = message;
      }
      const row = draft.rules.findIndex((r) => r.keyword.trim().toLocaleLowerCase() === key.trim().toLocaleLowerCase());
      if (row >= 0) {
        errors.reply[row] = message;
      }
    } else {
      errors.fields[field] = message;
    }
  }
  return { value: null, errors };
}
