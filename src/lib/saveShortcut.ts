import type * as React from "react";

/**
 * Forms that write a new version save only on purpose: Enter in a text field does
 * nothing, Ctrl+Enter or Cmd+Enter anywhere in the form submits it.
 */
export function saveOnlyOnPurpose(event: React.KeyboardEvent<HTMLFormElement>) {
  if (event.key !== "Enter" || event.nativeEvent.isComposing) {
    return;
  }
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault();
    event.currentTarget.requestSubmit();
  } else if (event.target instanceof HTMLInputElement) {
    event.preventDefault();
  }
}
