import * as React from "react";
import { ConvexError } from "convex/values";
import { useTranslations } from "next-intl";
import { errorCode } from "@convex/model/errorCode";
import type { MessageKey, MessageValues } from "@/i18n/messageRef";

export { errorCode };

type Translate = (key: MessageKey, values?: MessageValues) => string;
type Translator = Translate & { has: (key: MessageKey) => boolean };

function dataOf(error: unknown): Record<string, unknown> | null {
  if (!(error instanceof ConvexError)) {
    return null;
  }
  const data = error.data as unknown;
  return data && typeof data === "object" ? (data as Record<string, unknown>) : null;
}

function keyed(t: Translator, value: unknown): string | null {
  if (!value || typeof value !== "object") {
    return null;
  }
  const { key, values } = value as { key?: unknown; values?: unknown };
  if (typeof key !== "string" || !t.has(key as MessageKey)) {
    return null;
  }
  return t(key as MessageKey, values && typeof values === "object" ? (values as MessageValues) : undefined);
}

/** The sentence to show a person for an error thrown by a Convex function or the network, in their language. */
export function translateError(error: unknown, t: Translator): string {
  const data = dataOf(error);
  if (data) {
    if (Array.isArray(data.issues) && data.issues.length > 0) {
      const sentences = data.issues.map((issue) => keyed(t, issue));
      if (sentences.every((s) => s !== null)) {
        return sentences.join(" ");
      }
    }
    const sentence = keyed(t, data);
    if (sentence !== null) {
      return sentence;
    }
    if (typeof data.message === "string") {
      return data.message;
    }
  }
  if (error instanceof ConvexError && typeof error.data === "string") {
    return error.data;
  }
  if (error instanceof Error) {
    // Convex prefixes server errors with request ids and "Uncaught Error:"; keep the sentence.
    const match = /Uncaught (?:Convex)?Error: ([^\n]+)/.exec(error.message);
    return match ? match[1] : error.message;
  }
  return t("common.somethingWentWrong");
}

/** `errorMessage(error)` for components: the error's sentence in the reader's language. */
export function useErrorMessage(): (error: unknown) => string {
  const t = useTranslations() as unknown as Translator;
  return React.useCallback((error: unknown) => translateError(error, t), [t]);
}
