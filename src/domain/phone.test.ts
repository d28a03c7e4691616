import { describe, expect, test } from "vitest";
import { normalizePhone, phoneKey } from "./phone";

describe("normalizePhone", () => {
  test.each([
    ["+62 813-9250-849", "ID", "628139250849"],
    ["+62 813-9250-849", undefined, "628139250849"],
    ["628139250849", "ID", "628139250849"],
    ["628139250849", undefined, "628139250849"],
    ["08139250849", "ID", "628139250849"],
    ["0813 9250 849", "id", "628139250849"],
    ["12125550101", "ID", "12125550101"],
    ["+1 (212) 555-0101", "ID", "12125550101"],
  ])("%s with default country %s → %s", (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });

  test("a national number without a default country cannot be read", () => {
    expect(normalizePhone("08139250849")).toBeNull();
  });

  test("no digits, empty or missing input is null", () => {
    expect(normalizePhone("", "ID")).toBeNull();
    expect(normalizePhone("abc", "ID")).toBeNull();
    expect(normalizePhone(undefined, "ID")).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });

  test("an unknown default country does not throw", () => {
    expect(normalizePhone("08139250849", "ZZ")).toBeNull();
    expect(normalizePhone("628139250849", "ZZ")).toBe("628139250849");
  });
});

describe("phoneKey", () => {
  test("is the normalised number when it parses", () => {
    expect(phoneKey("08139250849", "ID")).toBe("628139250849");
  });

  test("falls back to the digits so an odd number still maps to one lead", () => {
    expect(phoneKey("0813", undefined)).toBe("0813");
    expect(phoneKey("x", "ID")).toBeNull();
  });
});
