/// <reference types="vite/client" />
import { convexTest } from "convex-test";
import schema from "./schema";
import { modules } from "./test.setup";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { Role } from "./permissions";
import { LOCAL_OPERATOR } from "../src/domain/localOperator";

/** A convex-test instance with Convex's transaction limits enforced. */
export function newTest() {
  return convexTest({ schema, modules, transactionLimits: true });
}

export type TestConvex = ReturnType<typeof newTest>;

export const FIXTURE_PHONE_NUMBER_ID = "957104384162113";

/** Creates the fixtures' workspace (Indonesia, Asia/Jakarta) and returns its id. */
export async function createWorkspace(
  t: TestConvex,
  overrides: Partial<{
    name: string;
    kapsoPhoneNumberId: string;
    defaultCountry: string;
    timezone: string;
    kapsoWebhookSecret: string;
    language: "en" | "id";
  }> = {},
): Promise<Id<"workspaces">> {
  return await t.mutation(internal.workspaces.create, {
    name: "Toko Budi",
    kapsoPhoneNumberId: FIXTURE_PHONE_NUMBER_ID,
    defaultCountry: "ID",
    timezone: "Asia/Jakarta",
    ...overrides,
  });
}

/** A test client acting as a signed-in Clerk user. */
export function asUser(t: TestConvex, userId: string) {
  return t.withIdentity({ subject: userId, issuer: "https://clerk.test" });
}

/** A test client carrying the identity a verified local-operator token gives. */
export function asLocalOperator(t: TestConvex) {
  return t.withIdentity({ subject: LOCAL_OPERATOR.subject, issuer: LOCAL_OPERATOR.issuer, name: LOCAL_OPERATOR.name });
}

/** Gives `userId` a role in the workspace. */
export async function addMember(t: TestConvex, workspaceId: Id<"workspaces">, userId: string, role: Role) {
  await t.mutation(internal.workspaces.addMember, { workspaceId, userId, role });
}

/** One member per role: user_admin, user_op and user_staff. */
export async function addTeam(t: TestConvex, workspaceId: Id<"workspaces">) {
  await addMember(t, workspaceId, "user_admin", "admin");
  await addMember(t, workspaceId, "user_op", "operator");
  await addMember(t, workspaceId, "user_staff", "staff");
}

/** A second workspace whose only member, user_outsider, is its admin: for "not a member" checks. */
export async function createOutsiderWorkspace(
  t: TestConvex,
  kapsoPhoneNumberId = "111111111",
): Promise<Id<"workspaces">> {
  const workspaceId = await createWorkspace(t, { name: "Other", kapsoPhoneNumberId });
  await addMember(t, workspaceId, "user_outsider", "admin");
  return workspaceId;
}

/** The fixtures' workspace with one member per role (addTeam), plus an outsider's workspace. */
export async function newTeamTest() {
  const t = newTest();
  const workspaceId = await createWorkspace(t);
  await addTeam(t, workspaceId);
  const other = await createOutsiderWorkspace(t);
  return { t, workspaceId, other };
}
