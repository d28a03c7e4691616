import type { Doc, Id } from "../_generated/dataModel";

// A delivery's unit of work: every document it touches is read at most once,
// changed in memory, and written once at the end (a batch of 100 messages in one
// conversation patches that conversation once, not 100 times).

export type ContactFields = Omit<Doc<"contacts">, "_id" | "_creationTime">;
export type ConversationFields = Omit<Doc<"conversations">, "_id" | "_creationTime" | "contact_id">;
export type MessageFields = Omit<Doc<"messages">, "_id" | "_creationTime" | "conversation_id" | "contact_id">;

export type Entry<Table extends "contacts" | "conversations" | "messages", Fields> = {
  id?: Id<Table>;
  fields: Fields;
  /** Fields to patch on an existing document. */
  dirty: Partial<Fields>;
};

export type ContactEntry = Entry<"contacts", ContactFields>;
export type ConversationEntry = Entry<"conversations", ConversationFields> & {
  contact: ContactEntry;
  isNew: boolean;
  /** The stored lead is gone: point the conversation at the lead the payload names. */
  repointContact?: boolean;
};
/** `conversation` is set for messages this delivery inserts; status updates never need it. */
export type MessageEntry = Entry<"messages", MessageFields> & { conversation?: ConversationEntry };

/** Records the changed fields of an entry; unchanged values stay out of the patch. */
export function set<F>(entry: { fields: F; dirty: Partial<F> }, changes: Partial<F>) {
  for (const [key, value] of Object.entries(changes) as Array<[keyof F, F[keyof F]]>) {
    if (entry.fields[key] === value) {
      continue;
    }
    entry.fields[key] = value;
    entry.dirty[key] = value;
  }
}

export function isDirty(entry: { dirty: object }) {
  return Object.keys(entry.dirty).length > 0;
}

export function withoutSystemFields<T extends { _id: unknown; _creationTime: number }>(doc: T) {
  const { _id, _creationTime, ...fields } = doc;
  void _id;
  void _creationTime;
  return fields;
}
