import { describe, expect, it } from "vitest";
import { screen, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { MembersCard } from "@/components/settings/MembersCard";
import { FakeConvex, renderWithConvex, TEST_WORKSPACE_ID } from "./fakeConvex";

type Members = FunctionReturnType<typeof api.workspaces.listMembers>;
type Invitations = FunctionReturnType<typeof api.invitations.list>;

const MEMBERS: Members = [
  {
    _id: "m1" as Id<"members">,
    userId: "user_2abcAdmin",
    name: "Ani Wijaya",
    email: "ani@example.com",
    role: "admin",
    isYou: true,
    createdAt: null,
  },
  {
    _id: "m2" as Id<"members">,
    userId: "user_2abcOld",
    name: null,
    email: null,
    role: "staff",
    isYou: false,
    createdAt: null,
  },
];

// 1 Dec 2026, 22:30 in Jakarta (15:30 UTC).
const INVITED_AT = Date.UTC(2026, 11, 1, 15, 30);
const INVITATIONS: Invitations = [
  {
    _id: "i1" as Id<"invitations">,
    email: "bob@example.com",
    role: "operator",
    invitedByName: "Ani Wijaya",
    createdAt: INVITED_AT,
  },
];

function renderCard(
  canManage: boolean,
  { members = MEMBERS, invitations = INVITATIONS }: { members?: Members; invitations?: Invitations } = {},
) {
  const fake = new FakeConvex();
  fake.setQuery(api.workspaces.listMembers, members);
  fake.setQuery(api.invitations.list, invitations);
  renderWithConvex(<MembersCard workspaceId={TEST_WORKSPACE_ID} canManage={canManage} />, {
    fake,
    role: canManage ? "admin" : "staff",
  });
  return fake;
}

describe("MembersCard", () => {
  it("shows loading until the members arrive", () => {
    const fake = new FakeConvex();
    renderWithConvex(<MembersCard workspaceId={TEST_WORKSPACE_ID} canManage />, { fake });
    expect(screen.getByText("Loading members…")).toBeInTheDocument();
    fake.setQuery(api.workspaces.listMembers, MEMBERS);
    fake.setQuery(api.invitations.list, []);
    expect(screen.queryByText("Loading members…")).not.toBeInTheDocument();
    expect(screen.getByText(/Ani Wijaya/)).toBeInTheDocument();
  });

  it("names members by name and email, with the user id only as a detail", () => {
    renderCard(false);
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[0].textContent?.trim())).toEqual([
      "Ani Wijaya youani@example.comuser_2abcAdmin",
      // A row from before invitations has nothing but its id to show.
      "user_2abcOld",
    ]);
    expect(within(rows[0]).getByText("user_2abcAdmin")).toHaveClass("text-muted-foreground");
  });

  it("lists pending invitations with who invited and when (the workspace's date), revocable by admins", async () => {
    const user = userEvent.setup();
    const fake = renderCard(true);
    const pending = screen.getByRole("region", { name: "Pending invitations" });
    expect(pending).toHaveTextContent("bob@example.com as operator, invited by Ani Wijaya on");
    expect(pending.textContent).toMatch(/Dec(ember)? 1, 2026|1 Dec(ember)? 2026/);
    await user.click(within(pending).getByRole("button", { name: "Revoke the invitation of bob@example.com" }));
    expect(fake.fn(api.invitations.revoke)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      invitationId: "i1",
    });
  });

  it("shows pending invitations read-only to non-admins, with no invite form", () => {
    renderCard(false);
    const pending = screen.getByRole("region", { name: "Pending invitations" });
    expect(within(pending).queryByRole("button")).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Invite by email")).not.toBeInTheDocument();
    expect(screen.getByText("Only admins can invite or remove members and change roles.")).toBeInTheDocument();
  });

  it("hides the pending section when there are none", () => {
    renderCard(true, { invitations: [] });
    expect(screen.queryByRole("region", { name: "Pending invitations" })).not.toBeInTheDocument();
  });

  it("refuses a Clerk user id and a malformed email in the browser, as the server does", async () => {
    const user = userEvent.setup();
    const fake = renderCard(true);
    const email = screen.getByLabelText("Invite by email");
    const cases = [
      ["user_2abCDef", "That is a Clerk user id: invite people by their email address, e.g. bob@example.com"],
      ["bob", "Enter an email address, e.g. bob@example.com"],
    ];
    for (const [typed, message] of cases) {
      await user.clear(email);
      await user.type(email, typed);
      expect(screen.getByText(message)).toBeInTheDocument();
      expect(screen.getByRole("button", { name: "Invite" })).toBeDisabled();
    }
    await user.keyboard("{Enter}");
    expect(fake.fn(api.invitations.invite)).not.toHaveBeenCalled();
  });

  it("invites by email and role, says how they join, and shows the server's refusal", async () => {
    const user = userEvent.setup();
    const fake = renderCard(true);
    await user.type(screen.getByLabelText("Invite by email"), " Rina@Example.com");
    await user.selectOptions(screen.getByLabelText("Role"), "operator");
    await user.click(screen.getByRole("button", { name: "Invite" }));
    expect(fake.fn(api.invitations.invite)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      email: "rina@example.com",
      role: "operator",
    });
    expect(await screen.findByRole("status")).toHaveTextContent(
      "rina@example.com is invited as operator: they join when they sign in with this email, once verified.",
    );
    expect(screen.getByLabelText("Invite by email")).toHaveValue("");

    fake.fn(api.invitations.invite).mockRejectedValue(
      new ConvexError({
        code: "CONFLICT",
        message: "email: bob@example.com is already invited (as operator); revoke that invitation first",
      }),
    );
    await user.type(screen.getByLabelText("Invite by email"), "bob@example.com");
    await user.click(screen.getByRole("button", { name: "Invite" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/already invited \(as operator\)/);
  });
});
