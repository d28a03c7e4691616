import { describe, expect, it } from "vitest";
import { act, render, screen } from "@testing-library/react";
import { ConvexProvider } from "convex/react";
import { api } from "@convex/_generated/api";
import { useWorkspace, WorkspaceProvider } from "@/components/workspace/WorkspaceProvider";
import { FakeConvex, TEST_WORKSPACE_ID } from "./fakeConvex";

function CurrentWorkspace() {
  const { workspace, role } = useWorkspace();
  return (
    <p>
      {workspace.name} as {role}
    </p>
  );
}

function renderProvider(fake: FakeConvex) {
  return render(
    <ConvexProvider client={fake.asClient()}>
      <WorkspaceProvider>
        <CurrentWorkspace />
      </WorkspaceProvider>
    </ConvexProvider>,
  );
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

  it("shows the error when the workspaces cannot be loaded", () => {
    const fake = new FakeConvex();
    fake.setQuery(api.workspaces.listMine, new Error("Sign in to continue."));
    renderProvider(fake);
    expect(screen.getByRole("alert")).toHaveTextContent("Sign in to continue.");
  });
});
