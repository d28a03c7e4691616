import { describe, expect, it } from "vitest";
import {
  isPositional,
  parameterError,
  renderTemplateBody,
  summarizeTemplate,
  templateParametersSchema,
  templatePlaceholders,
} from "./templates";
import { translate } from "@convex/model/i18n";

describe("templatePlaceholders", () => {
  it.each([
    ["Halo {{1}}, pesanan {{2}}.", ["1", "2"]],
    ["{{2}} before {{1}}, {{2}} again", ["2", "1"]],
    ["Hi {{ customer_name }}!", ["customer_name"]],
    ["No parameters", []],
  ])("%s", (body, expected) => {
    expect(templatePlaceholders(body)).toEqual(expected);
  });

  it("tells positional from named", () => {
    expect(isPositional(["1", "2"])).toBe(true);
    expect(isPositional(["customer_name"])).toBe(false);
  });
});

describe("renderTemplateBody", () => {
  it("replaces each placeholder, repeated ones too, and keeps unknown ones", () => {
    expect(renderTemplateBody("{{1}} and {{2}}, {{1}}", ["A", "B"])).toBe("A and B, A");
    expect(renderTemplateBody("Hi {{name}}", [])).toBe("Hi {{name}}");
  });
});

describe("templateParametersSchema", () => {
  const schema = templateParametersSchema(["1", "2"]);
  it("trims filled-in parameters", () => {
    expect(schema.parse([" Budi ", "INV-1"])).toEqual(["Budi", "INV-1"]);
  });
  it.each<[string[], string, string]>([
    [["Budi"], "This template takes 2 parameters, not 1.", "Templat ini memerlukan 2 parameter, bukan 1."],
    [["Budi", "INV", "x"], "This template takes 2 parameters, not 3.", "Templat ini memerlukan 2 parameter, bukan 3."],
    [["", "INV"], "Fill in {{1}}.", "Isi {{1}}."],
    [["Budi", " \n"], "Fill in {{2}}.", "Isi {{2}}."],
    [["Budi", "x".repeat(1025)], "{{2}} is at most 1024 characters.", "{{2}} paling banyak 1024 karakter."],
  ])("%j → %s", (values, en, id) => {
    const result = schema.safeParse(values);
    expect(result.success).toBe(false);
    const ref = parameterError(result.error!);
    expect(ref.key).toMatch(/^validation\.inbox\./);
    expect(translate("en", ref)).toBe(en);
    expect(translate("id", ref)).toBe(id);
  });
  it("names a single parameter in the singular", () => {
    const result = templateParametersSchema(["1"]).safeParse([]);
    expect(translate("en", parameterError(result.error!))).toBe("This template takes 1 parameter, not 0.");
  });
});

describe("summarizeTemplate", () => {
  const body = { type: "BODY", text: "Halo {{1}}" };
  it("keeps an approved template with a text body, header and footer", () => {
    expect(
      summarizeTemplate({
        name: "hello",
        language: "id",
        status: "APPROVED",
        category: "UTILITY",
        components: [{ type: "HEADER", format: "TEXT", text: "Hi" }, body, { type: "FOOTER", text: "Bye" }],
      }),
    ).toEqual({
      name: "hello",
      language: "id",
      category: "UTILITY",
      header: "Hi",
      body: "Halo {{1}}",
      footer: "Bye",
      placeholders: ["1"],
    });
  });
  it.each([
    ["not approved", { name: "a", language: "id", status: "REJECTED", components: [body] }],
    ["without a body", { name: "a", language: "id", status: "APPROVED", components: [] }],
    ["with a media header", { name: "a", language: "id", components: [{ type: "HEADER", format: "IMAGE" }, body] }],
    ["with a variable header", { name: "a", language: "id", components: [{ type: "HEADER", text: "{{1}}" }, body] }],
    [
      "with a variable button URL",
      { name: "a", language: "id", components: [body, { type: "BUTTONS", buttons: [{ url: "https://x/{{1}}" }] }] },
    ],
    ["malformed", { language: "id" }],
  ])("drops one %s", (_, raw) => {
    expect(summarizeTemplate(raw)).toBeUndefined();
  });
});
