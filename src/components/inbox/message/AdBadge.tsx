import * as React from "react";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { isHttpsUrl, type MessageDetails } from "@/domain/messageContent";
import { MegaphoneIcon } from "./icons";

/** The lead came from a click-to-WhatsApp ad: which one, and a link to it when that is https. */
export function AdBadge({ referral }: { referral: NonNullable<MessageDetails["referral"]> }) {
  const t = useTranslations("message");
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
      <Badge tone="info">
        <MegaphoneIcon className="size-3" />
        {t("fromAd")}
      </Badge>
      {referral.headline && <span>{referral.headline}</span>}
      {isHttpsUrl(referral.source_url) && (
        <a
          href={referral.source_url}
          target="_blank"
          rel="noopener noreferrer"
          className="font-medium text-primary underline-offset-2 hover:underline"
        >
          {t("openAd")}
        </a>
      )}
    </div>
  );
}
