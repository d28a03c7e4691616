import { useTranslations } from "next-intl";
import type { ConfigChange } from "@/domain/workflowSettings";

function Value({ value }: { value: string | number | undefined }) {
  const t = useTranslations("workflows.changes");
  if (value === undefined) {
    return <span className="text-muted-foreground italic">{t("empty")}</span>;
  }
  const text = String(value);
  if (text.length <= 60 && !text.includes("\n")) {
    return <code className="rounded bg-accent px-1 py-0.5 text-xs text-foreground">{text}</code>;
  }
  return (
    <pre className="mt-1 max-h-40 overflow-auto rounded bg-muted p-2 text-xs whitespace-pre-wrap text-foreground">
      {text}
    </pre>
  );
}

function Words({ words }: { words: string[] }) {
  return (
    <span className="inline-flex flex-wrap gap-1 align-middle">
      {words.map((w) => (
        <Value key={w} value={w} />
      ))}
    </span>
  );
}

/** Field-by-field changes, for history entries and the "changed since last sync" summary. */
export function ChangeList({ changes }: { changes: ConfigChange[] }) {
  const t = useTranslations("workflows");
  if (changes.length === 0) {
    return <p className="text-sm text-muted-foreground">{t("changes.none")}</p>;
  }
  return (
    <ul className="space-y-2 text-sm">
      {changes.map((change) => (
        <li
          key={change.field === "auto_reply_templates" ? `t:${change.key}` : change.field}
          className="text-foreground"
        >
          <span className="font-medium text-foreground">
            {change.field === "auto_reply_templates"
              ? t("fields.autoReplyFor", { key: change.key })
              : t(`fields.${change.field}`)}
          </span>
          {change.field === "keywords" ? (
            <span>
              {change.added.length > 0 && (
                <>
                  {" "}
                  {t("changes.added")} <Words words={change.added} />
                </>
              )}
              {change.removed.length > 0 && (
                <>
                  {" "}
                  {t("changes.removed")} <Words words={change.removed} />
                </>
              )}
              {change.reordered && <> {t("changes.reordered")}</>}
            </span>
          ) : (
            <span>
              {": "}
              <Value value={change.before} /> → <Value value={change.after} />
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
