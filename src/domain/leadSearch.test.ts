import { describe, expect, it } from "vitest";
import { leadSearchText } from "./leadSearch";

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
