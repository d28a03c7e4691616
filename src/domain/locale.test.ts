import { describe, expect, it } from "vitest";
import { isLocale, localeFromAcceptLanguage, requestLocale, workspaceLanguage } from "./locale";

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "id"],
    ["en-US,en;q=0.9,id;q=0.8", "en"],
    ["ID", "id"],
    ["fr-FR,fr;q=0.9,id;q=0.5", "id"],
    ["fr-FR,de;q=0.9", null],
    ["en;q=0.2, id;q=0.8", "id"],
    ["id;q=0, en", "en"],
    ["*", null],
    ["en;q=abc,id;q=0.1", "id"],
    ["  ", null],
    ["", null],
    [null, null],
    [undefined, null],
  ])("%j → %j", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });

  it("keeps the header's order between equal weights", () => {
    expect(localeFromAcceptLanguage("id, en")).toBe("id");
    expect(localeFromAcceptLanguage("en, id")).toBe("en");
  });
});

describe("requestLocale", () => {
  it.each([
    ["id", "en-US", "id"],
    ["en", "id-ID", "en"],
    ["xx", "id-ID", "id"],
    [undefined, "id-ID", "id"],
    [undefined, "de", "en"],
    [null, null, "en"],
  ])("cookie %j, header %j → %j", (cookie, header, expected) => {
    expect(requestLocale(cookie, header)).toBe(expected);
  });
});

describe("workspaceLanguage", () => {
  it.each([
    [{ default_country: "ID" }, "id"],
    [{ default_country: "SG" }, "en"],
    [{ default_country: "ID", language: "en" as const }, "en"],
    [{ default_country: "US", language: "id" as const }, "id"],
  ])("%j → %j", (workspace, expected) => {
    expect(workspaceLanguage(workspace)).toBe(expected);
  });
});

it("isLocale accepts only our languages", () => {
  expect([..."en id EN ms".split(" "), 1, null].map(isLocale)).toEqual([true, true, false, false, false, false]);
});
