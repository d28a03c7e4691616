import * as React from "react";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { FIELD_LABELS } from "@/domain/workflowSettings";
import { useDateFormat } from "@/lib/useDateFormat";

export type KapsoCheck = FunctionReturnType<typeof api.kapsoSync.check>;
export type KapsoPreview = FunctionReturnType<typeof api.kapsoSync.previewApply>;

export function fieldLabel(field: string): string {
  return (FIELD_LABELS as Record<string, string>)[field] ?? field;
}

/** The state of the latest check, as one badge. `stale`: it compared an older settings version. */
export function KapsoCheckBadge({ check, stale }: { check: KapsoCheck | null; stale: boolean }) {
  if (!check) {
    return <Badge tone="neutral">Not checked yet</Badge>;
  }
  if (check.state === "error") {
    return <Badge tone="danger">Check failed</Badge>;
  }
  if (stale) {
    return <Badge tone="neutral">Check is out of date</Badge>;
  }
  if (check.state === "verified") {
    return <Badge tone="success">Verified in Kapso</Badge>;
  }
  if (check.state === "changed_in_kapso") {
    return <Badge tone="danger">Changed in Kapso</Badge>;
  }
  return <Badge tone="warning">Kapso differs</Badge>;
}

/** One sentence under the badge: lock_version and time, or what differs. */
export function KapsoCheckSummary({ check }: { check: KapsoCheck }) {
  const dates = useDateFormat();
  const when = `checked ${dates.dateTime(check.checkedAt)}${check.source === "drift" ? " (automatic)" : ""}`;
  if (check.state === "error") {
    return null;
  }
  if (check.state === "verified") {
    return (
      <p className="text-sm text-muted-foreground">
        Kapso runs version {check.settingsVersion}: lock_version {check.lockVersion ?? "—"}, {when}.
      </p>
    );
  }
  const fields = check.differingFields.map(fieldLabel).join(", ");
  if (check.state === "changed_in_kapso") {
    const moved =
      check.verifiedLockVersion !== null &&
      check.lockVersion !== null &&
      check.lockVersion !== check.verifiedLockVersion
        ? ` (lock_version ${check.verifiedLockVersion} → ${check.lockVersion})`
        : "";
    return (
      <p className="text-sm text-destructive">
        Someone changed the workflow in Kapso after version {check.settingsVersion} was synced{moved}: {fields}. Nothing
        was overwritten; apply the settings again or update them to match (lock_version {check.lockVersion ?? "—"},{" "}
        {when}).
      </p>
    );
  }
  return (
    <p className="text-sm text-warning">
      Still different in Kapso: {fields} (lock_version {check.lockVersion ?? "—"}, {when}).
    </p>
  );
}

/** Per-field results; differing fields show both values. */
export function KapsoFieldTable({ fields }: { fields: KapsoCheck["fields"] }) {
  if (fields.length === 0) {
    return null;
  }
  return (
    <ul
      aria-label="Fields compared with Kapso"
      className="divide-y divide-border/60 rounded-md border border-border text-sm"
    >
      {fields.map((f) => (
        <li key={`${f.node_id}:${f.config_key}`} className="px-3 py-2">
          <div className="flex items-center justify-between gap-3">
            <span className="font-medium text-foreground">
              {fieldLabel(f.field)}{" "}
              <span className="font-normal text-muted-foreground">
                · node <code className="text-xs">{f.node_id}</code>, <code className="text-xs">{f.config_key}</code>
              </span>
            </span>
            {f.matches ? (
              <Badge tone="success" aria-label={`${fieldLabel(f.field)} matches`}>
                Matches
              </Badge>
            ) : (
              <Badge tone="warning" aria-label={`${fieldLabel(f.field)} differs`}>
                Differs
              </Badge>
            )}
          </div>
          {!f.matches && (
            <dl className="mt-1.5 grid gap-1 text-xs sm:grid-cols-[6rem_1fr]">
              <dt className="text-muted-foreground">Settings</dt>
              <dd className="break-words whitespace-pre-wrap text-foreground">{f.expected}</dd>
              <dt className="text-muted-foreground">In Kapso</dt>
              <dd className="break-words whitespace-pre-wrap text-foreground">{f.actual}</dd>
            </dl>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The exact node config changes an apply makes. */
export function NodeChangeList({ preview }: { preview: KapsoPreview }) {
  if (preview.changes.length === 0) {
    return (
      <p>
        Kapso already has these settings: applying only verifies them and marks version {preview.settingsVersion} as
        synced.
      </p>
    );
  }
  return (
    <ul aria-label="Node changes" className="max-h-80 space-y-3 overflow-y-auto">
      {preview.changes.map((node) => (
        <li key={node.nodeId}>
          <p className="font-medium text-foreground">
            {node.displayName}{" "}
            <span className="font-normal text-muted-foreground">
              ({node.nodeType} node <code className="text-xs">{node.nodeId}</code>)
            </span>
          </p>
          <ul className="mt-1 space-y-1">
            {node.changes.map((c) => (
              <li key={c.configKey} className="rounded bg-muted px-2 py-1 text-xs">
                <code className="font-semibold">{c.configKey}</code>
                <div className="mt-0.5 grid gap-x-2 sm:grid-cols-[3.5rem_1fr]">
                  <span className="text-muted-foreground">Before</span>
                  <span className="break-words whitespace-pre-wrap text-destructive line-through decoration-destructive/40">
                    {c.before}
                  </span>
                  <span className="text-muted-foreground">After</span>
                  <span className="break-words whitespace-pre-wrap text-success">{c.after}</span>
                </div>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
