import * as React from "react";
import { cn } from "@/lib/utils";

type Variant = "destructive" | "warning" | "success";

const variants: Record<Variant, string> = {
  destructive: "border-destructive/25 bg-destructive/10 text-destructive",
  warning: "border-warning/25 bg-warning/10 text-warning",
  success: "border-success/25 bg-success/10 text-success",
};

/**
 * A boxed message. Errors and warnings that need attention keep the default
 * `role="alert"`; pass `role="status"` for news that should not interrupt.
 */
export function Alert({
  variant = "destructive",
  className,
  ...props
}: React.ComponentProps<"div"> & { variant?: Variant }) {
  return (
    <div
      role="alert"
      data-slot="alert"
      data-variant={variant}
      className={cn("rounded-md border px-3 py-2 text-sm", variants[variant], className)}
      {...props}
    />
  );
}

export function AlertTitle({ className, ...props }: React.ComponentProps<"p">) {
  return <p data-slot="alert-title" className={cn("font-medium", className)} {...props} />;
}

export function AlertDescription({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="alert-description" className={cn("mt-0.5", className)} {...props} />;
}
