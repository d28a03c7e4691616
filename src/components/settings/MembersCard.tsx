"use client";
import * as React from "react";
import { useMutation, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { FunctionReturnType } from "convex/server";
import type { Role } from "@convex/permissions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { LoadingState } from "@/components/ui/states";
import { errorMessage } from "@/lib/errors";
import { inviteEmailSchema } from "@/domain/invitations";
import { useDateFormat } from "@/lib/useDateFormat";

const ROLES: { value: Role; label: string; help: string }[] = [
  { value: "admin", label: "Admin", help: "everything, including members and workspace settings" },
  { value: "operator", label: "Operator", help: "edits workflow settings and confirms Kapso updates" },
  {
    value: "staff",
    label: "Staff",
    help: "replies to leads, edits their notes, reads everything and confirms Kapso updates",
  },
];

type Member = FunctionReturnType<typeof api.workspaces.listMembers>[number];
type Invitation = FunctionReturnType<typeof api.invitations.list>[number];

/** People are named as their sign-in shows them; rows from before invitations have only the user id. */
function memberLabel(m: Member): string {
  return m.name ?? m.email ?? m.userId;
}

/** Members and roles: everyone sees them, admins change them. */
export function MembersCard({ workspaceId, canManage }: { workspaceId: Id<"workspaces">; canManage: boolean }) {
  const members = useQuery(api.workspaces.listMembers, { workspaceId });
  const changeRole = useMutation(api.workspaces.changeMemberRole);
  const removeMember = useMutation(api.workspaces.removeMember);
  const [error, setError] = React.useState<string | null>(null);
  const [pending, startRun] = React.useTransition();
  const [runningId, setRunningId] = React.useState<Id<"members"> | null>(null);
  const busyId = pending ? runningId : null;
  const [removing, setRemoving] = React.useState<Member | null>(null);

  function run(memberId: Id<"members">, action: () => Promise<unknown>) {
    setRunningId(memberId);
    setError(null);
    startRun(async () => {
      try {
        await action();
      } catch (e) {
        React.startTransition(() => setError(errorMessage(e)));
      }
      React.startTransition(() => setRemoving(null));
    });
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Members</CardTitle>
          <ul className="mt-1 space-y-0.5 text-xs text-muted-foreground">
            {ROLES.map((r) => (
              <li key={r.value}>
                <span className="font-medium text-foreground">{r.label}</span>: {r.help}
              </li>
            ))}
          </ul>
        </div>
      </CardHeader>
      <CardBody className="space-y-4">
        {!canManage && (
          <p className="text-sm text-muted-foreground">Only admins can invite or remove members and change roles.</p>
        )}
        {error && <Alert>{error}</Alert>}
        {members === undefined ? (
          <LoadingState label="Loading members…" className="py-6" />
        ) : members.length === 0 ? (
          <p className="text-sm text-muted-foreground">No members yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-border text-xs text-muted-foreground">
                <th className="py-2 font-medium">Member</th>
                <th className="py-2 font-medium">Role</th>
                {canManage && (
                  <th className="py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m._id} className="border-b border-border/60 last:border-0">
                  <td className="py-2">
                    <div className="font-medium text-foreground">
                      {memberLabel(m)} {m.isYou && <Badge tone="info">you</Badge>}
                    </div>
                    {m.name && m.email && <div className="text-xs text-muted-foreground">{m.email}</div>}
                    {memberLabel(m) !== m.userId && (
                      <div className="font-mono text-xs text-muted-foreground">{m.userId}</div>
                    )}
                  </td>
                  <td className="py-2">
                    {canManage ? (
                      <Select
                        aria-label={`Role of ${memberLabel(m)}`}
                        className="w-36"
                        value={m.role}
                        disabled={busyId === m._id}
                        onChange={(e) =>
                          run(m._id, () => changeRole({ workspaceId, memberId: m._id, role: e.target.value as Role }))
                        }
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
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => setRemoving(m)}
                        disabled={busyId === m._id}
                        aria-label={`Remove ${memberLabel(m)}`}
                      >
                        Remove
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <PendingInvitations workspaceId={workspaceId} canManage={canManage} />
        {canManage && <InviteForm workspaceId={workspaceId} />}
      </CardBody>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing ? memberLabel(removing) : ""}?`}
        confirmLabel="Remove member"
        busy={removing !== null && busyId === removing._id}
        onConfirm={() => removing && run(removing._id, () => removeMember({ workspaceId, memberId: removing._id }))}
        onCancel={() => setRemoving(null)}
      >
        {removing?.isYou
          ? "You will lose access to this workspace."
          : "They will lose access to this workspace at once."}
      </ConfirmDialog>
    </Card>
  );
}

function PendingInvitations({ workspaceId, canManage }: { workspaceId: Id<"workspaces">; canManage: boolean }) {
  const invitations = useQuery(api.invitations.list, { workspaceId });
  const revoke = useMutation(api.invitations.revoke);
  const dates = useDateFormat();
  const [error, setError] = React.useState<string | null>(null);
  const [revoking, startRevoking] = React.useTransition();
  const [revokingId, setRevokingId] = React.useState<Id<"invitations"> | null>(null);

  if (invitations === undefined) {
    return <LoadingState label="Loading invitations…" className="py-2" />;
  }
  if (invitations.length === 0) {
    return null;
  }

  function onRevoke(invitation: Invitation) {
    setRevokingId(invitation._id);
    setError(null);
    startRevoking(async () => {
      try {
        await revoke({ workspaceId, invitationId: invitation._id });
      } catch (e) {
        React.startTransition(() => setError(errorMessage(e)));
      }
    });
  }

  return (
    <section aria-label="Pending invitations" className="space-y-2 border-t border-border/60 pt-4">
      <h3 className="text-sm font-medium text-foreground">Pending invitations</h3>
      {error && <Alert>{error}</Alert>}
      <ul className="space-y-1 text-sm">
        {invitations.map((i) => (
          <li key={i._id} className="flex flex-wrap items-center justify-between gap-2">
            <span>
              <span className="text-foreground">{i.email}</span>{" "}
              <span className="text-muted-foreground">
                as {i.role}, invited by {i.invitedByName} on {dates.date(i.createdAt)}
              </span>
            </span>
            {canManage && (
              <Button
                variant="ghost"
                size="sm"
                busy={revoking && revokingId === i._id}
                onClick={() => onRevoke(i)}
                aria-label={`Revoke the invitation of ${i.email}`}
              >
                Revoke
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function InviteForm({ workspaceId }: { workspaceId: Id<"workspaces"> }) {
  const invite = useMutation(api.invitations.invite);
  const [email, setEmail] = React.useState("");
  const [role, setRole] = React.useState<Role>("staff");
  const [busy, startInviting] = React.useTransition();
  const [status, setStatus] = React.useState<{ ok: boolean; message: string } | null>(null);
  const parsed = inviteEmailSchema.safeParse(email);

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!parsed.success || busy) {
      return;
    }
    const invited = parsed.data;
    setStatus(null);
    startInviting(async () => {
      try {
        await invite({ workspaceId, email: invited, role });
        React.startTransition(() => {
          setStatus({
            ok: true,
            message: `${invited} is invited as ${role}: they join when they sign in with this email, once verified.`,
          });
          setEmail("");
        });
      } catch (e) {
        React.startTransition(() => setStatus({ ok: false, message: errorMessage(e) }));
      }
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2 border-t border-border/60 pt-4">
      <div className="grid items-end gap-3 sm:grid-cols-[1fr_10rem_auto]">
        <Field
          label="Invite by email"
          hint="No email is sent: tell them to sign in to this dashboard with this address."
          error={email.trim() && !parsed.success ? parsed.error.issues[0]?.message : undefined}
        >
          <Input type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Role">
          <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" busy={busy} disabled={!parsed.success}>
          Invite
        </Button>
      </div>
      {status && (
        <p
          role={status.ok ? "status" : "alert"}
          className={status.ok ? "text-sm text-success" : "text-sm text-destructive"}
        >
          {status.message}
        </p>
      )}
    </form>
  );
}
