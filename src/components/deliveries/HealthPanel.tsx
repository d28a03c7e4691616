"use client";
import * as React from "react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { LoadingState } from "@/components/ui/states";
import { useDateFormat } from "@/lib/useDateFormat";
import { failures, received, type DeliveryAlarm, type HourBar } from "@/domain/deliveryHealth";
import { useDeliveryHealth } from "./useDeliveryHealth";

const ALARM_TITLES: Record<DeliveryAlarm["kind"], string> = {
  quiet: "Kapso has gone quiet",
  refused: "Webhook deliveries are being refused",
};

function AlarmBanner({ alarm, compact }: { alarm: DeliveryAlarm; compact: boolean }) {
  return (
    <Alert variant={alarm.kind === "refused" ? "destructive" : "warning"} data-alarm={alarm.kind}>
      <AlertTitle>{ALARM_TITLES[alarm.kind]}</AlertTitle>
      <AlertDescription>
        {alarm.message}
        {compact && (
          <>
            {" "}
            <Link href="/deliveries" className="font-medium underline underline-offset-2">
              Open deliveries
            </Link>
          </>
        )}
      </AlertDescription>
    </Alert>
  );
}

/** Deliveries per hour as CSS bars (failures in the destructive colour); a table for screen readers. */
function HourChart({ bars }: { bars: HourBar[] }) {
  const { time, dateTime } = useDateFormat();
  const max = Math.max(1, ...bars.map((b) => b.received));
  const total = bars.reduce((n, b) => n + b.received, 0);
  const captionId = React.useId();
  return (
    <figure aria-labelledby={captionId} className="space-y-2">
      <figcaption id={captionId} className="text-sm text-muted-foreground">
        Deliveries per hour, last 48 hours: {total.toLocaleString("en-US")} in total.
      </figcaption>
      <div aria-hidden className="flex h-20 items-end gap-px border-b border-border pb-px">
        {bars.map((b) => (
          <div
            key={b.hour}
            className="flex h-full flex-1 flex-col justify-end"
            title={`${time(b.hour)}: ${b.received} received, ${b.failures} failed`}
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
        <caption>Deliveries per hour</caption>
        <thead>
          <tr>
            <th scope="col">Hour</th>
            <th scope="col">Received</th>
            <th scope="col">Failed</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.hour}>
              <th scope="row">{dateTime(b.hour)}</th>
              <td>{b.received}</td>
              <td>{b.failures}</td>
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
  if (compact) {
    // Its own boundary: a failing banner must not take the inbox down with it.
    return (
      <QueryBoundary title="Could not check the webhook's health" className="mb-4">
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
  const health = useDeliveryHealth({ live: true });
  const { dateTime } = useDateFormat();
  if (health === undefined) {
    return (
      <Card>
        <LoadingState label="Loading webhook health…" />
      </Card>
    );
  }
  const lastHourFailures = failures(health.lastHour);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Webhook health</CardTitle>
        {health.alarms.length ? (
          <Badge tone="danger">Needs attention</Badge>
        ) : health.lastReceivedAt === undefined ? (
          <Badge tone="warning">No delivery yet</Badge>
        ) : (
          <Badge tone="success">Receiving</Badge>
        )}
      </CardHeader>
      <CardBody className="space-y-4">
        {health.alarms.map((alarm) => (
          <AlarmBanner key={alarm.kind} alarm={alarm} compact={false} />
        ))}
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-muted-foreground">Last delivery received</dt>
            <dd className="font-medium text-foreground">
              {health.lastReceivedAt === undefined ? "None yet" : dateTime(health.lastReceivedAt)}
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Failures in the last hour</dt>
            <dd
              data-testid="failures-last-hour"
              className={lastHourFailures > 0 ? "font-medium text-destructive" : "font-medium text-foreground"}
            >
              {lastHourFailures} of {received(health.lastHour)}
              {health.lastHour.refused > 0 && ` (${health.lastHour.refused} with a signature that does not match)`}
            </dd>
          </div>
        </dl>
        <HourChart bars={health.bars} />
      </CardBody>
    </Card>
  );
}
