import { describe, expect, it } from "vitest";
import { leadSearchTerms, leadSearchText, matchesLeadSearch } from "./leadSearch";

describe("leadSearchText", () => {
  it("keeps names as typed (trimmed)", () => {
    expect(leadSearchText("  Budi San ", "ID")).toBe("Budi San");
  });
  it("turns phones into stored digits, local numbers via the workspace country", () => {
    expect(leadSearchText("0813-9250 849", "ID")).toBe("628139250849");
    expect(leadSearchText("+62 (813) 925", "ID")).toBe("62813925");
    expect(leadSearchText("628139", "ID")).toBe("628139");
    expect(leadSearchText("0813", undefined)).toBe("0813");
    expect(leadSearchText(" - ", "ID")).toBe("");
  });
});

describe("matchesLeadSearch: every term must match the name or the phone", () => {
  const budi = { name: "Budi Santoso", phone: "628139250849" };
  const siti = { name: "Siti Rahma", phone: "628121110000" };
  const cases: Array<[query: string, budi: boolean, siti: boolean]> = [
    ["budi", true, false],
    ["BUDI S", true, false],
    ["budi santoso", true, false],
    ["santoso budi", true, false],
    ["s", true, true],
    ["budi rahma", false, false],
    ["siti r", false, true],
    ["0813", true, false],
    ["0813 9250 849", true, false],
    ["+62 812", false, true],
    ["budi 0813", true, false],
    ["siti 0813", false, false],
    ["9250849", true, false],
    ["san", true, false],
    ["anto", false, false],
  ];
  it.each(cases)("%s → Budi %s, Siti %s", (query, matchesBudi, matchesSiti) => {
    const terms = leadSearchTerms(query, "ID");
    expect(matchesLeadSearch(terms, budi)).toBe(matchesBudi);
    expect(matchesLeadSearch(terms, siti)).toBe(matchesSiti);
  });

  it("splits mixed queries into name words and phone fragments in stored form", () => {
    expect(leadSearchTerms("Budi 0813-92", "ID")).toEqual([
      { kind: "word", text: "Budi" },
      { kind: "phone", digits: "6281392" },
    ]);
    expect(leadSearchText("Budi 0813", "ID")).toBe("Budi 62813");
  });
});
