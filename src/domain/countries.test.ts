import { getCountries } from "libphonenumber-js/min";
import { describe, expect, it } from "vitest";
import { COUNTRY_CODES } from "./countries";

describe("COUNTRY_CODES", () => {
  it("is libphonenumber's list of countries, so every code it offers can parse a phone", () => {
    expect([...COUNTRY_CODES].sort()).toEqual([...getCountries()].sort());
  });
});
