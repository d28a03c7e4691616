import { describe, expect, it } from "vitest";
import { screen, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { userError } from "@convex/errors";
import { MembersCard } from "@/components/settings/MembersCard";
import type { Locale } from "@/domain/locale";
import { messageRef } from "@/i18n/messageRef";
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
  {
    members = MEMBERS,
    invitations = INVITATIONS,
    locale,
  }: { members?: Members; invitations?: Invitations; locale?: Locale } = {},
) {
  const fake = new FakeConvex();
  fake.setQuery(api.workspaces.listMembers, members);
  fake.setQuery(api.invitations.list, invitations);
  renderWithConvex(<MembersCard workspaceId={TEST_WORKSPACE_ID} canManage={canManage} />, {
    fake,
    role: canManage ? "admin" : "staff",
    locale,
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

describe("MembersCard, in each language", () => {
  const LANGUAGES = {
    en: {
      title: "Members",
      staffHelp: "Staff: replies to leads, edits their notes, reads everything and confirms Kapso updates",
      you: "you",
      pending: "Pending invitations",
      pendingDetail: "bob@example.com as operator, invited by Ani Wijaya on",
      staffRole: "Staff",
      adminsOnly: "Only admins can invite or remove members and change roles.",
      email: "Invite by email",
      role: "Role",
      invite: "Invite",
      clerkId: "That is a Clerk user id: invite people by their email address, e.g. bob@example.com",
      badEmail: "Enter an email address, e.g. bob@example.com",
      sent: "rina@example.com is invited as staff: they join when they sign in with this email, once verified.",
      alreadyInvited: "email: bob@example.com is already invited (as staff); revoke that invitation first",
      remove: "Remove user_2abcOld",
      removeTitle: "Remove user_2abcOld?",
      removeOther: "They will lose access to this workspace at once.",
    },
    id: {
      title: "Anggota",
      staffHelp: "Staf: membalas prospek, mengubah catatannya, melihat semuanya, dan mengonfirmasi pembaruan Kapso",
      you: "Anda",
      pending: "Undangan tertunda",
      pendingDetail: "bob@example.com sebagai operator, diundang oleh Ani Wijaya pada",
      staffRole: "Staf",
      adminsOnly: "Hanya admin yang dapat mengundang atau menghapus anggota dan mengubah peran.",
      email: "Undang lewat email",
      role: "Peran",
      invite: "Undang",
      clerkId: "Itu ID pengguna Clerk: undang orang lewat alamat emailnya, mis. bob@example.com",
      badEmail: "Masukkan alamat email, mis. bob@example.com",
      sent: "rina@example.com diundang sebagai staf: mereka bergabung saat masuk dengan email ini, setelah terverifikasi.",
      alreadyInvited: "bob@example.com sudah diundang (sebagai staf); cabut undangan itu terlebih dahulu",
      remove: "Hapus user_2abcOld",
      removeTitle: "Hapus user_2abcOld?",
      removeOther: "Mereka langsung kehilangan akses ke ruang kerja ini.",
    },
  } as const;

  describe.each(Object.entries(LANGUAGES) as [Locale, (typeof LANGUAGES)[Locale]][])("%s", (locale, text) => {
    it("lists roles, members and pending invitations read-only for staff", () => {
      renderCard(false, { locale });
      expect(screen.getByRole("heading", { name: text.title })).toBeInTheDocument();
      expect(screen.getByText(text.staffRole, { selector: "li > span" }).closest("li")).toHaveTextContent(
        text.staffHelp,
      );
      const rows = screen.getAllByRole("row").slice(1);
      expect(within(rows[0]).getByText(text.you)).toBeInTheDocument();
      expect(within(rows[1]).getAllByRole("cell")[1]).toHaveTextContent(text.staffRole);
      expect(screen.getByRole("region", { name: text.pending })).toHaveTextContent(text.pendingDetail);
      expect(screen.getByText(text.adminsOnly)).toBeInTheDocument();
    });

    it("checks the email as the server does, then invites", async () => {
      const user = userEvent.setup();
      const fake = renderCard(true, { locale });
      const email = screen.getByLabelText(text.email);
      for (const [typed, message] of [
        ["user_2abCDef", text.clerkId],
        ["bob", text.badEmail],
      ]) {
        await user.clear(email);
        await user.type(email, typed);
        expect(screen.getByText(message)).toBeInTheDocument();
        expect(screen.getByRole("button", { name: text.invite })).toBeDisabled();
      }
      await user.clear(email);
      await user.type(email, "rina@example.com");
      expect(within(screen.getByLabelText(text.role)).getByRole("option", { selected: true })).toHaveTextContent(
        text.staffRole,
      );
      await user.click(screen.getByRole("button", { name: text.invite }));
      expect(fake.fn(api.invitations.invite)).toHaveBeenCalledWith({
        workspaceId: TEST_WORKSPACE_ID,
        email: "rina@example.com",
        role: "staff",
      });
      expect(await screen.findByRole("status")).toHaveTextContent(text.sent);
    });

    it("shows the server's refusal by its key", async () => {
      const user = userEvent.setup();
      const fake = renderCard(true, { locale });
      fake
        .fn(api.invitations.invite)
        .mockRejectedValue(
          userError(
            "CONFLICT",
            messageRef("errors.members.alreadyInvited", { email: "bob@example.com", role: "staff" }),
          ),
        );
      await user.type(screen.getByLabelText(text.email), "bob@example.com");
      await user.click(screen.getByRole("button", { name: text.invite }));
      expect(await screen.findByRole("alert")).toHaveTextContent(text.alreadyInvited);
    });

    it("asks before removing a member", async () => {
      const user = userEvent.setup();
      const fake = renderCard(true, { locale });
      await user.click(screen.getByRole("button", { name: text.remove }));
      const dialog = screen.getByRole("dialog");
      expect(dialog).toHaveTextContent(text.removeTitle);
      expect(dialog).toHaveTextContent(text.removeOther);
      expect(fake.fn(api.workspaces.removeMember)).not.toHaveBeenCalled();
    });
  });
});
