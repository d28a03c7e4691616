import { ConvexError, type Value } from "convex/values";
import type { KapsoApiErrorKind } from "../src/domain/kapsoPlatform";

// The error contract between the functions and the dashboard, in one module
// both import: the server throws userError(code, message); the client branches
// on errorCode(e) and shows errorMessage(e) (src/lib/errors.ts), never parsing
// the text.

export type ErrorCode =
  | "CONFLICT" // someone else changed it first, or it is already under way
  | "FORBIDDEN"
  | "INVALID"
  | "NOT_CONFIGURED"
  | "NOT_FOUND"
  | "UNAUTHENTICATED"
  | "WINDOW_CLOSED" // WhatsApp's 24-hour customer service window
  | `KAPSO_${Uppercase<KapsoApiErrorKind>}`;

export type UserErrorData = {
  code: ErrorCode;
  /** A sentence the dashboard shows as it is; field errors start with the field's name. */
  message: string;
  /** Facts for the client beside the sentence (per-field messages, Kapso's Retry-After, the current version). */
  [detail: string]: Value;
};

/** An error for the person using the dashboard. */
export function userError(
  code: ErrorCode,
  message: string,
  details: Record<string, Value> = {},
): ConvexError<UserErrorData> {
  return new ConvexError({ ...details, code, message });
}

/** The code of an error thrown by userError, or null for any other error. */
export function errorCode(error: unknown): ErrorCode | null {
  if (!(error instanceof ConvexError)) {
    return null;
  }
  const data = error.data as unknown;
  if (data && typeof data === "object" && "code" in data && typeof data.code === "string") {
    return data.code as ErrorCode;
  }
  return null;
}
