"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import type { MessageRef } from "./messageRef";

/** Renders what the domain or the server decided to say (a MessageRef) in the reader's language. */
export function useMessage(): (ref: MessageRef) => string {
  const t = useTranslations();
  return React.useCallback((ref: MessageRef) => t(ref.key, ref.values), [t]);
}
