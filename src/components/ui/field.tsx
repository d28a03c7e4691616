"use client";
import * as React from "react";
import { cn } from "@/lib/utils";

const control =
  "block w-full rounded-md border border-input bg-background px-3 py-2 text-sm text-foreground shadow-xs " +
  "placeholder:text-muted-foreground focus:border-ring focus:outline-none focus:ring-2 focus:ring-ring/20 " +
  "disabled:bg-muted disabled:text-muted-foreground aria-invalid:border-destructive aria-invalid:ring-destructive/20";

type ControlWiring = { id: string; "aria-invalid": boolean; "aria-describedby"?: string };

/** What the enclosing Field tells its control: its id and the ids that describe it. */
const FieldContext = React.createContext<ControlWiring | null>(null);

/** The control's props with the enclosing Field's wiring underneath, so explicit props still win. */
function useFieldWiring<P extends object>(props: P): P {
  const wiring = React.useContext(FieldContext);
  return wiring ? { ...wiring, ...props } : props;
}

export function Input({ className, ...props }: React.ComponentProps<"input">) {
  return <input data-slot="input" {...useFieldWiring(props)} className={cn(control, "h-9 py-0", className)} />;
}

export function Textarea({ className, ...props }: React.ComponentProps<"textarea">) {
  return <textarea data-slot="textarea" {...useFieldWiring(props)} className={cn(control, "min-h-24", className)} />;
}

export function Select({ className, ...props }: React.ComponentProps<"select">) {
  return <select data-slot="select" {...useFieldWiring(props)} className={cn(control, "h-9 py-0 pr-8", className)} />;
}

export function Label({ className, ...props }: React.ComponentProps<"label">) {
  return <label data-slot="label" className={cn("block text-sm font-medium text-foreground", className)} {...props} />;
}

/**
 * Label, control and inline error wired together for screen readers: the Input,
 * Textarea or Select inside takes its `id`, `aria-invalid` and `aria-describedby`
 * from here. The id is generated unless one is given.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
  className,
}: {
  id?: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  children: React.ReactNode;
  className?: string;
}) {
  const generated = React.useId();
  const controlId = id ?? generated;
  const hintId = hint && !error ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const wiring = React.useMemo<ControlWiring>(
    () => ({ id: controlId, "aria-invalid": Boolean(error), "aria-describedby": hintId ?? errorId }),
    [controlId, error, hintId, errorId],
  );
  return (
    <div data-slot="field" data-invalid={Boolean(error) || undefined} className={cn("space-y-1.5", className)}>
      <Label htmlFor={controlId}>{label}</Label>
      <FieldContext value={wiring}>{children}</FieldContext>
      {hintId && (
        <p id={hintId} data-slot="field-description" className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {errorId && (
        <p id={errorId} data-slot="field-error" role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
