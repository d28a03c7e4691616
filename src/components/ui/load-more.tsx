import * as React from "react";
import type { PaginationStatus } from "convex/react";
import { Button } from "./button";
import { cn } from "@/lib/utils";

/** The "load more" control of a paginated list: hidden until the first page is in and once nothing is left. */
export function LoadMoreButton({
  status,
  onLoadMore,
  children = "Load more",
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
  if (status === "Exhausted" || status === "LoadingFirstPage") {
    return null;
  }
  return (
    <div className={cn("flex", centered && "justify-center", className)}>
      <Button variant="secondary" size={size} busy={status === "LoadingMore"} onClick={onLoadMore}>
        {children}
      </Button>
    </div>
  );
}
