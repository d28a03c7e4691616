import * as React from "react";
import { useTranslations } from "next-intl";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { FIELD_LABELS } from "@/domain/workflowSettings";
import { MISSING_NODE, NOT_SET } from "@/domain/kapsoDefinitionSync";
import type { MessageKey } from "@/i18n/messageRef";
import { useMessage } from "@/i18n/useMessage";
import { useDateFormat } from "@/lib/useDateFormat";

export type KapsoCheck = FunctionReturnType<typeof api.kapsoSync.check>;
export type KapsoPreview = FunctionReturnType<typeof api.kapsoSync.previewApply>;

export function fieldLabel(field: string): string {
  return (FIELD_LABELS as Record<string, string>)[field] ?? field;
}

/** Why the latest check failed, in the reader's language (errors recorded before translation have only English). */
export function useCheckErrorText(): (error: NonNullable<KapsoCheck["lastError"]>) => string {
  const say = useMessage();
  return React.useCallback(
    (error) => (error.key ? say({ key: error.key as MessageKey, values: error.values }) : error.message),
    [say],
  );
}

/** A compared value, or the marker standing in for it. */
function useShownValue(): (value: string) => string {
  const t = useTranslations("instructions.check");
  return (value) => (value === MISSING_NODE ? t("missingNode") : value === NOT_SET ? t("notSet") : value);
}

/** The state of the latest check, as one badge. `stale`: it compared an older settings version. */
export function KapsoCheckBadge({ check, stale }: { check: KapsoCheck | null; stale: boolean }) {
  const t = useTranslations("instructions.check.badge");
  if (!check) {
    return <Badge tone="neutral">{t("notChecked")}</Badge>;
  }
  if (check.state === "error") {
    return <Badge tone="danger">{t("failed")}</Badge>;
  }
  if (stale) {
    return <Badge tone="neutral">{t("outOfDate")}</Badge>;
  }
  if (check.state === "verified") {
    return <Badge tone="success">{t("verified")}</Badge>;
  }
  if (check.state === "changed_in_kapso") {
    return <Badge tone="danger">{t("changed")}</Badge>;
  }
  return <Badge tone="warning">{t("differs")}</Badge>;
}

/** One sentence under the badge: lock_version and time, or what differs. */
export function KapsoCheckSummary({ check }: { check: KapsoCheck }) {
  const t = useTranslations("instructions.check");
  const dates = useDateFormat();
  if (check.state === "error") {
    return null;
  }
  const time = dates.dateTime(check.checkedAt);
  const values = {
    version: check.settingsVersion,
    lockVersion: check.lockVersion ?? "—",
    when: check.source === "drift" ? t("checkedAutomatic", { time }) : t("checked", { time }),
    fields: check.differingFields.map(fieldLabel).join(", "),
  };
  if (check.state === "verified") {
    return <p className="text-sm text-muted-foreground">{t("verified", values)}</p>;
  }
  if (check.state === "changed_in_kapso") {
    const moved =
      check.verifiedLockVersion !== null &&
      check.lockVersion !== null &&
      check.lockVersion !== check.verifiedLockVersion;
    return (
      <p className="text-sm text-destructive">
        {moved
          ? t("changedMoved", { ...values, from: check.verifiedLockVersion!, to: check.lockVersion! })
          : t("changed", values)}
      </p>
    );
  }
  return <p className="text-sm text-warning">{t("differs", values)}</p>;
}

/** Per-field results; differing fields show both values. */
export function KapsoFieldTable({ fields }: { fields: KapsoCheck["fields"] }) {
  const t = useTranslations("instructions.check");
  const shown = useShownValue();
  if (fields.length === 0) {
    return null;
  }
  return (
    <ul aria-label={t("fieldsList")} className="divide-y divide-border/60 rounded-md border border-border text-sm">
      {fields.map((f) => (
        <li key={`${f.node_id}:${f.config_key}`} className="px-3 py-2">
          <div className="flex items-center justify-between gap-3">
            <span className="font-medium text-foreground">
              {fieldLabel(f.field)}{" "}
              <span className="font-normal text-muted-foreground">
                {t.rich("where", {
                  nodeId: f.node_id,
                  configKey: f.config_key,
                  code: (chunks) => <code className="text-xs">{chunks}</code>,
                })}
              </span>
            </span>
            {f.matches ? (
              <Badge tone="success" aria-label={t("fieldMatches", { field: fieldLabel(f.field) })}>
                {t("matches")}
              </Badge>
            ) : (
              <Badge tone="warning" aria-label={t("fieldDiffers", { field: fieldLabel(f.field) })}>
                {t("fieldDiffersBadge")}
              </Badge>
            )}
          </div>
          {!f.matches && (
            <dl className="mt-1.5 grid gap-1 text-xs sm:grid-cols-[6rem_1fr]">
              <dt className="text-muted-foreground">{t("settingsValue")}</dt>
              <dd className="break-words whitespace-pre-wrap text-foreground">{shown(f.expected)}</dd>
              <dt className="text-muted-foreground">{t("kapsoValue")}</dt>
              <dd className="break-words whitespace-pre-wrap text-foreground">{shown(f.actual)}</dd>
            </dl>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The exact node config changes an apply makes. */
export function NodeChangeList({ preview }: { preview: KapsoPreview }) {
  const t = useTranslations("instructions.check");
  const shown = useShownValue();
  if (preview.changes.length === 0) {
    return <p>{t("nothingToChange", { version: preview.settingsVersion })}</p>;
  }
  return (
    <ul aria-label={t("nodeChanges")} className="max-h-80 space-y-3 overflow-y-auto">
      {preview.changes.map((node) => (
        <li key={node.nodeId}>
          <p className="font-medium text-foreground">
            {node.displayName}{" "}
            <span className="font-normal text-muted-foreground">
              {t.rich("nodeOf", {
                nodeType: node.nodeType,
                nodeId: node.nodeId,
                code: (chunks) => <code className="text-xs">{chunks}</code>,
              })}
            </span>
          </p>
          <ul className="mt-1 space-y-1">
            {node.changes.map((c) => (
              <li key={c.configKey} className="rounded bg-muted px-2 py-1 text-xs">
                <code className="font-semibold">{c.configKey}</code>
                <div className="mt-0.5 grid gap-x-2 sm:grid-cols-[3.5rem_1fr]">
                  <span className="text-muted-foreground">{t("before")}</span>
                  <span className="break-words whitespace-pre-wrap text-destructive line-through decoration-destructive/40">
                    {shown(c.before)}
                  </span>
                  <span className="text-muted-foreground">{t("after")}</span>
                  <span className="break-words whitespace-pre-wrap text-success">{shown(c.after)}</span>
                </div>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
