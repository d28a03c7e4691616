import { afterEach, describe, expect, it, vi } from "vitest";
import { convexLogger } from "@/lib/convexLogger";

afterEach(() => vi.restoreAllMocks());

describe("convexLogger", () => {
  it("logs a refused request (ConvexError) as a warning, not an error", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    convexLogger.error(
      '[CONVEX M(workspaces:update)] [Request ID: 1a] Server Error\nUncaught ConvexError: {"code":"INVALID"}',
    );
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
  });
  it("still logs real faults as errors", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    convexLogger.error("[CONVEX Q(inbox:list)] [Request ID: 2b] Server Error\nUncaught TypeError: x is undefined");
    expect(error).toHaveBeenCalledTimes(1);
  });
});
