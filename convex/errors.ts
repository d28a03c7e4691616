import { ConvexError, type Value } from "convex/values";
import type * as z from "zod/mini";
import { errorCode, type ErrorCode } from "./model/errorCode";
import type { MessageRef } from "../src/i18n/messageRef";
import { issueRef } from "../src/i18n/issues";
import { translate } from "./model/i18n";

// The error contract between the functions and the dashboard: the server throws userError(code, messageRef);
// the client branches on errorCode(e) and shows the message by its key in the reader's language
// (src/lib/errors.ts), never parsing the text. `message` is the English sentence, for logs and API callers.

export { errorCode, type ErrorCode };

/** One bad field of an input, as its message and the path Zod named. */
export type IssueData = { path: string; key: string; values: Record<string, string | number> };

export type UserErrorData = {
  code: ErrorCode;
  /** The English sentence; the dashboard shows `key` in its reader's language instead. */
  message: string;
  key?: string;
  values?: Record<string, string | number>;
  /** Every bad field, for INVALID input. */
  issues?: IssueData[];
  /** Facts for the client beside the sentence (Kapso's Retry-After, the current version). */
  [detail: string]: Value | undefined;
};

/**
 * An error for the person using the dashboard, by its catalogue key. A plain string is for internal functions
 * only (the summary job's guards), whose errors no person reads.
 */
export function userError(
  code: ErrorCode,
  message: string | MessageRef,
  details: Record<string, Value> = {},
): ConvexError<UserErrorData> {
  if (typeof message === "string") {
    return new ConvexError({ ...details, code, message });
  }
  return new ConvexError({
    ...details,
    code,
    message: translate("en", message),
    key: message.key,
    values: message.values ?? {},
  });
}

/** INVALID input, naming every bad field (Zod issues from the schema the form shares). */
export function invalidInput(error: z.core.$ZodError, details: Record<string, Value> = {}): ConvexError<UserErrorData> {
  const issues: IssueData[] = error.issues.map((issue) => {
    const ref = issueRef(issue);
    return { path: issue.path.join("."), key: ref.key, values: ref.values ?? {} };
  });
  const message = issues.map((issue) => `${issue.path || "input"}: ${translate("en", issue as MessageRef)}`).join("; ");
  return new ConvexError({ ...details, code: "INVALID" as const, message, issues });
}
