/**
 * Keyword replies of the Rules Engine: a list of `{ keyword, reply }`, because a
 * keyword is free text (emoji, accents, a leading `$`) and Convex field names are
 * not. Rows saved before kept an object keyed by keyword; `upgradeConfig` reads both.
 */

/** The reply sent when the lead's message is about `keyword` ("default": when no keyword matches). */
export type KeywordReply = { keyword: string; reply: string };

/** The reply text per keyword, for lookups. */
export function replyMap(replies: readonly KeywordReply[] | undefined): Map<string, string> {
  return new Map((replies ?? []).map((r) => [r.keyword, r.reply]));
}

/** Replies kept by earlier versions as `{ [keyword]: reply }`. */
export type LegacyReplies = Record<string, string>;

/** Replies as a list, whichever form a stored row has; object keys keep their order. */
export function upgradeReplies(stored: readonly KeywordReply[] | LegacyReplies): KeywordReply[] {
  if (Array.isArray(stored)) {
    return stored.map(({ keyword, reply }) => ({ keyword, reply }));
  }
  return Object.entries(stored as LegacyReplies).map(([keyword, reply]) => ({ keyword, reply }));
}

/** A stored config with replies in either form → the current form (unchanged when already current). */
export function upgradeConfig<C extends { auto_reply_templates?: readonly KeywordReply[] | LegacyReplies }>(
  stored: C,
): Omit<C, "auto_reply_templates"> & { auto_reply_templates?: KeywordReply[] } {
  const { auto_reply_templates, ...rest } = stored;
  return auto_reply_templates === undefined
    ? rest
    : { ...rest, auto_reply_templates: upgradeReplies(auto_reply_templates) };
}

/** True when a stored config still keeps its replies keyed by keyword. */
export function isLegacyConfig(stored: { auto_reply_templates?: unknown }): boolean {
  return stored.auto_reply_templates !== undefined && !Array.isArray(stored.auto_reply_templates);
}
