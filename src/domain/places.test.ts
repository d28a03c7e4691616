import { describe, expect, it } from "vitest";
import { canonicalTimeZone, countryFromText, countryLabel, countryOptions, timeZoneNames } from "./places";

describe("countries by name", () => {
  it.each([
    ["Indonesia", "ID"],
    ["indonesia (id)", "ID"],
    ["India", "IN"],
    [" Singapore ", "SG"],
  ])("%j names %s", (text, code) => {
    expect(countryFromText(text)).toBe(code);
  });
  it.each(["In", "ID", "Indo", "", "Atlantis"])("%j names no country", (text) => {
    expect(countryFromText(text)).toBeNull();
  });
  it("understands names in the viewer's language and English alike", () => {
    expect(countryFromText("Indonésie", "fr")).toBe("ID");
    expect(countryFromText("Indonesia", "fr")).toBe("ID");
    expect(countryLabel("ID", "en")).toBe("Indonesia (ID)");
  });
  it("lists every country once, by name", () => {
    const options = countryOptions("en");
    expect(new Set(options.map((o) => o.code)).size).toBe(options.length);
    expect(options.find((o) => o.code === "ID")?.label).toBe("Indonesia (ID)");
  });
});

describe("time zones", () => {
  it.each([
    ["asia/jakarta", "Asia/Jakarta"],
    [" Asia/Makassar ", "Asia/Makassar"],
    ["utc", "UTC"],
  ])("%j is stored as %s", (text, zone) => {
    expect(canonicalTimeZone(text)).toBe(zone);
  });
  it.each(["+07:00", "-0500", "7", "Mars/Base", "", "GMT+7x"])("%j is refused", (text) => {
    expect(canonicalTimeZone(text)).toBeNull();
  });
  it("offers the runtime's zone list with UTC", () => {
    expect(timeZoneNames()).toEqual(expect.arrayContaining(["Asia/Jakarta", "Asia/Makassar", "UTC"]));
  });
});
