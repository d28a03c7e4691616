import { ConvexError } from "convex/values";
import { createTranslator } from "use-intl/core";
import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import en from "../../messages/en.json";
import id from "../../messages/id.json";
import { invalidInput, userError } from "../../convex/errors";
import { errorCode, translateError } from "@/lib/errors";

// The error contract end to end: what the server throws, as each language's dashboard shows it.

function dashboard(locale: "en" | "id") {
  const t = createTranslator({ locale, messages: locale === "en" ? en : id });
  return (error: unknown) => translateError(error, t as never);
}

const schema = z.object({ name: z.string().check(z.minLength(1, "validation.invalid")) });

describe("the error contract", () => {
  it.each([
    {
      what: "a keyed error",
      error: userError("FORBIDDEN", { key: "common.somethingWentWrong" }),
      code: "FORBIDDEN",
      shown: { en: en.common.somethingWentWrong, id: id.common.somethingWentWrong },
      logged: en.common.somethingWentWrong,
    },
    {
      what: "a Zod failure",
      error: invalidInput(schema.safeParse({ name: "" }).error!),
      code: "INVALID",
      shown: { en: en.validation.invalid, id: id.validation.invalid },
      logged: `name: ${en.validation.invalid}`,
    },
  ])("$what: each reader's language on the dashboard, English for logs", ({ error, code, shown, logged }) => {
    expect(errorCode(error)).toBe(code);
    expect(dashboard("en")(error)).toBe(shown.en);
    expect(dashboard("id")(error)).toBe(shown.id);
    expect(shown.id).not.toBe(shown.en);
    expect(error.data.message).toBe(logged);
  });

  it("names every bad field, each in the reader's language", () => {
    const two = z.object({ a: z.string().check(z.minLength(1, "validation.invalid")), b: z.number() });
    const error = invalidInput(two.safeParse({ a: "", b: "x" }).error!);
    expect(error.data.issues?.map((issue) => issue.path)).toEqual(["a", "b"]);
    expect(dashboard("id")(error)).toBe(`${id.validation.invalid} ${id.validation.invalid}`);
  });

  it.each([
    [
      "a key the catalogue lacks shows the English sentence",
      new ConvexError({ code: "INVALID", message: "Old text", key: "nope.none" }),
      "Old text",
    ],
    ["a string payload shows as it is", new ConvexError("Plain words"), "Plain words"],
    [
      "Convex's wrapped server error keeps its sentence",
      new Error("[Request ID: 1] Server Error\nUncaught Error: Boom\n at x"),
      "Boom",
    ],
    ["another Error keeps its message", new Error("Network down"), "Network down"],
  ])("%s", (_, error, expected) => {
    expect(dashboard("id")(error)).toBe(expected);
    expect(errorCode(new Error("x"))).toBeNull();
  });

  it("falls back to a sentence in the reader's language for what is not an error", () => {
    expect(dashboard("id")(undefined)).toBe(id.common.somethingWentWrong);
    expect(dashboard("en")({})).toBe(en.common.somethingWentWrong);
  });
});
