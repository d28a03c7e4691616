import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "./rtl";
import userEvent from "@testing-library/user-event";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { AppShell } from "@/components/shell/AppShell";
import { FakeConvex, TEST_WORKSPACE_ID } from "./fakeConvex";
import { SignedInProvider } from "./signedIn";

const refresh = vi.hoisted(() => vi.fn());
vi.mock("next/navigation", () => ({ usePathname: () => "/settings", useRouter: () => ({ refresh }) }));

beforeEach(() => {
  refresh.mockClear();
  document.cookie = "NEXT_LOCALE=; max-age=0; path=/";
});

const OTHER_ID = "k17other00000000000000000000000" as Id<"workspaces">;

function renderShell(fake: FakeConvex, locale: "en" | "id" = "en") {
  fake.fn(api.invitations.acceptMine).mockResolvedValue({ joined: 0, email: null, emailVerified: false });
  return render(
    <SignedInProvider fake={fake}>
      <AppShell>
        <p>page</p>
      </AppShell>
    </SignedInProvider>,
    { locale },
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

describe("the header's language", () => {
  const choice = { _id: TEST_WORKSPACE_ID, name: "Toko Budi", role: "admin" as const, timezone: "Asia/Jakarta" };

  it("speaks the page's language, and switching stores the choice, sets the cookie and re-renders", async () => {
    const fake = new FakeConvex();
    fake.setQuery(api.workspaces.listMine, [choice]);
    renderShell(fake, "id");
    expect(screen.getByRole("navigation", { name: "Utama" })).toHaveTextContent("Kotak masuk");
    expect(screen.getByRole("link", { name: "Pengaturan" })).toHaveAttribute("aria-current", "page");
    const language = screen.getByRole("combobox", { name: "Bahasa" });
    expect(language).toHaveValue("id");

    await userEvent.selectOptions(language, "en");
    await waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    expect(fake.fn(api.profiles.setLanguage)).toHaveBeenCalledWith({ language: "en" });
    expect(document.cookie).toContain("NEXT_LOCALE=en");
  });

  it("brings a language chosen on another device to this browser, once", async () => {
    const fake = new FakeConvex();
    fake.setQuery(api.workspaces.listMine, [choice]);
    fake.setQuery(api.profiles.mine, { language: "id" });
    renderShell(fake, "en");
    expect(screen.getByRole("navigation", { name: "Main" })).toHaveTextContent("Inbox");
    await waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    expect(document.cookie).toContain("NEXT_LOCALE=id");
    expect(fake.fn(api.profiles.setLanguage)).not.toHaveBeenCalled();
  });

  it("changes nothing when the stored language is the page's", async () => {
    const fake = new FakeConvex();
    fake.setQuery(api.workspaces.listMine, [choice]);
    fake.setQuery(api.profiles.mine, { language: "id" });
    renderShell(fake, "id");
    await screen.findByRole("combobox", { name: "Bahasa" });
    expect(refresh).not.toHaveBeenCalled();
    expect(document.cookie).not.toContain("NEXT_LOCALE");
  });
});
