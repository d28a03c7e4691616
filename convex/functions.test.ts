/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { v } from "convex/values";
import { internalQuery, mutation, query } from "./_generated/server";
import { api } from "./_generated/api";
import { isWorkspaceFunction, workspaceAction, workspaceMutation, workspaceQuery } from "./functions";
import { asUser, newTeamTest } from "./test.harness";
import { modules } from "./test.setup";
import { publicFunctions } from "../tests/convex/publicFunctions";

/** Public functions that belong to no workspace, so no workspace builder applies. */
const NO_WORKSPACE = new Set([
  "workspaces:listMine",
  "invitations:acceptMine",
  "profiles:mine",
  "profiles:setLanguage",
  "routes:conversationExists",
  "routes:leadExists",
]);

/** Every public function of the modules by its Convex name ("module:export"). */
async function registered(loaders: Record<string, () => Promise<unknown>> = modules): Promise<Map<string, unknown>> {
  return new Map((await publicFunctions(loaders)).map((fn) => [fn.path, fn.registered]));
}

/** The public functions registered without a workspace builder and not on the allow-list. */
function unguarded(functions: Map<string, unknown>, allowed: ReadonlySet<string>): string[] {
  return [...functions].filter(([name, fn]) => !isWorkspaceFunction(fn) && !allowed.has(name)).map(([name]) => name);
}

describe("the public API", () => {
  it("registers every public function through a workspace builder, or lists it as needing no workspace", async () => {
    const functions = await registered();
    // The enumeration sees the whole API (not vacuously empty): a sample from each kind and module.
    for (const name of [
      "contacts:list",
      "replies:send",
      "summaries:generate",
      "kapsoSync:apply",
      "kapsoSync:providerModels",
      "workspaces:listMine",
    ]) {
      expect(functions.has(name), name).toBe(true);
    }
    expect(functions.size).toBeGreaterThanOrEqual(39);
    expect(unguarded(functions, NO_WORKSPACE)).toEqual([]);
    for (const name of NO_WORKSPACE) {
      expect(functions.has(name), `${name} is on the allow-list but not registered`).toBe(true);
    }
  });

  it("every workspace function takes the workspaceId argument", async () => {
    for (const [name, fn] of await registered()) {
      if (NO_WORKSPACE.has(name)) {
        continue;
      }
      const args = JSON.parse((fn as { exportArgs: () => string }).exportArgs()) as {
        type: string;
        value: Record<string, { fieldType: { type: string; tableName?: string } }>;
      };
      expect(args.value.workspaceId?.fieldType, name).toEqual({ type: "id", tableName: "workspaces" });
    }
  });

  it("reports a public function registered without a builder", async () => {
    const bypass = query({ args: { workspaceId: v.id("workspaces") }, returns: v.null(), handler: async () => null });
    const bypassMutation = mutation({ args: {}, returns: v.null(), handler: async () => null });
    const guarded = workspaceQuery({
      permission: "workspace.read",
      args: {},
      returns: v.null(),
      handler: async () => null,
    });
    const guardedMutation = workspaceMutation({
      permission: "lead.edit",
      args: {},
      returns: v.null(),
      handler: async () => null,
    });
    const guardedAction = workspaceAction({
      permission: "workflow.apply",
      args: {},
      returns: v.null(),
      handler: async () => null,
    });
    const internalOnly = internalQuery({ args: {}, returns: v.null(), handler: async () => null });
    const functions = await registered({
      "./fixture.ts": async () => ({
        bypass,
        bypassMutation,
        guarded,
        guardedMutation,
        guardedAction,
        internalOnly,
        helper: () => null,
      }),
    });
    expect([...functions.keys()].sort()).toEqual(
      [
        "fixture:bypass",
        "fixture:bypassMutation",
        "fixture:guarded",
        "fixture:guardedAction",
        "fixture:guardedMutation",
      ].sort(),
    );
    expect(unguarded(functions, new Set())).toEqual(["fixture:bypass", "fixture:bypassMutation"]);
    expect(unguarded(functions, new Set(["fixture:bypass"]))).toEqual(["fixture:bypassMutation"]);
  });

  it("makes the permission a required part of every builder", () => {
    // @ts-expect-error permission is required
    const withoutPermission = () => workspaceQuery({ args: {}, returns: v.null(), handler: async () => null });
    expect(typeof withoutPermission).toBe("function");
  });

  it("checks membership and permission before the handler, for queries, mutations and actions", async () => {
    const { t, workspaceId, other } = await newTeamTest();
    const staff = asUser(t, "user_staff");
    await expect(
      staff.query(api.contacts.list, { workspaceId: other, paginationOpts: { numItems: 5, cursor: null } }),
    ).rejects.toThrow(/not a member/);
    await expect(t.query(api.workflowSettings.list, { workspaceId })).rejects.toThrow(/Sign in/);
    await expect(staff.mutation(api.summaries.generate, { workspaceId, date: "2026-11-25" })).rejects.toThrow(
      /summary\.generate/,
    );
    await expect(staff.action(api.kapsoSync.previewApply, { workspaceId, workflowType: "sarah" })).rejects.toThrow(
      /workflow\.apply/,
    );
    await expect(asUser(t, "user_outsider").action(api.kapsoSync.providerModels, { workspaceId })).rejects.toThrow(
      /not a member/,
    );
  });
});
