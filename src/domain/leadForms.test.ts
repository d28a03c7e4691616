import { describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import en from "../../messages/en.json";
import id from "../../messages/id.json";
import { fieldError, leadNameSchema, leadNoteSchema, manualNoteSchema } from "./leadForms";

const say = {
  en: createTranslator({ locale: "en", messages: en }),
  id: createTranslator({ locale: "id", messages: id }),
};

describe("the lead fields' errors, in no language until shown", () => {
  it.each([
    ["a blank name", leadNameSchema, "   ", "validation.leads.nameRequired", "Name is required", "Nama wajib diisi"],
    [
      "a long name",
      leadNameSchema,
      "x".repeat(101),
      "validation.leads.nameTooLong",
      "Name is at most 100 characters",
      "Nama maksimal 100 karakter",
    ],
    [
      "a long description",
      leadNoteSchema,
      "x".repeat(5001),
      "validation.leads.noteTooLong",
      "Note is at most 5,000 characters",
      "Catatan maksimal 5.000 karakter",
    ],
    [
      "a blank note",
      manualNoteSchema,
      " \n ",
      "validation.leads.noteRequired",
      "Write the note first",
      "Tulis catatannya dulu",
    ],
  ])("%s → %s", (_, schema, value, key, english, indonesian) => {
    const ref = fieldError(schema, value);
    expect(ref?.key).toBe(key);
    expect(say.en(ref!.key, ref!.values)).toBe(english);
    expect(say.id(ref!.key, ref!.values)).toBe(indonesian);
  });

  it.each([
    ["a name", leadNameSchema, "  Budi  "],
    ["an empty description (it clears)", leadNoteSchema, ""],
    ["a note", manualNoteSchema, "Called back"],
  ])("%s is valid", (_, schema, value) => {
    expect(fieldError(schema, value)).toBeNull();
  });
});
