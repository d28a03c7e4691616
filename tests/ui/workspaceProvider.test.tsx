import { describe, expect, it, vi } from "vitest";
import { ConvexError } from "convex/values";
import { act, render, screen } from "./rtl";
import { api } from "@convex/_generated/api";
import { useWorkspace, WorkspaceProvider } from "@/components/workspace/WorkspaceProvider";
import { FakeConvex, TEST_WORKSPACE_ID } from "./fakeConvex";
import { SignedInProvider } from "./signedIn";

function CurrentWorkspace() {
  const { workspace, role } = useWorkspace();
  return (
    <p>
      {workspace.name} as {role}
    </p>
  );
}

function shell(fake: FakeConvex, auth?: { isLoading: boolean; isAuthenticated: boolean }, backendAccepts = true) {
  return (
    <SignedInProvider fake={fake} auth={auth} backendAccepts={backendAccepts}>
      <WorkspaceProvider>
        <CurrentWorkspace />
      </WorkspaceProvider>
    </SignedInProvider>
  );
}

function renderProvider(fake: FakeConvex, locale: "en" | "id" = "en") {
  return render(shell(fake), { locale });
}

describe("WorkspaceProvider", () => {
  it("shows loading, then the first workspace", () => {
    const fake = new FakeConvex();
    renderProvider(fake);
    expect(screen.getByRole("status")).toHaveTextContent("Loading workspaces");
    fake.setQuery(api.workspaces.listMine, [
      { _id: TEST_WORKSPACE_ID, name: "Toko Budi", role: "staff", timezone: "Asia/Jakarta" },
    ]);
    expect(screen.getByText("Toko Budi as staff")).toBeInTheDocument();
  });

  it("claims invitations on load, and waits for that before saying there is no workspace", async () => {
    const fake = new FakeConvex();
    let finish: (value: unknown) => void = () => {};
    fake.fn(api.invitations.acceptMine).mockReturnValue(new Promise((resolve) => (finish = resolve)));
    fake.setQuery(api.workspaces.listMine, []);
    renderProvider(fake);
    expect(fake.fn(api.invitations.acceptMine)).toHaveBeenCalledWith({});
    expect(screen.getByRole("status")).toHaveTextContent("Checking your invitations");
    // The membership the acceptance made arrives through the live workspaces query.
    fake.setQuery(api.workspaces.listMine, [
      { _id: TEST_WORKSPACE_ID, name: "Toko Budi", role: "operator", timezone: "Asia/Jakarta" },
    ]);
    await act(async () => finish({ joined: 1, email: "bob@example.com", emailVerified: true }));
    expect(screen.getByText("Toko Budi as operator")).toBeInTheDocument();
  });

  it.each([
    [
      { joined: 0, email: "bob@example.com", emailVerified: true },
      /signed in as bob@example\.com: ask an admin to invite/,
    ],
    [{ joined: 0, email: "bob@example.com", emailVerified: false }, /bob@example\.com is not verified yet/],
    [{ joined: 0, email: null, emailVerified: false }, /carries no email.*email_verified/],
  ])("explains what to do when the person has no workspace: %o", async (acceptance, explanation) => {
    const fake = new FakeConvex();
    fake.fn(api.invitations.acceptMine).mockResolvedValue(acceptance);
    fake.setQuery(api.workspaces.listMine, []);
    renderProvider(fake);
    expect(await screen.findByText(/not a member of any workspace/)).toBeInTheDocument();
    expect(document.body).toHaveTextContent(explanation);
  });

  it("asks for nothing until the sign-in is ready, then claims invitations", async () => {
    const fake = new FakeConvex();
    fake.fn(api.invitations.acceptMine).mockResolvedValue({ joined: 0, email: "bob@example.com", emailVerified: true });
    const listMine = vi.fn(() => []);
    fake.setQuery(api.workspaces.listMine, listMine);
    const { rerender } = render(shell(fake, { isLoading: true, isAuthenticated: false }));
    expect(screen.getByRole("status")).toHaveTextContent("Loading workspaces");
    expect(fake.fn(api.invitations.acceptMine)).not.toHaveBeenCalled();
    expect(listMine).not.toHaveBeenCalled();
    rerender(shell(fake, { isLoading: false, isAuthenticated: true }));
    expect(await screen.findByText(/signed in as bob@example\.com/)).toBeInTheDocument();
    expect(fake.fn(api.invitations.acceptMine)).toHaveBeenCalledTimes(1);
  });

  it("says so when the backend refuses the sign-in", () => {
    const fake = new FakeConvex();
    render(shell(fake, { isLoading: false, isAuthenticated: true }, false));
    expect(screen.getByRole("alert")).toHaveTextContent("You are not signed in");
    expect(fake.fn(api.invitations.acceptMine)).not.toHaveBeenCalled();
  });

  it("shows the error when the workspaces cannot be loaded", () => {
    const fake = new FakeConvex();
    fake.setQuery(api.workspaces.listMine, new Error("Sign in to continue."));
    renderProvider(fake);
    expect(screen.getByRole("alert")).toHaveTextContent("Sign in to continue.");
  });
});

describe("WorkspaceProvider in Indonesian", () => {
  it("says it is loading, then checking the invitations", async () => {
    const fake = new FakeConvex();
    let finish: (value: unknown) => void = () => {};
    fake.fn(api.invitations.acceptMine).mockReturnValue(new Promise((resolve) => (finish = resolve)));
    renderProvider(fake, "id");
    expect(screen.getByRole("status")).toHaveTextContent("Memuat ruang kerja…");
    fake.setQuery(api.workspaces.listMine, []);
    expect(screen.getByRole("status")).toHaveTextContent("Memeriksa undangan Anda…");
    await act(async () => finish({ joined: 0, email: "bob@example.com", emailVerified: true }));
    expect(screen.getByText("Anda belum menjadi anggota ruang kerja mana pun")).toBeInTheDocument();
  });

  it.each([
    [
      { joined: 0, email: "bob@example.com", emailVerified: true },
      "Anda masuk sebagai bob@example.com: minta admin mengundang alamat ini.",
    ],
    [{ joined: 0, email: "bob@example.com", emailVerified: false }, "Email Anda bob@example.com belum diverifikasi"],
    [{ joined: 0, email: null, emailVerified: false }, "klaim email dan email_verified; lihat README"],
    [null, "Minta admin untuk mengundang Anda."],
  ])("explains what to do without a workspace: %o", async (acceptance, explanation) => {
    const fake = new FakeConvex();
    if (acceptance) {
      fake.fn(api.invitations.acceptMine).mockResolvedValue(acceptance);
    } else {
      fake.fn(api.invitations.acceptMine).mockRejectedValue(new Error("offline"));
    }
    fake.setQuery(api.workspaces.listMine, []);
    renderProvider(fake, "id");
    const empty = await screen.findByText("Anda belum menjadi anggota ruang kerja mana pun");
    const box = empty.closest("[data-slot=empty-state]")!;
    expect(box).toHaveTextContent(explanation);
    expect(box).toHaveTextContent("Admin juga dapat membuatnya dengan npx convex run workspaces:create.");
    expect(box.querySelector("code")).not.toBeNull();
  });

  it("says so when the backend refuses the sign-in", () => {
    render(shell(new FakeConvex(), { isLoading: false, isAuthenticated: true }, false), { locale: "id" });
    expect(screen.getByRole("alert")).toHaveTextContent("Anda belum masuk");
    expect(screen.getByRole("alert")).toHaveTextContent("Muat ulang untuk mencoba lagi.");
  });

  it("names the error in Indonesian when the workspaces cannot be loaded", () => {
    const fake = new FakeConvex();
    fake.setQuery(
      api.workspaces.listMine,
      new ConvexError({ code: "INTERNAL", message: "Something went wrong.", key: "common.somethingWentWrong" }),
    );
    renderProvider(fake, "id");
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Tidak dapat memuat ruang kerja AndaTerjadi kesalahan. Silakan coba lagi.",
    );
  });
});
