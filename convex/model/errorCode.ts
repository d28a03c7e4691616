import { ConvexError } from "convex/values";
import type { KapsoApiErrorKind } from "../../src/domain/kapsoPlatform";

// Apart from convex/errors.ts, which renders sentences: the dashboard imports this without the catalogues.

export type ErrorCode =
  | "CONFLICT" // someone else changed it first, or it is already under way
  | "FORBIDDEN"
  | "INVALID"
  | "NOT_CONFIGURED"
  | "NOT_FOUND"
  | "UNAUTHENTICATED"
  | "WINDOW_CLOSED" // WhatsApp's 24-hour customer service window
  | `KAPSO_${Uppercase<KapsoApiErrorKind>}`;

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
