"use client";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { LoadingState } from "@/components/ui/states";
import { cn } from "@/lib/utils";
import { LEDGER_STATUSES, type LedgerStatus } from "@/domain/deliveryHealth";
import { useDeliveryHealth } from "./useDeliveryHealth";

const PROBLEMS = new Set<LedgerStatus>(["unmatched", "invalid", "failed"]);

/**
 * Deliveries per status in the last 24 hours, each a link that filters the
 * deliveries list (`?status=`). Refused deliveries (401) have no ledger row, so
 * they are a count without a link.
 */
export function StatusCounts({ selected }: { selected?: LedgerStatus }) {
  const t = useTranslations("deliveries");
  const health = useDeliveryHealth({ live: true });
  const { number } = useFormatter();
  if (health === undefined) {
    return <LoadingState label={t("counts.loading")} className="py-4" />;
  }
  const counts = health.last24h;
  return (
    <nav aria-label={t("counts.label")}>
      <ul className="flex flex-wrap gap-2 text-sm">
        {LEDGER_STATUSES.map((status) => (
          <li key={status}>
            <Link
              href={`?status=${status}`}
              aria-current={selected === status ? "true" : undefined}
              className={cn(
                "inline-flex items-center gap-1.5 rounded-md border border-border px-2.5 py-1 hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring",
                selected === status && "bg-accent",
              )}
            >
              {t(`status.${status}`)}{" "}
              <span
                className={cn(
                  "font-semibold",
                  PROBLEMS.has(status) && counts[status] > 0 ? "text-destructive" : "text-foreground",
                )}
              >
                {number(counts[status])}
              </span>
            </Link>
          </li>
        ))}
        <li className="inline-flex items-center gap-1.5 rounded-md border border-dashed border-border px-2.5 py-1">
          {t("counts.refused")}{" "}
          <span className={cn("font-semibold", counts.refused > 0 ? "text-destructive" : "text-foreground")}>
            {number(counts.refused)}
          </span>
        </li>
      </ul>
    </nav>
  );
}
