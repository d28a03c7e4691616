"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import { Button } from "./button";

/**
 * A confirmation built on the native <dialog>: focus is trapped, Escape cancels,
 * and focus returns to the opener, with no extra dependency.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children?: React.ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useTranslations("common");
  const ref = React.useRef<HTMLDialogElement>(null);
  const titleId = React.useId();
  React.useEffect(() => {
    const dialog = ref.current;
    if (!dialog) {
      return;
    }
    if (open && !dialog.open) {
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      data-slot="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="m-auto w-full max-w-md rounded-lg border border-border bg-card p-0 text-card-foreground shadow-xl backdrop:bg-foreground/40"
    >
      {open && (
        <div className="p-5">
          <h2 id={titleId} data-slot="dialog-title" className="text-base font-semibold text-foreground">
            {title}
          </h2>
          {children && (
            <div data-slot="dialog-description" className="mt-2 text-sm text-muted-foreground">
              {children}
            </div>
          )}
          <div data-slot="dialog-footer" className="mt-5 flex justify-end gap-2">
            <Button variant="secondary" onClick={onCancel} disabled={busy}>
              {cancelLabel ?? t("cancel")}
            </Button>
            <Button onClick={onConfirm} busy={busy} autoFocus>
              {confirmLabel}
            </Button>
          </div>
        </div>
      )}
    </dialog>
  );
}
