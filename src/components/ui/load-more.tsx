import * as React from "react";
import type { PaginationStatus } from "convex/react";
import { useTranslations } from "next-intl";
import { Button } from "./button";
import { cn } from "@/lib/utils";

/** The "load more" control of a paginated list: hidden until the first page is in and once nothing is left. */
export function LoadMoreButton({
  status,
  onLoadMore,
  children,
  size = "md",
  centered = false,
  className,
}: {
  status: PaginationStatus;
  onLoadMore: () => void;
  children?: React.ReactNode;
  size?: "sm" | "md";
  centered?: boolean;
  className?: string;
}) {
  const t = useTranslations("common");
  if (status === "Exhausted" || status === "LoadingFirstPage") {
    return null;
  }
  return (
    <div className={cn("flex", centered && "justify-center", className)}>
      <Button variant="secondary" size={size} busy={status === "LoadingMore"} onClick={onLoadMore}>
        {children ?? t("loadMore")}
      </Button>
    </div>
  );
}
