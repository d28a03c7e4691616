import { ConvexError } from "convex/values";
import type { PaginationOptions } from "convex/server";
import type { Doc, Id } from "./_generated/dataModel";
import type { QueryCtx } from "./_generated/server";
import { roleHasPermission, type Permission, type Role } from "./permissions";
import { isLocalOperatorIdentity } from "../src/domain/localOperator";

export type Viewer = { userId: string; isLocalOperator: boolean };

type AuthCtx = Pick<QueryCtx, "auth" | "db">;

/** The signed-in caller (a Clerk user or the local operator's signed token), or null: anonymous callers are nobody. */
export async function getViewer(ctx: AuthCtx): Promise<Viewer | null> {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) return null;
  return { userId: identity.subject, isLocalOperator: isLocalOperatorIdentity(identity) };
}

/** Like getViewer, but throws for anonymous callers. */
export async function getViewerX(ctx: AuthCtx): Promise<Viewer> {
  const viewer = await getViewer(ctx);
  if (!viewer) throw new ConvexError({ code: "UNAUTHENTICATED", message: "Sign in to continue." });
  return viewer;
}

/** How a person appears in "changed by", history and runs: their name, else their email, else their id. */
export async function viewerDisplayName(ctx: Pick<QueryCtx, "auth">, viewer: Viewer): Promise<string> {
  if (viewer.isLocalOperator) return "Local operator";
  const identity = await ctx.auth.getUserIdentity();
  return identity?.name ?? identity?.email ?? viewer.userId;
}

export type WorkspaceAccess = {
  viewer: Viewer;
  workspace: Doc<"workspaces">;
  role: Role;
};

// One message for "no such workspace" and "not a member", so callers cannot
// probe which workspace ids exist.
const NO_ACCESS = "Workspace not found, or you are not a member of it.";

/**
 * Resolves the caller's role in a workspace and checks one permission.
 * Throws for anonymous callers, non-members, unknown workspaces and missing permissions.
 */
export async function requireWorkspaceAccess(
  ctx: AuthCtx,
  workspaceId: Id<"workspaces">,
  permission: Permission,
): Promise<WorkspaceAccess> {
  const viewer = await getViewerX(ctx);
  const workspace = await ctx.db.get("workspaces", workspaceId);
  if (!workspace) throw new ConvexError({ code: "FORBIDDEN", message: NO_ACCESS });
  let memberRole: Role | undefined;
  if (viewer.isLocalOperator) {
    memberRole = "admin";
  } else {
    const member = await ctx.db
      .query("members")
      .withIndex("by_workspace_id_and_user_id", (q) =>
        q.eq("workspace_id", workspaceId).eq("user_id", viewer.userId),
      )
      .unique();
    memberRole = member?.role;
  }
  if (!memberRole) throw new ConvexError({ code: "FORBIDDEN", message: NO_ACCESS });
  if (!roleHasPermission(memberRole, permission)) {
    throw new ConvexError({
      code: "FORBIDDEN",
      message: `Your role (${memberRole}) does not allow this (${permission}).`,
    });
  }
  return { viewer, workspace, role: memberRole };
}

/** Largest page any list query serves, whatever the client asks for. */
export const MAX_PAGE_SIZE = 100;

/** Clamps a client's page size so one call reads a bounded number of documents. */
export function boundedPage(opts: PaginationOptions, max = MAX_PAGE_SIZE): PaginationOptions {
  return { ...opts, numItems: Math.max(1, Math.min(Math.floor(opts.numItems) || 1, max)) };
}
