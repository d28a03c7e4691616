import { v, type Infer } from "convex/values";
import type { PaginationOptions } from "convex/server";
import { customAction, customMutation, customQuery } from "convex-helpers/server/customFunctions";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { action, internalQuery, mutation, query, type QueryCtx } from "./_generated/server";
import { userError } from "./errors";
import { messageRef } from "../src/i18n/messageRef";
import { permission as permissionValidator, roleHasPermission, type Permission, type Role } from "./permissions";
import schema, { role as roleValidator } from "./schema";
import { isLocalOperatorIdentity } from "../src/domain/localOperator";
import { env } from "./env";

const viewerValidator = v.object({ userId: v.string(), isLocalOperator: v.boolean() });
export type Viewer = Infer<typeof viewerValidator>;

type AuthCtx = Pick<QueryCtx, "auth" | "db">;

/** The signed-in caller (a Clerk user or the local operator's signed token), or null: anonymous callers are nobody. */
export async function getViewer(ctx: AuthCtx): Promise<Viewer | null> {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) {
    return null;
  }
  return { userId: identity.subject, isLocalOperator: isLocalOperatorIdentity(identity) };
}

/**
 * A deployment admin sees what belongs to no workspace (deliveries for numbers no workspace has): the local
 * operator, or a user listed in DEPLOYMENT_ADMINS. Being a member or admin of a workspace never makes one.
 */
export function isDeploymentAdmin(viewer: Viewer | null): boolean {
  return viewer !== null && (viewer.isLocalOperator || env.deploymentAdmins().includes(viewer.userId));
}

/** Like getViewer, but throws for anonymous callers. */
export async function getViewerX(ctx: AuthCtx): Promise<Viewer> {
  const viewer = await getViewer(ctx);
  if (!viewer) {
    throw userError("UNAUTHENTICATED", messageRef("errors.access.signIn"));
  }
  return viewer;
}

export type SignInProfile = {
  viewer: Viewer;
  name: string | null;
  /** Lowercased, as the identity gives it (the `email` claim). */
  email: string | null;
  /** The provider's `email_verified` claim: only a verified email may claim an invitation. */
  emailVerified: boolean;
};

/** The caller and what their sign-in identity says about them; throws for anonymous callers. */
export async function getSignInProfileX(ctx: AuthCtx): Promise<SignInProfile> {
  const viewer = await getViewerX(ctx);
  const identity = await ctx.auth.getUserIdentity();
  const email = identity?.email?.trim().toLowerCase() || null;
  return {
    viewer,
    name: identity?.name?.trim() || null,
    email,
    emailVerified: email !== null && identity?.emailVerified === true,
  };
}

/** How a person appears in "changed by", history and runs: their name, else their email, else their id. */
export async function viewerDisplayName(ctx: Pick<QueryCtx, "auth">, viewer: Viewer): Promise<string> {
  if (viewer.isLocalOperator) {
    return "Local operator";
  }
  const identity = await ctx.auth.getUserIdentity();
  return identity?.name ?? identity?.email ?? viewer.userId;
}

const workspaceAccessValidator = v.object({
  viewer: viewerValidator,
  workspace: schema.doc("workspaces"),
  role: roleValidator,
});
export type WorkspaceAccess = Infer<typeof workspaceAccessValidator>;

// One message for "no such workspace" and "not a member", so callers cannot
// probe which workspace ids exist.
const NO_ACCESS = messageRef("errors.access.noAccess");

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
  if (!workspace) {
    throw userError("FORBIDDEN", NO_ACCESS);
  }
  let memberRole: Role | undefined;
  if (viewer.isLocalOperator) {
    memberRole = "admin";
  } else {
    const member = await ctx.db
      .query("members")
      .withIndex("by_workspace_id_and_user_id", (q) => q.eq("workspace_id", workspaceId).eq("user_id", viewer.userId))
      .unique();
    memberRole = member?.role;
  }
  if (!memberRole) {
    throw userError("FORBIDDEN", NO_ACCESS);
  }
  if (!roleHasPermission(memberRole, permission)) {
    throw userError("FORBIDDEN", messageRef("errors.access.roleNotAllowed", { role: memberRole, permission }));
  }
  return { viewer, workspace, role: memberRole };
}

// ---------------------------------------------------------------------------
// Builders: the only way to register a public function of a workspace. Each
// takes the workspaceId argument and a required permission, checks both before
// the handler runs, and hands the handler { viewer, workspace, role } on ctx.

/** Registered functions made by the builders below; the API test checks every public function is one. */
const workspaceFunctions = new WeakSet<object>();

export function isWorkspaceFunction(fn: unknown): boolean {
  return (typeof fn === "function" || typeof fn === "object") && fn !== null && workspaceFunctions.has(fn);
}

function marked<B extends (definition: never) => object>(builder: B): B {
  return ((definition: never) => {
    const registered = builder(definition);
    workspaceFunctions.add(registered);
    return registered;
  }) as B;
}

const workspaceArgs = { workspaceId: v.id("workspaces") };
type Extra = { permission: Permission };

/** Queries and mutations check in their own transaction. */
const withDbAccess = {
  args: workspaceArgs,
  input: async (ctx: AuthCtx, { workspaceId }: { workspaceId: Id<"workspaces"> }, { permission }: Extra) => ({
    ctx: await requireWorkspaceAccess(ctx, workspaceId, permission),
    args: { workspaceId },
  }),
};

export const workspaceQuery = marked(customQuery(query, withDbAccess));

export const workspaceMutation = marked(customMutation(mutation, withDbAccess));

/** Actions have no db: the check runs in one internal query. */
export const workspaceAction = marked(
  customAction(action, {
    args: workspaceArgs,
    input: async (ctx, { workspaceId }, { permission }: Extra) => {
      const access: WorkspaceAccess = await ctx.runQuery(internal.functions.workspaceAccess, {
        workspaceId,
        permission,
      });
      return { ctx: access, args: { workspaceId } };
    },
  }),
);

export const workspaceAccess = internalQuery({
  args: { workspaceId: v.id("workspaces"), permission: permissionValidator },
  returns: workspaceAccessValidator,
  handler: async (ctx, { workspaceId, permission }) => await requireWorkspaceAccess(ctx, workspaceId, permission),
});

/** Largest page any list query serves, whatever the client asks for. */
export const MAX_PAGE_SIZE = 100;

/** Clamps a client's page size so one call reads a bounded number of documents. */
export function boundedPage(opts: PaginationOptions, max = MAX_PAGE_SIZE): PaginationOptions {
  return { ...opts, numItems: Math.max(1, Math.min(Math.floor(opts.numItems) || 1, max)) };
}
