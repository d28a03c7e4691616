import { z } from "zod";
import { issueRef } from "../i18n/issues";
import type { MessageRef } from "../i18n/messageRef";

// WhatsApp message templates: what the picker shows of one, and the parameters
// a send needs. One schema checks the picker's form and templates.send alike.

/** An approved template as the picker shows it and templates.send receives it. */
export type TemplateSummary = {
  name: string;
  language: string;
  category?: string;
  /** The body text with its placeholders ({{1}} or {{name}}). */
  body: string;
  header?: string;
  footer?: string;
  /** The body's placeholders in order of first appearance, without braces: ["1", "2"] or ["customer_name"]. */
  placeholders: string[];
};

/** WhatsApp's limit for one body parameter's text. */
const MAX_PARAMETER_LENGTH = 1024;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export function templatePlaceholders(body: string): string[] {
  const seen: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    if (!seen.includes(match[1])) {
      seen.push(match[1]);
    }
  }
  return seen;
}

/** True for positional placeholders ({{1}}, {{2}}); named ones are sent with their names. */
export function isPositional(placeholders: string[]): boolean {
  return placeholders.every((p) => /^\d+$/.test(p));
}

/** The body with each placeholder replaced by its parameter: the text the lead receives. */
export function renderTemplateBody(body: string, parameters: string[]): string {
  const placeholders = templatePlaceholders(body);
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    const value = parameters[placeholders.indexOf(name)];
    return value === undefined ? whole : value;
  });
}

/**
 * The parameters of one template: as many as its body has placeholders, each
 * filled in (trimmed) and within WhatsApp's length. Issues name the placeholder; their messages are catalogue keys.
 */
export function templateParametersSchema(placeholders: string[]) {
  return z
    .array(z.string())
    .superRefine((values, ctx) => {
      if (values.length !== placeholders.length) {
        ctx.addIssue({
          code: "custom",
          message: "validation.inbox.parameterCount",
          params: { expected: placeholders.length, actual: values.length },
        });
        return;
      }
      values.forEach((value, index) => {
        const label = `{{${placeholders[index]}}}`;
        if (value.trim() === "") {
          ctx.addIssue({
            code: "custom",
            path: [index],
            message: "validation.inbox.parameterRequired",
            params: { placeholder: label },
          });
        } else if (value.trim().length > MAX_PARAMETER_LENGTH) {
          ctx.addIssue({
            code: "custom",
            path: [index],
            message: "validation.inbox.parameterTooLong",
            params: { placeholder: label, maximum: MAX_PARAMETER_LENGTH },
          });
        }
      });
    })
    .transform((values) => values.map((value) => value.trim()));
}

/** The first problem, in no language yet; its sentence names the parameter, e.g. "Fill in {{2}}." */
export function parameterError(error: z.ZodError): MessageRef {
  const [issue] = error.issues;
  return issue ? issueRef(issue) : { key: "validation.invalid" };
}

const componentSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  format: z.string().optional(),
  buttons: z.array(z.looseObject({ url: z.string().optional() })).optional(),
});

/** One template as Kapso's Meta proxy lists it (the SDK camel-cases the keys). */
const listedTemplateSchema = z.looseObject({
  name: z.string(),
  language: z.string(),
  status: z.string().optional(),
  category: z.string().optional(),
  components: z.array(componentSchema).default([]),
});

/**
 * The picker's view of a listed template; undefined for one that cannot be sent
 * from here: not approved, no text body, or needing parameters beyond the body's
 * (a media or variable header, a button with a variable URL).
 */
export function summarizeTemplate(raw: unknown): TemplateSummary | undefined {
  const parsed = listedTemplateSchema.safeParse(raw);
  if (!parsed.success || (parsed.data.status && parsed.data.status.toUpperCase() !== "APPROVED")) {
    return undefined;
  }
  const find = (type: string) => parsed.data.components.find((c) => c.type.toUpperCase() === type);
  const body = find("BODY")?.text;
  if (!body) {
    return undefined;
  }
  const header = find("HEADER");
  const headerNeedsInput =
    header !== undefined &&
    ((header.format ?? "TEXT").toUpperCase() !== "TEXT" || templatePlaceholders(header.text ?? "").length > 0);
  const buttonNeedsInput = (find("BUTTONS")?.buttons ?? []).some((b) => b.url?.includes("{{"));
  if (headerNeedsInput || buttonNeedsInput) {
    return undefined;
  }
  return {
    name: parsed.data.name,
    language: parsed.data.language,
    ...(parsed.data.category ? { category: parsed.data.category } : {}),
    body,
    ...(header?.text ? { header: header.text } : {}),
    ...(find("FOOTER")?.text ? { footer: find("FOOTER")!.text } : {}),
    placeholders: templatePlaceholders(body),
  };
}
