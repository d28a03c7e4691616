"use client";
import * as React from "react";
import { contentRef } from "@/domain/messageContent";
import { useMessage } from "@/i18n/useMessage";

/**
 * A message's stored content or a conversation's stored preview in the reader's language: the labels ingestion
 * writes in English ("📷 Photo") are said again; what the sender wrote stays as it is.
 */
export function useMessageText(): (content: string) => string {
  const say = useMessage();
  return React.useCallback(
    (content: string) => {
      const ref = contentRef(content);
      return ref ? say(ref) : content;
    },
    [say],
  );
}
