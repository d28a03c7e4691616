import { z } from "zod";

// Input rules shared by the dashboard forms and the Convex mutations.

/** WhatsApp's limit for a text message body. */
export const REPLY_MAX_LENGTH = 4096;

export const replyTextSchema = z
  .string()
  .trim()
  .min(1, "Write a message first")
  .max(REPLY_MAX_LENGTH, `A WhatsApp text is at most ${REPLY_MAX_LENGTH} characters`);

export const leadNameSchema = z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters");

/** The lead's standing note; empty clears it. */
export const leadNoteSchema = z.string().trim().max(5000, "Note is at most 5000 characters");

/** A dated note added to the lead's timeline. */
export const manualNoteSchema = z
  .string()
  .trim()
  .min(1, "Write the note first")
  .max(5000, "Note is at most 5000 characters");

/** The first error message of a field's schema, or null when valid. */
export function fieldError(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? "Invalid value");
}
