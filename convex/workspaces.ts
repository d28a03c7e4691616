import { v } from "convex/values";
import { invalidInput, userError } from "./errors";
import { messageRef } from "../src/i18n/messageRef";
import { internalMutation, query } from "./_generated/server";
import type { MutationCtx } from "./_generated/server";
import { getViewerX, workspaceMutation, workspaceQuery } from "./functions";
import { language, role } from "./schema";
import { workspaceLanguage } from "../src/domain/locale";
import { scheduleReplayIfUnmatched } from "./webhookDeliveries";
import { kapsoApiKeySource, kapsoCredentialsFor } from "./kapsoCredentials";
import { sealSecret, secretsSealingEnabled } from "./model/secrets";
import { kapsoApiKeySchema, webhookSecretSchema, workspaceSettingsSchema } from "../src/domain/workspace";
import type { Id } from "./_generated/dataModel";
import * as z from "zod/mini";

const workspaceSummary = v.object({
  _id: v.id("workspaces"),
  name: v.string(),
  role,
  timezone: v.string(),
});

function parseWorkspaceSettings(input: unknown) {
  const parsed = workspaceSettingsSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidInput(parsed.error);
  }
  return parsed.data;
}

async function assertPhoneNumberIdFree(ctx: MutationCtx, phoneNumberId: string, except?: string) {
  const existing = await ctx.db
    .query("workspaces")
    .withIndex("by_kapso_phone_number_id", (q) => q.eq("kapso_phone_number_id", phoneNumberId))
    .first();
  if (existing && existing._id !== except) {
    throw userError(
      "CONFLICT",
      messageRef("errors.settings.phoneNumberIdTaken", { phoneNumberId, workspace: existing.name }),
    );
  }
}

/** Admin and seed API: creates a workspace and returns its id. */
export const create = internalMutation({
  args: {
    name: v.string(),
    kapsoPhoneNumberId: v.string(),
    defaultCountry: v.string(),
    timezone: v.string(),
    kapsoWebhookSecret: v.optional(v.string()),
    language: v.optional(language),
  },
  returns: v.id("workspaces"),
  handler: async (ctx, args) => {
    const settings = parseWorkspaceSettings(args);
    await assertPhoneNumberIdFree(ctx, settings.kapsoPhoneNumberId);
    const secret = args.kapsoWebhookSecret?.trim();
    const workspaceId = await ctx.db.insert("workspaces", {
      name: settings.name,
      kapso_phone_number_id: settings.kapsoPhoneNumberId,
      default_country: settings.defaultCountry,
      timezone: settings.timezone,
      language: settings.language,
      kapso_webhook_secret: secret ? await sealSecret(secret) : undefined,
      created_at: Date.now(),
    });
    // Deliveries Kapso sent before the workspace existed are kept as unmatched.
    await scheduleReplayIfUnmatched(ctx, workspaceId, settings.kapsoPhoneNumberId);
    return workspaceId;
  },
});

/** Admin and seed API: gives a user a role in a workspace (updates it if present). */
export const addMember = internalMutation({
  args: { workspaceId: v.id("workspaces"), userId: v.string(), role },
  returns: v.id("members"),
  handler: async (ctx, { workspaceId, userId, role }) => {
    if (!(await ctx.db.get("workspaces", workspaceId))) {
      throw userError("NOT_FOUND", messageRef("errors.settings.noWorkspace", { workspaceId }));
    }
    if (!userId.trim()) {
      throw userError("INVALID", messageRef("errors.members.userIdRequired"));
    }
    const existing = await findMember(ctx, workspaceId, userId);
    if (existing) {
      await ctx.db.patch("members", existing._id, { role });
      return existing._id;
    }
    return await ctx.db.insert("members", { workspace_id: workspaceId, user_id: userId, role, created_at: Date.now() });
  },
});

async function findMember(ctx: MutationCtx, workspaceId: Id<"workspaces">, userId: string) {
  return await ctx.db
    .query("members")
    .withIndex("by_workspace_id_and_user_id", (q) => q.eq("workspace_id", workspaceId).eq("user_id", userId))
    .unique();
}

// A person belongs to a handful of workspaces; the local operator sees at most this many.
const MAX_WORKSPACES = 100;

/** The workspaces the caller can open, with their role in each. */
export const listMine = query({
  args: {},
  returns: v.array(workspaceSummary),
  handler: async (ctx) => {
    const viewer = await getViewerX(ctx);
    if (viewer.isLocalOperator) {
      const all = await ctx.db.query("workspaces").take(MAX_WORKSPACES);
      return all.map((w) => ({ _id: w._id, name: w.name, role: "admin" as const, timezone: w.timezone }));
    }
    const memberships = await ctx.db
      .query("members")
      .withIndex("by_user_id", (q) => q.eq("user_id", viewer.userId))
      .take(MAX_WORKSPACES);
    const result = [];
    for (const m of memberships) {
      const w = await ctx.db.get("workspaces", m.workspace_id);
      if (w) {
        result.push({ _id: w._id, name: w.name, role: m.role, timezone: w.timezone });
      }
    }
    return result;
  },
});

/** Workspace settings as the dashboard shows them; the webhook secret and Kapso API key are write-only. */
export const get = workspaceQuery({
  permission: "workspace.read",
  args: {},
  returns: v.object({
    _id: v.id("workspaces"),
    name: v.string(),
    kapsoPhoneNumberId: v.string(),
    defaultCountry: v.string(),
    timezone: v.string(),
    /** The daily summaries' language. */
    language,
    hasWebhookSecret: v.boolean(),
    hasKapsoApiKey: v.boolean(),
    /** Which key Kapso calls use: the workspace's own, the deployment's KAPSO_API_KEY, or none. */
    kapsoApiKeySource,
    role,
    isLocalOperator: v.boolean(),
    /** False when the deployment has no KAPSO_SECRETS_KEY: secrets are then stored as plain text. */
    secretsSealed: v.boolean(),
  }),
  handler: async (ctx) => {
    const { workspace, role, viewer } = ctx;
    return {
      _id: workspace._id,
      name: workspace.name,
      kapsoPhoneNumberId: workspace.kapso_phone_number_id,
      defaultCountry: workspace.default_country,
      timezone: workspace.timezone,
      language: workspaceLanguage(workspace),
      hasWebhookSecret: Boolean(workspace.kapso_webhook_secret),
      hasKapsoApiKey: Boolean(workspace.kapso_api_key),
      kapsoApiKeySource: (await kapsoCredentialsFor(workspace)).source,
      role,
      isLocalOperator: viewer.isLocalOperator,
      secretsSealed: secretsSealingEnabled(),
    };
  },
});

/** Admins edit the workspace's settings. */
export const update = workspaceMutation({
  permission: "workspace.manage",
  args: {
    name: v.string(),
    kapsoPhoneNumberId: v.string(),
    defaultCountry: v.string(),
    timezone: v.string(),
    language: v.optional(language),
  },
  returns: v.null(),
  handler: async (ctx, { workspaceId, ...input }) => {
    const { workspace } = ctx;
    const settings = parseWorkspaceSettings(input);
    await assertPhoneNumberIdFree(ctx, settings.kapsoPhoneNumberId, workspaceId);
    await ctx.db.patch("workspaces", workspaceId, {
      name: settings.name,
      kapso_phone_number_id: settings.kapsoPhoneNumberId,
      default_country: settings.defaultCountry,
      timezone: settings.timezone,
      ...(settings.language ? { language: settings.language } : {}),
      // Another zone has other day ends: the next sweep recomputes them.
      ...(settings.timezone !== workspace.timezone ? { summary_due_at: undefined } : {}),
    });
    if (settings.kapsoPhoneNumberId !== workspace.kapso_phone_number_id) {
      await scheduleReplayIfUnmatched(ctx, workspaceId, settings.kapsoPhoneNumberId);
    }
    return null;
  },
});

// A workspace has a handful of members; reads stay bounded all the same.
const MAX_MEMBERS = 500;

/** One argument checked with the form's schema; parsed under its name, so the error's issue names the field. */
function parseOrThrow<T>(schema: z.ZodMiniType<T>, field: string, value: unknown): T {
  const parsed = z.object({ [field]: schema }).safeParse({ [field]: value });
  if (!parsed.success) {
    throw invalidInput(parsed.error);
  }
  return parsed.data[field] as T;
}

/** Admins store the secret Kapso signs this workspace's webhooks with. It is never read back. */
export const setWebhookSecret = workspaceMutation({
  permission: "workspace.manage",
  args: { secret: v.string() },
  returns: v.null(),
  handler: async (ctx, { workspaceId, secret }) => {
    const value = parseOrThrow(webhookSecretSchema, "secret", secret);
    await ctx.db.patch("workspaces", workspaceId, { kapso_webhook_secret: await sealSecret(value) });
    return null;
  },
});

/** Admins remove the workspace's own secret (the deployment-wide one applies again, if set). */
export const clearWebhookSecret = workspaceMutation({
  permission: "workspace.manage",
  args: {},
  returns: v.null(),
  handler: async (ctx, { workspaceId }) => {
    await ctx.db.patch("workspaces", workspaceId, { kapso_webhook_secret: undefined });
    return null;
  },
});

/** Admins store the workspace's own Kapso API key (its Kapso project's). It is never read back. */
export const setKapsoApiKey = workspaceMutation({
  permission: "workspace.manage",
  args: { apiKey: v.string() },
  returns: v.null(),
  handler: async (ctx, { workspaceId, apiKey }) => {
    const value = parseOrThrow(kapsoApiKeySchema, "apiKey", apiKey);
    await ctx.db.patch("workspaces", workspaceId, { kapso_api_key: await sealSecret(value) });
    return null;
  },
});

/** Admins remove the workspace's own key (the deployment's KAPSO_API_KEY applies again, if set). */
export const clearKapsoApiKey = workspaceMutation({
  permission: "workspace.manage",
  args: {},
  returns: v.null(),
  handler: async (ctx, { workspaceId }) => {
    await ctx.db.patch("workspaces", workspaceId, { kapso_api_key: undefined });
    return null;
  },
});

/** Everyone in the workspace sees who else is in it and their roles. */
export const listMembers = workspaceQuery({
  permission: "workspace.read",
  args: {},
  returns: v.array(
    v.object({
      _id: v.id("members"),
      userId: v.string(),
      /** From their sign-in identity; null until they sign in again after invitations existed. */
      name: v.union(v.string(), v.null()),
      email: v.union(v.string(), v.null()),
      role,
      isYou: v.boolean(),
      createdAt: v.union(v.number(), v.null()),
    }),
  ),
  handler: async (ctx, { workspaceId }) => {
    const { viewer } = ctx;
    const members = await ctx.db
      .query("members")
      .withIndex("by_workspace_id_and_user_id", (q) => q.eq("workspace_id", workspaceId))
      .take(MAX_MEMBERS);
    return members.map((m) => ({
      _id: m._id,
      userId: m.user_id,
      name: m.name ?? null,
      email: m.email ?? null,
      role: m.role,
      isYou: m.user_id === viewer.userId,
      createdAt: m.created_at ?? null,
    }));
  },
});

async function memberOf(ctx: MutationCtx, workspaceId: Id<"workspaces">, memberId: Id<"members">) {
  const member = await ctx.db.get("members", memberId);
  // A member of another workspace is reported like a missing one.
  if (!member || member.workspace_id !== workspaceId) {
    throw userError("NOT_FOUND", messageRef("errors.members.noSuchMember"));
  }
  return member;
}

async function assertAnotherAdmin(ctx: MutationCtx, workspaceId: Id<"workspaces">, memberId: Id<"members">) {
  const members = await ctx.db
    .query("members")
    .withIndex("by_workspace_id_and_user_id", (q) => q.eq("workspace_id", workspaceId))
    .take(MAX_MEMBERS);
  if (!members.some((m) => m.role === "admin" && m._id !== memberId)) {
    throw userError("INVALID", messageRef("errors.members.lastAdmin"));
  }
}

/** Admins change a member's role; the last admin keeps theirs. */
export const changeMemberRole = workspaceMutation({
  permission: "workspace.manage",
  args: { memberId: v.id("members"), role },
  returns: v.null(),
  handler: async (ctx, { workspaceId, memberId, role: newRole }) => {
    const member = await memberOf(ctx, workspaceId, memberId);
    if (member.role === newRole) {
      return null;
    }
    if (member.role === "admin") {
      await assertAnotherAdmin(ctx, workspaceId, memberId);
    }
    await ctx.db.patch("members", memberId, { role: newRole });
    return null;
  },
});

/** Admins remove a member; the last admin stays. */
export const removeMember = workspaceMutation({
  permission: "workspace.manage",
  args: { memberId: v.id("members") },
  returns: v.null(),
  handler: async (ctx, { workspaceId, memberId }) => {
    const member = await memberOf(ctx, workspaceId, memberId);
    if (member.role === "admin") {
      await assertAnotherAdmin(ctx, workspaceId, memberId);
    }
    await ctx.db.delete("members", memberId);
    return null;
  },
});
