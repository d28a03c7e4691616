import { describe, expect, it } from "vitest";
import {
  isPositional,
  parameterError,
  renderTemplateBody,
  summarizeTemplate,
  templateParametersSchema,
  templatePlaceholders,
} from "./templates";

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
  it.each<[string[], string]>([
    [["Budi"], "parameters: This template takes 2 parameters, not 1."],
    [["Budi", "INV", "x"], "parameters: This template takes 2 parameters, not 3."],
    [["", "INV"], "parameters.1 ({{1}}): Fill in {{1}}."],
    [["Budi", " \n"], "parameters.2 ({{2}}): Fill in {{2}}."],
    [["Budi", "x".repeat(1025)], "parameters.2 ({{2}}): {{2}} is at most 1024 characters."],
  ])("%j → %s", (values, message) => {
    const result = schema.safeParse(values);
    expect(result.success).toBe(false);
    expect(parameterError(result.error!, ["1", "2"])).toBe(message);
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
