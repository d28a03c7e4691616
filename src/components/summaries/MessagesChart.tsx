"use client";
import * as React from "react";
import { useDateFormat } from "@/lib/useDateFormat";

export type DayCount = { date: string; count: number | null };

/**
 * Messages per local day as CSS bars. The bars are decoration for sighted users;
 * screen readers get the same figures as a table.
 */
export function MessagesChart({ days, timeZone }: { days: DayCount[]; timeZone: string }) {
  const dates = useDateFormat();
  const max = Math.max(1, ...days.map((d) => d.count ?? 0));
  const total = days.reduce((n, d) => n + (d.count ?? 0), 0);
  const captionId = React.useId();
  return (
    <figure aria-labelledby={captionId} className="space-y-3">
      <figcaption id={captionId} className="text-sm text-muted-foreground">
        Messages per day, last {days.length} days ({timeZone}): {total.toLocaleString("en-US")} in total.
      </figcaption>
      <div aria-hidden className="flex h-36 items-end gap-1.5 border-b border-border pb-px">
        {days.map((d) => (
          <div
            key={d.date}
            className="flex h-full flex-1 flex-col items-center justify-end gap-1"
            title={`${dates.localDate(d.date)}: ${d.count === null ? "not summarised" : `${d.count} messages`}`}
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
            {i % 2 === days.length % 2 ? dates.localDate(d.date, "short") : ""}
          </span>
        ))}
      </div>
      <table className="sr-only">
        <caption>Messages per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Messages</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{dates.localDate(d.date)}</th>
              <td>{d.count === null ? "not summarised" : d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-muted-foreground">Dashed days have not been summarised yet.</p>
    </figure>
  );
}
