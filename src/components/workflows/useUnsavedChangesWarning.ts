"use client";
import * as React from "react";
import { useTranslations } from "next-intl";

/**
 * Warns before unsaved edits are lost: the browser's own prompt on reload/close,
 * and a confirmation for in-app links (the App Router has no navigation event to hook).
 */
export function useUnsavedChangesWarning(dirty: boolean) {
  const t = useTranslations("workflows.editor");
  const message = t("leaveUnsaved");
  React.useEffect(() => {
    if (!dirty) {
      return;
    }
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
        return;
      }
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!(link instanceof HTMLAnchorElement) || link.target === "_blank" || link.hasAttribute("download")) {
        return;
      }
      if (new URL(link.href, window.location.href).origin !== window.location.origin) {
        return;
      }
      if (!window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    // Capture phase, so the check runs before Next's <Link> handler navigates.
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, message]);
}
