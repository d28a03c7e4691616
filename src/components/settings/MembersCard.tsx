"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
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
import { useErrorMessage } from "@/lib/errors";
import { issueRef } from "@/i18n/issues";
import { useMessage } from "@/i18n/useMessage";
import { inviteEmailSchema } from "@/domain/invitations";
import { useDateFormat } from "@/lib/useDateFormat";

const ROLES: readonly Role[] = ["admin", "operator", "staff"];

/** Each role's name, for the choosers and the read-only view. */
function RoleOptions() {
  const t = useTranslations("members.roles");
  return ROLES.map((role) => (
    <option key={role} value={role}>
      {t(`${role}.label`)}
    </option>
  ));
}

type Member = FunctionReturnType<typeof api.workspaces.listMembers>[number];
type Invitation = FunctionReturnType<typeof api.invitations.list>[number];

/** People are named as their sign-in shows them; rows from before invitations have only the user id. */
function memberLabel(m: Member): string {
  return m.name ?? m.email ?? m.userId;
}

/** Members and roles: everyone sees them, admins change them. */
export function MembersCard({ workspaceId, canManage }: { workspaceId: Id<"workspaces">; canManage: boolean }) {
  const t = useTranslations("members");
  const errorMessage = useErrorMessage();
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
          <CardTitle>{t("title")}</CardTitle>
          <ul className="mt-1 space-y-0.5 text-xs text-muted-foreground">
            {ROLES.map((role) => (
              <li key={role}>
                <span className="font-medium text-foreground">{t(`roles.${role}.label`)}</span>:{" "}
                {t(`roles.${role}.help`)}
              </li>
            ))}
          </ul>
        </div>
      </CardHeader>
      <CardBody className="space-y-4">
        {!canManage && <p className="text-sm text-muted-foreground">{t("adminsOnly")}</p>}
        {error && <Alert>{error}</Alert>}
        {members === undefined ? (
          <LoadingState label={t("loading")} className="py-6" />
        ) : members.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("empty")}</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-border text-xs text-muted-foreground">
                <th className="py-2 font-medium">{t("member")}</th>
                <th className="py-2 font-medium">{t("role")}</th>
                {canManage && (
                  <th className="py-2 font-medium">
                    <span className="sr-only">{t("actions")}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m._id} className="border-b border-border/60 last:border-0">
                  <td className="py-2">
                    <div className="font-medium text-foreground">
                      {memberLabel(m)} {m.isYou && <Badge tone="info">{t("you")}</Badge>}
                    </div>
                    {m.name && m.email && <div className="text-xs text-muted-foreground">{m.email}</div>}
                    {memberLabel(m) !== m.userId && (
                      <div className="font-mono text-xs text-muted-foreground">{m.userId}</div>
                    )}
                  </td>
                  <td className="py-2">
                    {canManage ? (
                      <Select
                        aria-label={t("roleOf", { name: memberLabel(m) })}
                        className="w-36"
                        value={m.role}
                        disabled={busyId === m._id}
                        onChange={(e) =>
                          run(m._id, () => changeRole({ workspaceId, memberId: m._id, role: e.target.value as Role }))
                        }
                      >
                        <RoleOptions />
                      </Select>
                    ) : (
                      <span>{t(`roles.${m.role}.label`)}</span>
                    )}
                  </td>
                  {canManage && (
                    <td className="py-2 text-right">
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => setRemoving(m)}
                        disabled={busyId === m._id}
                        aria-label={t("removeLabel", { name: memberLabel(m) })}
                      >
                        {t("remove")}
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
        title={t("removeTitle", { name: removing ? memberLabel(removing) : "" })}
        confirmLabel={t("removeConfirm")}
        busy={removing !== null && busyId === removing._id}
        onConfirm={() => removing && run(removing._id, () => removeMember({ workspaceId, memberId: removing._id }))}
        onCancel={() => setRemoving(null)}
      >
        {removing?.isYou ? t("removeSelf") : t("removeOther")}
      </ConfirmDialog>
    </Card>
  );
}

function PendingInvitations({ workspaceId, canManage }: { workspaceId: Id<"workspaces">; canManage: boolean }) {
  const invitations = useQuery(api.invitations.list, { workspaceId });
  const revoke = useMutation(api.invitations.revoke);
  const t = useTranslations("members.pending");
  const errorMessage = useErrorMessage();
  const dates = useDateFormat();
  const [error, setError] = React.useState<string | null>(null);
  const [revoking, startRevoking] = React.useTransition();
  const [revokingId, setRevokingId] = React.useState<Id<"invitations"> | null>(null);

  if (invitations === undefined) {
    return <LoadingState label={t("loading")} className="py-2" />;
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
    <section aria-label={t("title")} className="space-y-2 border-t border-border/60 pt-4">
      <h3 className="text-sm font-medium text-foreground">{t("title")}</h3>
      {error && <Alert>{error}</Alert>}
      <ul className="space-y-1 text-sm">
        {invitations.map((i) => (
          <li key={i._id} className="flex flex-wrap items-center justify-between gap-2">
            <span>
              <span className="text-foreground">{i.email}</span>{" "}
              <span className="text-muted-foreground">
                {t("detail", { role: i.role, inviter: i.invitedByName, date: dates.date(i.createdAt) })}
              </span>
            </span>
            {canManage && (
              <Button
                variant="ghost"
                size="sm"
                busy={revoking && revokingId === i._id}
                onClick={() => onRevoke(i)}
                aria-label={t("revokeLabel", { email: i.email })}
              >
                {t("revoke")}
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
  const t = useTranslations("members");
  const say = useMessage();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = React.useState("");
  const [role, setRole] = React.useState<Role>("staff");
  const [busy, startInviting] = React.useTransition();
  const [status, setStatus] = React.useState<{ ok: boolean; message: string } | null>(null);
  const parsed = inviteEmailSchema.safeParse(email);
  const issue = email.trim() && !parsed.success ? parsed.error.issues[0] : undefined;

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
          setStatus({ ok: true, message: t("invite.sent", { email: invited, role }) });
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
        <Field label={t("invite.email")} hint={t("invite.emailHint")} error={issue ? say(issueRef(issue)) : undefined}>
          <Input type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label={t("role")}>
          <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <RoleOptions />
          </Select>
        </Field>
        <Button type="submit" busy={busy} disabled={!parsed.success}>
          {t("invite.submit")}
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
