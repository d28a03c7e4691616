"use client";
import * as React from "react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { LoadingState } from "@/components/ui/states";
import { useDateFormat } from "@/lib/useDateFormat";
import { useMessage } from "@/i18n/useMessage";
import { failures, received, type DeliveryAlarm, type HourBar } from "@/domain/deliveryHealth";
import { useDeliveryHealth } from "./useDeliveryHealth";

function AlarmBanner({ alarm, compact }: { alarm: DeliveryAlarm; compact: boolean }) {
  const t = useTranslations("deliveries.health");
  const say = useMessage();
  return (
    <Alert variant={alarm.kind === "refused" ? "destructive" : "warning"} data-alarm={alarm.kind}>
      <AlertTitle>{alarm.kind === "refused" ? t("refusedTitle") : t("quietTitle")}</AlertTitle>
      <AlertDescription>
        {say(alarm.message)} {say(alarm.advice)}
        {compact && (
          <>
            {" "}
            <Link href="/deliveries" className="font-medium underline underline-offset-2">
              {t("openDeliveries")}
            </Link>
          </>
        )}
      </AlertDescription>
    </Alert>
  );
}

/** Deliveries per hour as CSS bars (failures in the destructive colour); a table for screen readers. */
function HourChart({ bars }: { bars: HourBar[] }) {
  const t = useTranslations("deliveries.health");
  const { time, dateTime } = useDateFormat();
  const { number } = useFormatter();
  const max = Math.max(1, ...bars.map((b) => b.received));
  const total = bars.reduce((n, b) => n + b.received, 0);
  const captionId = React.useId();
  return (
    <figure aria-labelledby={captionId} className="space-y-2">
      <figcaption id={captionId} className="text-sm text-muted-foreground">
        {t("chartCaption", { total })}
      </figcaption>
      <div aria-hidden className="flex h-20 items-end gap-px border-b border-border pb-px">
        {bars.map((b) => (
          <div
            key={b.hour}
            className="flex h-full flex-1 flex-col justify-end"
            title={t("barTitle", { time: time(b.hour), received: b.received, failures: b.failures })}
          >
            {b.failures > 0 && (
              <div className="w-full bg-destructive" style={{ height: `${(b.failures / max) * 100}%` }} />
            )}
            <div
              data-testid="hour-bar"
              className="w-full rounded-t-sm bg-primary"
              style={{ height: `${((b.received - b.failures) / max) * 100}%` }}
            />
          </div>
        ))}
      </div>
      <table className="sr-only">
        <caption>{t("tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("hour")}</th>
            <th scope="col">{t("received")}</th>
            <th scope="col">{t("failed")}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.hour}>
              <th scope="row">{dateTime(b.hour)}</th>
              <td>{number(b.received)}</td>
              <td>{number(b.failures)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/**
 * Webhook delivery health: the last delivery, deliveries per hour for 48 hours,
 * failures in the last hour and the alarms. `compact` (the inbox) shows only an
 * alarm banner, and nothing when all is well; it reads completed hours only.
 */
export function HealthPanel({ compact = false }: { compact?: boolean }) {
  const t = useTranslations("deliveries.health");
  if (compact) {
    // Its own boundary: a failing banner must not take the inbox down with it.
    return (
      <QueryBoundary title={t("checkError")} className="mb-4">
        <CompactAlarms />
      </QueryBoundary>
    );
  }
  return <FullPanel />;
}

function CompactAlarms() {
  const health = useDeliveryHealth({ live: false });
  if (!health?.alarms.length) {
    return null;
  }
  return (
    <div className="mb-4 space-y-2">
      {health.alarms.map((alarm) => (
        <AlarmBanner key={alarm.kind} alarm={alarm} compact />
      ))}
    </div>
  );
}

function FullPanel() {
  const t = useTranslations("deliveries.health");
  const health = useDeliveryHealth({ live: true });
  const { dateTime } = useDateFormat();
  if (health === undefined) {
    return (
      <Card>
        <LoadingState label={t("loading")} />
      </Card>
    );
  }
  const lastHourFailures = failures(health.lastHour);
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        {health.alarms.length ? (
          <Badge tone="danger">{t("needsAttention")}</Badge>
        ) : health.lastReceivedAt === undefined ? (
          <Badge tone="warning">{t("noDeliveryYet")}</Badge>
        ) : (
          <Badge tone="success">{t("receiving")}</Badge>
        )}
      </CardHeader>
      <CardBody className="space-y-4">
        {health.alarms.map((alarm) => (
          <AlarmBanner key={alarm.kind} alarm={alarm} compact={false} />
        ))}
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-muted-foreground">{t("lastReceived")}</dt>
            <dd className="font-medium text-foreground">
              {health.lastReceivedAt === undefined ? t("noneYet") : dateTime(health.lastReceivedAt)}
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">{t("failuresLastHour")}</dt>
            <dd
              data-testid="failures-last-hour"
              className={lastHourFailures > 0 ? "font-medium text-destructive" : "font-medium text-foreground"}
            >
              {t("failuresOf", {
                failures: lastHourFailures,
                received: received(health.lastHour),
                refused: health.lastHour.refused,
              })}
            </dd>
          </div>
        </dl>
        <HourChart bars={health.bars} />
      </CardBody>
    </Card>
  );
}
