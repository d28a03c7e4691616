import type { MessageKeys, NestedKeyOf } from "use-intl/core";
import type en from "../../messages/en.json";

/** Every message of the catalogues by its full dotted key ("inbox.empty"); English is the reference. */
export type MessageKey = MessageKeys<typeof en, NestedKeyOf<typeof en>>;

export type MessageValues = Record<string, string | number>;

/**
 * A sentence named by its catalogue key, for code that decides what to say but not in which language (the domain,
 * the server's errors): the page renders it in its reader's language.
 */
export type MessageRef = { key: MessageKey; values?: MessageValues };

export function messageRef(key: MessageKey, values?: MessageValues): MessageRef {
  return values ? { key, values } : { key };
}
