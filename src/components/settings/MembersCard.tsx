"use client";
import * as React from "react";
import { useMutation, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { Role } from "@convex/permissions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { LoadingState } from "@/components/ui/states";
import { errorMessage } from "@/lib/errors";
import { memberUserIdSchema } from "@/domain/workspace";

const ROLES: { value: Role; label: string; help: string }[] = [
  { value: "admin", label: "Admin", help: "everything, including members and workspace settings" },
  { value: "operator", label: "Operator", help: "edits workflow settings and confirms Kapso updates" },
  { value: "staff", label: "Staff", help: "replies to leads, edits their notes, reads everything and confirms Kapso updates" },
];

type Member = { _id: Id<"members">; userId: string; role: Role; isYou: boolean };

/** Members and roles: everyone sees them, admins change them. */
export function MembersCard({ workspaceId, canManage }: { workspaceId: Id<"workspaces">; canManage: boolean }) {
  const members = useQuery(api.workspaces.listMembers, { workspaceId });
  const changeRole = useMutation(api.workspaces.changeMemberRole);
  const removeMember = useMutation(api.workspaces.removeMember);
  const [error, setError] = React.useState<string | null>(null);
  const [busyId, setBusyId] = React.useState<Id<"members"> | null>(null);
  const [removing, setRemoving] = React.useState<Member | null>(null);

  async function run(memberId: Id<"members">, action: () => Promise<unknown>) {
    setBusyId(memberId);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusyId(null);
      setRemoving(null);
    }
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Members</CardTitle>
          <ul className="mt-1 space-y-0.5 text-xs text-slate-500">
            {ROLES.map((r) => (
              <li key={r.value}>
                <span className="font-medium text-slate-700">{r.label}</span>: {r.help}
              </li>
            ))}
          </ul>
        </div>
      </CardHeader>
      <CardBody className="space-y-4">
        {!canManage && <p className="text-sm text-slate-600">Only admins can add or remove members and change roles.</p>}
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        {members === undefined ? (
          <LoadingState label="Loading members…" className="py-6" />
        ) : members.length === 0 ? (
          <p className="text-sm text-slate-500">No members yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-xs text-slate-500">
                <th className="py-2 font-medium">User</th>
                <th className="py-2 font-medium">Role</th>
                {canManage && <th className="py-2 font-medium"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m._id} className="border-b border-slate-100 last:border-0">
                  <td className="py-2 font-mono text-xs text-slate-800">
                    {m.userId} {m.isYou && <Badge tone="info">you</Badge>}
                  </td>
                  <td className="py-2">
                    {canManage ? (
                      <Select
                        aria-label={`Role of ${m.userId}`}
                        className="w-36"
                        value={m.role}
                        disabled={busyId === m._id}
                        onChange={(e) => run(m._id, () => changeRole({ workspaceId, memberId: m._id, role: e.target.value as Role }))}
                      >
                        {ROLES.map((r) => (
                          <option key={r.value} value={r.value}>
                            {r.label}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <span className="capitalize">{m.role}</span>
                    )}
                  </td>
                  {canManage && (
                    <td className="py-2 text-right">
                      <Button variant="ghost" size="sm" onClick={() => setRemoving(m)} disabled={busyId === m._id} aria-label={`Remove ${m.userId}`}>
                        Remove
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canManage && <AddMemberForm workspaceId={workspaceId} />}
      </CardBody>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.userId ?? ""}?`}
        confirmLabel="Remove member"
        busy={removing !== null && busyId === removing._id}
        onConfirm={() => removing && run(removing._id, () => removeMember({ workspaceId, memberId: removing._id }))}
        onCancel={() => setRemoving(null)}
      >
        {removing?.isYou ? "You will lose access to this workspace." : "They will lose access to this workspace at once."}
      </ConfirmDialog>
    </Card>
  );
}

function AddMemberForm({ workspaceId }: { workspaceId: Id<"workspaces"> }) {
  const addMember = useMutation(api.workspaces.addMemberByUserId);
  const [userId, setUserId] = React.useState("");
  const [role, setRole] = React.useState<Role>("staff");
  const [busy, setBusy] = React.useState(false);
  const [status, setStatus] = React.useState<{ ok: boolean; message: string } | null>(null);
  const parsed = memberUserIdSchema.safeParse(userId);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!parsed.success) return;
    setBusy(true);
    setStatus(null);
    try {
      await addMember({ workspaceId, userId: parsed.data, role });
      setStatus({ ok: true, message: `${parsed.data} added as ${role}.` });
      setUserId("");
    } catch (e) {
      setStatus({ ok: false, message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2 border-t border-slate-100 pt-4">
      <div className="grid items-end gap-3 sm:grid-cols-[1fr_10rem_auto]">
        <Field
          id="new-member-user-id"
          label="Add a member by Clerk user id"
          hint="Shown in the Clerk dashboard under Users, e.g. user_2abc…"
          error={userId && !parsed.success ? parsed.error.issues[0]?.message : undefined}
        >
          <Input value={userId} onChange={(e) => setUserId(e.target.value)} />
        </Field>
        <Field id="new-member-role" label="Role">
          <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" busy={busy} disabled={!parsed.success}>
          Add member
        </Button>
      </div>
      {status && (
        <p role={status.ok ? "status" : "alert"} className={status.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
          {status.message}
        </p>
      )}
    </form>
  );
}
