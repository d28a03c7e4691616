import * as React from "react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { INTL_LOCALES } from "@/domain/locale";
import { formatMoney, isHttpsUrl } from "@/domain/messageContent";
import type { MessageDetails } from "@/domain/messageContent";
import { CartIcon, PersonIcon, PinIcon, ReplyIcon, TemplateIcon } from "./icons";
import type { ThreadMessage } from "./types";

// The structured message types, each from its `details`.

const cardClass = "rounded-lg bg-muted px-2.5 py-2 ring-1 ring-border";
const linkClass = "text-xs font-medium text-primary underline-offset-2 hover:underline";

function CardTitle({ icon, children }: { icon: React.ReactNode; children: React.ReactNode }) {
  return (
    <p className="flex items-center gap-1.5 text-sm font-medium text-foreground">
      {icon}
      <span className="min-w-0 break-words">{children}</span>
    </p>
  );
}

/** OpenStreetMap at street level: no API key, no tracking script. */
export function openStreetMapUrl(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
}

export function LocationCard({ location }: { location: NonNullable<MessageDetails["location"]> }) {
  const t = useTranslations("message");
  const { latitude, longitude, name, address, url } = location;
  return (
    <div className={cardClass}>
      <CardTitle icon={<PinIcon className="text-muted-foreground" />}>{name ?? t("sharedLocation")}</CardTitle>
      {address && <p className="text-xs text-muted-foreground">{address}</p>}
      <p className="text-xs tabular-nums text-muted-foreground">
        {latitude}, {longitude}
      </p>
      <div className="mt-1 flex flex-wrap gap-3">
        <a href={openStreetMapUrl(latitude, longitude)} target="_blank" rel="noopener noreferrer" className={linkClass}>
          {t("openInOsm")}
        </a>
        {isHttpsUrl(url) && (
          <a href={url} target="_blank" rel="noopener noreferrer" className={linkClass}>
            {t("placeWebsite")}
          </a>
        )}
      </div>
    </div>
  );
}

export function ContactCards({
  cards,
  leads,
}: {
  cards: NonNullable<MessageDetails["contacts"]>;
  leads: ThreadMessage["card_leads"];
}) {
  const t = useTranslations("message");
  const leadOf = new Map((leads ?? []).map((l) => [l.phone, l.contact_id]));
  return (
    <ul className="space-y-1.5">
      {cards.map((card) => {
        const lead = card.phones.map((p) => leadOf.get(p)).find(Boolean);
        return (
          <li key={`${card.name}|${card.phones.join(",")}|${card.emails.join(",")}`} className={cardClass}>
            <CardTitle icon={<PersonIcon className="text-muted-foreground" />}>{card.name}</CardTitle>
            {card.organization && <p className="text-xs text-muted-foreground">{card.organization}</p>}
            {card.phones.map((phone) => (
              <p key={phone} className="text-xs tabular-nums text-foreground">
                {phone}
              </p>
            ))}
            {card.emails.map((email) => (
              <p key={email} className="break-all text-xs text-foreground">
                {email}
              </p>
            ))}
            {lead && (
              <Link href={`/contacts/${lead}`} className={linkClass}>
                {t("openLead")}
              </Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function ReplyAnswer({ reply }: { reply: NonNullable<MessageDetails["reply"]> }) {
  const t = useTranslations("message");
  return (
    <div className={cardClass}>
      <p className="flex items-center gap-1 text-xs text-muted-foreground">
        <ReplyIcon className="size-3.5" />
        {t("answerKind", { kind: reply.kind })}
      </p>
      <p className="text-sm font-medium text-foreground">{reply.title ?? reply.payload ?? reply.id ?? t("noTitle")}</p>
      {reply.description && <p className="text-xs text-muted-foreground">{reply.description}</p>}
    </div>
  );
}

export function OrderCard({ order }: { order: NonNullable<MessageDetails["order"]> }) {
  const t = useTranslations("message");
  const locale = INTL_LOCALES[useLocale()];
  return (
    <div className={cardClass}>
      <CardTitle icon={<CartIcon className="text-muted-foreground" />}>
        {t("orderTitle", { count: order.item_count })}
      </CardTitle>
      <table className="mt-1 w-full text-xs">
        <caption className="sr-only">{t("orderedItems")}</caption>
        <thead className="text-muted-foreground">
          <tr>
            <th scope="col" className="text-left font-normal">
              {t("product")}
            </th>
            <th scope="col" className="text-right font-normal">
              {t("quantity")}
            </th>
            <th scope="col" className="text-right font-normal">
              {t("price")}
            </th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.product_retailer_id}>
              <td className="break-all pr-2 text-foreground">{item.product_retailer_id}</td>
              <td className="text-right tabular-nums">{item.quantity}</td>
              <td className="whitespace-nowrap pl-2 text-right tabular-nums">
                {formatMoney(item.item_price, item.currency, locale)}
              </td>
            </tr>
          ))}
        </tbody>
        {order.total !== undefined && order.currency && (
          <tfoot>
            <tr className="font-medium text-foreground">
              <th scope="row" colSpan={2} className="pt-1 text-left">
                {t("total")}
              </th>
              <td className="whitespace-nowrap pt-1 text-right tabular-nums">
                {formatMoney(order.total, order.currency, locale)}
              </td>
            </tr>
          </tfoot>
        )}
      </table>
      {order.text && <p className="mt-1 whitespace-pre-wrap text-sm text-foreground">{order.text}</p>}
    </div>
  );
}

export function TemplateCard({ template }: { template: NonNullable<MessageDetails["template"]> }) {
  const t = useTranslations("message");
  return (
    <div className={cardClass}>
      <CardTitle icon={<TemplateIcon className="text-muted-foreground" />}>
        {t("template")} <span className="font-mono text-xs">{template.name}</span>
        {template.language && <span className="text-xs font-normal text-muted-foreground"> ({template.language})</span>}
      </CardTitle>
      {template.parameters.length > 0 && (
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-xs">
          {template.parameters.map((value, position) => (
            // Parameters are positional ({{1}}, {{2}}): the position is their identity.
            <React.Fragment key={`{{${position + 1}}}`}>
              <dt className="font-mono text-muted-foreground">{`{{${position + 1}}}`}</dt>
              <dd className="break-words text-foreground">{value}</dd>
            </React.Fragment>
          ))}
        </dl>
      )}
    </div>
  );
}
