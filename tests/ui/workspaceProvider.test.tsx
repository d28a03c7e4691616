import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
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

  it("explains what to do when the person has no workspace", () => {
    const fake = new FakeConvex();
    fake.setQuery(api.workspaces.listMine, []);
    renderProvider(fake);
    expect(screen.getByText(/not a member of any workspace/)).toBeInTheDocument();
  });

  it("shows the error when the workspaces cannot be loaded", () => {
    const fake = new FakeConvex();
    fake.setQuery(api.workspaces.listMine, new Error("Sign in to continue."));
    renderProvider(fake);
    expect(screen.getByRole("alert")).toHaveTextContent("Sign in to continue.");
  });
});
