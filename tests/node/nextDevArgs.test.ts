import { describe, expect, it } from "vitest";
import { nextDevArgs } from "../../scripts/lib/nextDevArgs.mjs";

describe("nextDevArgs", () => {
  it.each(["http://127.0.0.1:3210", "http://localhost:3210", "http://[::1]:3210"])(
    "listens on loopback only (no Network address) for the loopback backend %s",
    (url) => {
      expect(nextDevArgs(3000, url)).toEqual(["dev", "--port", "3000", "--hostname", "127.0.0.1"]);
    },
  );
  it("keeps Next's default for a cloud deployment", () => {
    expect(nextDevArgs("3000", "https://happy-otter-123.convex.cloud")).toEqual(["dev", "--port", "3000"]);
  });
});
