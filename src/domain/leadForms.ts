import * as z from "zod/mini";
import { REPLY_MAX_LENGTH } from "./replyWindow";
import { issueRef } from "../i18n/issues";
import type { MessageRef } from "../i18n/messageRef";

// Input rules shared by the dashboard forms and the Convex mutations (zod/mini: the browser loads them). Their
// messages are catalogue keys; the limits they name come from the issue.

export const replyTextSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "validation.inbox.replyRequired"),
    z.maxLength(REPLY_MAX_LENGTH, "validation.inbox.replyTooLong"),
  );

export const leadNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, "validation.leads.nameRequired"), z.maxLength(100, "validation.leads.nameTooLong"));

/** The lead's standing note; empty clears it. */
export const leadNoteSchema = z.string().check(z.trim(), z.maxLength(5000, "validation.leads.noteTooLong"));

/** A dated note added to the lead's timeline. */
export const manualNoteSchema = z
  .string()
  .check(z.trim(), z.minLength(1, "validation.leads.noteRequired"), z.maxLength(5000, "validation.leads.noteTooLong"));

/** The first error of a field's schema, in no language yet, or null when valid. */
export function fieldError(schema: z.ZodMiniType, value: unknown): MessageRef | null {
  const result = schema.safeParse(value);
  if (result.success) {
    return null;
  }
  const [issue] = result.error.issues;
  return issue ? issueRef(issue) : { key: "validation.invalid" };
}
