import { v } from "convex/values";
import { internalMutation, mutation, type MutationCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import * as z from "zod/mini";
import { invalidInput, userError } from "./errors";
import { messageRef } from "../src/i18n/messageRef";
import { getSignInProfileX, viewerDisplayName, workspaceMutation, workspaceQuery } from "./functions";
import { role } from "./schema";
import type { Role } from "./permissions";
import { inviteEmailSchema } from "../src/domain/invitations";

// Pending invitations per workspace, and per email across workspaces: a handful in practice, bounded all the same.
const MAX_PENDING = 100;
// A person belongs to a handful of workspaces.
const MAX_MEMBERSHIPS = 100;

// Parsed under its name, so the error's issue names the field.
const inviteInput = z.object({ email: inviteEmailSchema });

function parseEmail(email: string): string {
  const parsed = inviteInput.safeParse({ email });
  if (!parsed.success) {
    throw invalidInput(parsed.error);
  }
  return parsed.data.email;
}

async function createInvitation(
  ctx: MutationCtx,
  workspaceId: Id<"workspaces">,
  input: { email: string; role: Role },
  inviter: { id: string; name: string },
): Promise<Id<"invitations">> {
  const email = parseEmail(input.email);
  const member = await ctx.db
    .query("members")
    .withIndex("by_workspace_id_and_email", (q) => q.eq("workspace_id", workspaceId).eq("email", email))
    .first();
  if (member) {
    throw userError("CONFLICT", messageRef("errors.members.alreadyMember", { email, role: member.role }));
  }
  const invited = await ctx.db
    .query("invitations")
    .withIndex("by_workspace_id_and_email", (q) => q.eq("workspace_id", workspaceId).eq("email", email))
    .first();
  if (invited) {
    throw userError("CONFLICT", messageRef("errors.members.alreadyInvited", { email, role: invited.role }));
  }
  const pending = await ctx.db
    .query("invitations")
    .withIndex("by_workspace_id_and_email", (q) => q.eq("workspace_id", workspaceId))
    .take(MAX_PENDING);
  if (pending.length >= MAX_PENDING) {
    throw userError("INVALID", messageRef("errors.members.tooManyPending", { max: MAX_PENDING }));
  }
  return await ctx.db.insert("invitations", {
    workspace_id: workspaceId,
    email,
    role: input.role,
    invited_by: inviter.id,
    invited_by_name: inviter.name,
    created_at: Date.now(),
  });
}

/** Admins invite a person by email; they join with that role when they first sign in with it, verified. */
export const invite = workspaceMutation({
  permission: "workspace.manage",
  args: { email: v.string(), role },
  returns: v.id("invitations"),
  handler: async (ctx, { workspaceId, email, role }) =>
    await createInvitation(
      ctx,
      workspaceId,
      { email, role },
      { id: ctx.viewer.userId, name: await viewerDisplayName(ctx, ctx.viewer) },
    ),
});

/** For the first admin of a deployment: `npx convex run invitations:create '{"workspaceId":…,"email":…,"role":"admin"}'`. */
export const create = internalMutation({
  args: { workspaceId: v.id("workspaces"), email: v.string(), role },
  returns: v.id("invitations"),
  handler: async (ctx, { workspaceId, email, role }) => {
    if (!(await ctx.db.get("workspaces", workspaceId))) {
      throw userError("NOT_FOUND", messageRef("errors.settings.noWorkspace", { workspaceId }));
    }
    return await createInvitation(ctx, workspaceId, { email, role }, { id: "deployment", name: "npx convex run" });
  },
});

/** The workspace's pending invitations, oldest first. */
export const list = workspaceQuery({
  permission: "workspace.read",
  args: {},
  returns: v.array(
    v.object({
      _id: v.id("invitations"),
      email: v.string(),
      role,
      invitedByName: v.string(),
      createdAt: v.number(),
    }),
  ),
  handler: async (ctx, { workspaceId }) => {
    const pending = await ctx.db
      .query("invitations")
      .withIndex("by_workspace_id_and_email", (q) => q.eq("workspace_id", workspaceId))
      .take(MAX_PENDING);
    return pending
      .sort((a, b) => a.created_at - b.created_at)
      .map((i) => ({
        _id: i._id,
        email: i.email,
        role: i.role,
        invitedByName: i.invited_by_name,
        createdAt: i.created_at,
      }));
  },
});

/** Admins withdraw a pending invitation. */
export const revoke = workspaceMutation({
  permission: "workspace.manage",
  args: { invitationId: v.id("invitations") },
  returns: v.null(),
  handler: async (ctx, { workspaceId, invitationId }) => {
    const invitation = await ctx.db.get("invitations", invitationId);
    // Another workspace's invitation is reported like a missing one (it may just have been accepted).
    if (!invitation || invitation.workspace_id !== workspaceId) {
      throw userError("NOT_FOUND", messageRef("errors.members.noSuchInvitation"));
    }
    await ctx.db.delete("invitations", invitationId);
    return null;
  },
});

/**
 * Called by the dashboard after sign-in: turns the invitations for the caller's verified email into memberships,
 * and keeps the name and email on their member rows current. It belongs to no workspace (the caller may have none yet).
 */
export const acceptMine = mutation({
  args: {},
  returns: v.object({
    joined: v.number(),
    email: v.union(v.string(), v.null()),
    emailVerified: v.boolean(),
  }),
  handler: async (ctx) => {
    const { viewer, name, email, emailVerified } = await getSignInProfileX(ctx);
    if (viewer.isLocalOperator) {
      return { joined: 0, email: null, emailVerified: false };
    }
    const verifiedEmail = emailVerified ? email : null;
    const memberships = await ctx.db
      .query("members")
      .withIndex("by_user_id", (q) => q.eq("user_id", viewer.userId))
      .take(MAX_MEMBERSHIPS);
    // An unverified email is never recorded: it would let anyone look like someone else.
    const profile = { ...(name ? { name } : {}), ...(verifiedEmail ? { email: verifiedEmail } : {}) };
    for (const m of memberships) {
      if ((name && m.name !== name) || (verifiedEmail && m.email !== verifiedEmail)) {
        await ctx.db.patch("members", m._id, profile);
      }
    }
    let joined = 0;
    if (verifiedEmail) {
      const invitations = await ctx.db
        .query("invitations")
        .withIndex("by_email", (q) => q.eq("email", verifiedEmail))
        .take(MAX_PENDING);
      const memberOf = new Set(memberships.map((m) => m.workspace_id));
      for (const invitation of invitations) {
        if (!memberOf.has(invitation.workspace_id) && (await ctx.db.get("workspaces", invitation.workspace_id))) {
          await ctx.db.insert("members", {
            workspace_id: invitation.workspace_id,
            user_id: viewer.userId,
            role: invitation.role,
            created_at: Date.now(),
            ...profile,
          });
          memberOf.add(invitation.workspace_id);
          joined += 1;
        }
        await ctx.db.delete("invitations", invitation._id);
      }
    }
    return { joined, email, emailVerified };
  },
});
