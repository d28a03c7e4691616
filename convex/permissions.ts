import { v, type Infer } from "convex/values";
import type { role } from "./schema";

export type Role = Infer<typeof role>;

export const permission = v.union(
  v.literal("workspace.read"),
  v.literal("workspace.manage"), // workspace settings and members
  v.literal("workflow.edit"),
  v.literal("workflow.markSynced"),
  v.literal("workflow.apply"), // push settings to Kapso through the Platform API
  v.literal("summary.generate"),
  v.literal("lead.edit"),
  v.literal("message.send"),
  v.literal("delivery.manage"), // replay and dismiss webhook deliveries
);
export type Permission = Infer<typeof permission>;

const PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([
    "workspace.read",
    "workspace.manage",
    "workflow.edit",
    "workflow.markSynced",
    "workflow.apply",
    "summary.generate",
    "lead.edit",
    "message.send",
    "delivery.manage",
  ]),
  operator: new Set<Permission>([
    "workspace.read",
    "workflow.edit",
    "workflow.markSynced",
    "summary.generate",
    "lead.edit",
    "message.send",
  ]),
  staff: new Set<Permission>(["workspace.read", "workflow.markSynced", "lead.edit", "message.send"]),
};

export function roleHasPermission(r: Role, permission: Permission): boolean {
  return PERMISSIONS[r].has(permission);
}
