"use client";
import * as React from "react";
import { useErrorMessage } from "@/lib/errors";

/**
 * The state behind a button that opens a ConfirmDialog and runs `action` on confirm:
 * the dialog closes either way, and a failure is shown next to the button.
 */
export function useConfirmedAction(action: () => Promise<unknown>) {
  const errorMessage = useErrorMessage();
  const [open, setOpen] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setOpen(false);
      setBusy(false);
    }
  };
  return { open, setOpen, busy, error, confirm };
}
