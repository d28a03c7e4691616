import type { MutationCtx } from "../_generated/server";
import type { Doc, Id } from "../_generated/dataModel";
import { contactSearchText, syncLeadConversations } from "../contacts";
import { phoneKey } from "../../src/domain/phone";
import type { IdentityChange, IngestConversation } from "../../src/domain/kapsoWebhook";
import { isDirty, set, withoutSystemFields, type ContactEntry } from "./unitOfWork";

/** A new lead without a name from Kapso is called this until Kapso or a person names it. */
export const UNKNOWN_NAME = "Unknown";

type Key = `id:${string}` | `phone:${string}` | `bsuid:${string}`;

/**
 * Lead resolution for one delivery: business-scoped user id first (Kapso's
 * identity), then the normalised phone. One lead per phone and per BSUID.
 */
export class Leads {
  private readonly byKey = new Map<Key, ContactEntry>();
  private readonly list: ContactEntry[] = [];
  private readonly notes: Array<{ contact: ContactEntry; content: string }> = [];

  constructor(
    private readonly ctx: MutationCtx,
    private readonly workspace: Doc<"workspaces">,
    private readonly now: number,
  ) {}

  phoneOf(raw: string | undefined): string | undefined {
    return phoneKey(raw, this.workspace.default_country) ?? undefined;
  }

  async byId(id: Id<"contacts">): Promise<ContactEntry | undefined> {
    const cached = this.byKey.get(`id:${id}`);
    if (cached) {
      return cached;
    }
    const doc = await this.ctx.db.get("contacts", id);
    return doc ? this.remember(doc) : undefined;
  }

  private remember(doc: Doc<"contacts">): ContactEntry {
    const cached = this.byKey.get(`id:${doc._id}`);
    if (cached) {
      return cached;
    }
    const entry: ContactEntry = { id: doc._id, fields: withoutSystemFields(doc), dirty: {} };
    this.index(entry);
    this.list.push(entry);
    return entry;
  }

  private index(entry: ContactEntry) {
    if (entry.id) {
      this.byKey.set(`id:${entry.id}`, entry);
    }
    if (entry.fields.phone) {
      this.byKey.set(`phone:${entry.fields.phone}`, entry);
    }
    if (entry.fields.business_scoped_user_id) {
      this.byKey.set(`bsuid:${entry.fields.business_scoped_user_id}`, entry);
    }
  }

  private async lookup(kind: "phone" | "bsuid", value: string): Promise<ContactEntry | undefined> {
    const cached = this.byKey.get(`${kind}:${value}`);
    if (cached) {
      return cached;
    }
    const workspaceId = this.workspace._id;
    const doc =
      kind === "phone"
        ? await this.ctx.db
            .query("contacts")
            .withIndex("by_workspace_phone", (q) => q.eq("workspace_id", workspaceId).eq("phone", value))
            .first()
        : await this.ctx.db
            .query("contacts")
            .withIndex("by_workspace_bsuid", (q) =>
              q.eq("workspace_id", workspaceId).eq("business_scoped_user_id", value),
            )
            .first();
    return doc ? this.remember(doc) : undefined;
  }

  /** The stored lead the ids name, BSUID first. */
  async find(ids: { bsuid?: string; phone?: string }): Promise<ContactEntry | undefined> {
    const byBsuid = ids.bsuid ? await this.lookup("bsuid", ids.bsuid) : undefined;
    if (byBsuid) {
      return byBsuid;
    }
    return ids.phone ? await this.lookup("phone", ids.phone) : undefined;
  }

  /** The lead a conversation names, created when none exists. */
  async forConversation(conversation: IngestConversation, activity: number): Promise<ContactEntry> {
    const phone = this.phoneOf(conversation.phone);
    const found = await this.find({ bsuid: conversation.bsuid, phone });
    if (found) {
      return found;
    }
    const name = conversation.contactName ?? conversation.username ?? UNKNOWN_NAME;
    const entry: ContactEntry = {
      fields: {
        workspace_id: this.workspace._id,
        ...(phone ? { phone } : {}),
        ...(conversation.bsuid ? { business_scoped_user_id: conversation.bsuid } : {}),
        ...(conversation.parentBsuid ? { parent_business_scoped_user_id: conversation.parentBsuid } : {}),
        ...(conversation.username ? { username: conversation.username } : {}),
        name,
        lastActivityAt: activity,
        search_text: contactSearchText(name, phone),
        created_at: this.now,
        updated_at: this.now,
      },
      dirty: {},
    };
    this.index(entry);
    this.list.push(entry);
    return entry;
  }

  /** Kapso's name, else the username, fills an empty or "Unknown" name; a person's edit is never overwritten. */
  private fillName(contact: ContactEntry, name: string | undefined) {
    const fields = contact.fields;
    if (name && fields.name_edited_at === undefined && (fields.name.trim() === "" || fields.name === UNKNOWN_NAME)) {
      set(contact, { name });
    }
  }

  /** Sets an identifier unless another lead holds it (one lead per phone and per BSUID); says so when it does. */
  private async claim(
    contact: ContactEntry,
    kind: "phone" | "bsuid",
    value: string | undefined,
    { replace }: { replace: boolean },
  ) {
    if (!value) {
      return;
    }
    const field = kind === "phone" ? "phone" : "business_scoped_user_id";
    const current = contact.fields[field];
    if (current === value || (current && !replace)) {
      return;
    }
    const holder = await this.lookup(kind, value);
    if (holder && holder !== contact) {
      // Only an identity change is worth a note; ordinary deliveries repeat the same conflict.
      if (replace) {
        this.notes.push({
          contact,
          content: `Kapso reported ${kind === "phone" ? `phone ${value}` : `business-scoped id ${value}`} for this lead, but another lead (${holder.fields.name}) has it; the two leads were not merged.`,
        });
      }
      return;
    }
    set(contact, { [field]: value });
    this.index(contact);
  }

  /** What a delivery adds to a known lead: name, missing phone or BSUID, parent BSUID, username. */
  async fill(contact: ContactEntry, conversation: IngestConversation) {
    this.fillName(contact, conversation.contactName ?? conversation.username);
    await this.claim(contact, "phone", this.phoneOf(conversation.phone), { replace: false });
    await this.claim(contact, "bsuid", conversation.bsuid, { replace: false });
    if (conversation.parentBsuid) {
      set(contact, { parent_business_scoped_user_id: conversation.parentBsuid });
    }
    if (conversation.username) {
      set(contact, { username: conversation.username });
    }
    set(contact, { search_text: contactSearchText(contact.fields.name, contact.fields.phone) });
  }

  /** whatsapp.contact.identity_changed: updates the lead it names; never creates or merges one. */
  async applyIdentityChange(change: IdentityChange): Promise<boolean> {
    const phone = this.phoneOf(change.phone);
    const contact =
      (change.previousBsuid ? await this.lookup("bsuid", change.previousBsuid) : undefined) ??
      (await this.find({ bsuid: change.bsuid, phone }));
    if (!contact) {
      return false;
    }
    const before = JSON.stringify(contact.fields);
    await this.claim(contact, "bsuid", change.bsuid, { replace: true });
    await this.claim(contact, "phone", phone, { replace: true });
    if (change.parentBsuid) {
      set(contact, { parent_business_scoped_user_id: change.parentBsuid });
    }
    if (change.username) {
      set(contact, { username: change.username });
    }
    this.fillName(contact, change.profileName ?? change.username);
    set(contact, { search_text: contactSearchText(contact.fields.name, contact.fields.phone) });
    return JSON.stringify(contact.fields) !== before;
  }

  /** Inserts new leads and patches changed ones; returns the stored leads whose name or phone changed. */
  async flush(): Promise<ContactEntry[]> {
    const db = this.ctx.db;
    const changed = this.list.filter((c) => c.id && ("name" in c.dirty || "phone" in c.dirty));
    for (const contact of this.list) {
      if (!contact.id) {
        contact.id = await db.insert("contacts", contact.fields);
      } else if (isDirty(contact)) {
        await db.patch("contacts", contact.id, { ...contact.dirty, updated_at: this.now });
      }
    }
    for (const note of this.notes) {
      await db.insert("leadNotes", {
        workspace_id: this.workspace._id,
        contact_id: note.contact.id!,
        note_type: "identity",
        content: note.content,
        created_at: this.now,
      });
    }
    return changed;
  }

  /** The other conversations of leads whose name or phone changed follow them. */
  async syncConversations(changed: ContactEntry[]) {
    for (const lead of changed) {
      await syncLeadConversations(this.ctx, { _id: lead.id!, name: lead.fields.name, phone: lead.fields.phone });
    }
  }
}
