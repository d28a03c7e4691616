import * as z from "zod/mini";
import { REPLY_MAX_LENGTH } from "./replyWindow";

// Input rules shared by the dashboard forms and the Convex mutations (zod/mini: the browser loads them).

export const replyTextSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "Write a message first"),
    z.maxLength(REPLY_MAX_LENGTH, `A WhatsApp text is at most ${REPLY_MAX_LENGTH} characters`),
  );

export const leadNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, "Name is required"), z.maxLength(100, "Name is at most 100 characters"));

/** The lead's standing note; empty clears it. */
export const leadNoteSchema = z.string().check(z.trim(), z.maxLength(5000, "Note is at most 5000 characters"));

/** A dated note added to the lead's timeline. */
export const manualNoteSchema = z
  .string()
  .check(z.trim(), z.minLength(1, "Write the note first"), z.maxLength(5000, "Note is at most 5000 characters"));

/** The first error message of a field's schema, or null when valid. */
export function fieldError(schema: z.ZodMiniType, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? "Invalid value");
}
