"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import { useDateFormat } from "@/lib/useDateFormat";

export type DayCount = { date: string; count: number | null };

/**
 * Messages per local day as CSS bars. The bars are decoration for sighted users;
 * screen readers get the same figures as a table.
 */
export function MessagesChart({ days, timeZone }: { days: DayCount[]; timeZone: string }) {
  const t = useTranslations("summaries.chart");
  const dates = useDateFormat();
  const max = Math.max(1, ...days.map((d) => d.count ?? 0));
  const total = days.reduce((n, d) => n + (d.count ?? 0), 0);
  const captionId = React.useId();
  const shortDate = (date: string) => dates.localDate(date, "short");
  return (
    <figure aria-labelledby={captionId} className="space-y-3">
      <figcaption id={captionId} className="text-sm text-muted-foreground">
        {t("caption", { days: days.length, timeZone, total })}
      </figcaption>
      <div aria-hidden className="flex h-36 items-end gap-1.5 border-b border-border pb-px">
        {days.map((d) => (
          <div
            key={d.date}
            className="flex h-full flex-1 flex-col items-center justify-end gap-1"
            title={
              d.count === null
                ? t("barNotSummarised", { date: dates.localDate(d.date) })
                : t("bar", { date: dates.localDate(d.date), count: d.count })
            }
          >
            {d.count === null ? (
              <div className="h-full w-full rounded-sm border border-dashed border-border" />
            ) : (
              <>
                <span className="text-[10px] leading-none text-muted-foreground">{d.count > 0 ? d.count : ""}</span>
                <div
                  data-testid="bar"
                  className="w-full rounded-t-sm bg-primary"
                  style={{ height: `${Math.max(d.count > 0 ? 3 : 0, (d.count / max) * 100)}%` }}
                />
              </>
            )}
          </div>
        ))}
      </div>
      <div aria-hidden className="flex gap-1.5 text-[10px] text-muted-foreground">
        {days.map((d, i) => (
          <span key={d.date} className="flex-1 text-center">
            {i % 2 === days.length % 2 ? shortDate(d.date) : ""}
          </span>
        ))}
      </div>
      <table className="sr-only">
        <caption>{t("tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("day")}</th>
            <th scope="col">{t("messages")}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{dates.localDate(d.date)}</th>
              <td>{d.count === null ? t("notSummarised") : d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-muted-foreground">{t("dashed")}</p>
    </figure>
  );
}
