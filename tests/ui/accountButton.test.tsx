import { render } from "./rtl";
import { afterEach, describe, expect, it, vi } from "vitest";

const auth = vi.hoisted(() => ({ isLoading: true }));
vi.mock("convex/react", () => ({ useConvexAuth: () => auth }));

import { AccountButton } from "@/components/shell/AccountButton";

type ClerkWindow = Window & { Clerk?: unknown };

afterEach(() => {
  delete (window as ClerkWindow).Clerk;
  auth.isLoading = true;
});

describe("AccountButton", () => {
  it("mounts Clerk's user button once clerk-js has loaded, and unmounts it", () => {
    const clerk = { mountUserButton: vi.fn(), unmountUserButton: vi.fn() };
    (window as ClerkWindow).Clerk = clerk;
    const { container, rerender, unmount } = render(<AccountButton />);
    expect(clerk.mountUserButton).not.toHaveBeenCalled();
    auth.isLoading = false;
    rerender(<AccountButton />);
    const host = container.firstElementChild;
    expect(clerk.mountUserButton).toHaveBeenCalledExactlyOnceWith(host);
    unmount();
    expect(clerk.unmountUserButton).toHaveBeenCalledExactlyOnceWith(host);
  });
});
