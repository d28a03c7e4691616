import { describe, expect, it, vi } from "vitest";

const deprecated = vi.hoisted(() => vi.fn());
vi.mock("@clerk/shared/deprecated", () => ({
  deprecated,
  deprecatedProperty: vi.fn(),
  deprecatedObjectProperty: vi.fn(),
}));

describe("proxy", () => {
  it("uses no deprecated Clerk API (no warning on every start)", async () => {
    const proxy = await import("@/proxy");
    expect(typeof proxy.default).toBe("function");
    expect(deprecated).not.toHaveBeenCalled();
  });
});
