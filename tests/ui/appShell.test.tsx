import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { AppShell } from "@/components/shell/AppShell";
import { FakeConvex, TEST_WORKSPACE_ID } from "./fakeConvex";
import { SignedInProvider } from "./signedIn";

vi.mock("next/navigation", () => ({ usePathname: () => "/settings" }));

const OTHER_ID = "k17other00000000000000000000000" as Id<"workspaces">;

function renderShell(fake: FakeConvex) {
  fake.fn(api.invitations.acceptMine).mockResolvedValue({ joined: 0, email: null, emailVerified: false });
  return render(
    <SignedInProvider fake={fake}>
      <AppShell>
        <p>page</p>
      </AppShell>
    </SignedInProvider>,
  );
}

describe("AppShell header", () => {
  it("shows a renamed workspace's new name as soon as the workspace list changes (local operator mode)", () => {
    const fake = new FakeConvex();
    const choice = { _id: TEST_WORKSPACE_ID, role: "admin" as const, timezone: "Asia/Jakarta" };
    fake.setQuery(api.workspaces.listMine, [{ ...choice, name: "Demo Store" }]);
    renderShell(fake);
    expect(screen.getByRole("note")).toHaveTextContent("Local operator mode");
    const header = screen.getByRole("banner");
    expect(header).toHaveTextContent("Demo Store");
    fake.setQuery(api.workspaces.listMine, [{ ...choice, name: "Demo Store Jaya" }]);
    expect(header).toHaveTextContent("Demo Store Jaya");
  });

  it("renames the option in the switcher too, keeping the selection", () => {
    const fake = new FakeConvex();
    const other = { _id: OTHER_ID, name: "Toko Lain", role: "staff" as const, timezone: "Asia/Makassar" };
    const choice = { _id: TEST_WORKSPACE_ID, role: "admin" as const, timezone: "Asia/Jakarta" };
    fake.setQuery(api.workspaces.listMine, [{ ...choice, name: "Demo Store" }, other]);
    renderShell(fake);
    fake.setQuery(api.workspaces.listMine, [{ ...choice, name: "Demo Store Jaya" }, other]);
    const switcher = screen.getByRole("combobox", { name: "Workspace" });
    expect(switcher).toHaveValue(TEST_WORKSPACE_ID);
    expect(screen.getByRole("option", { name: "Demo Store Jaya" })).toBeInTheDocument();
    expect(screen.queryByRole("option", { name: "Demo Store" })).not.toBeInTheDocument();
  });
});
