"use client";
import * as React from "react";
import type { Id } from "@convex/_generated/dataModel";

// Placeholder so the inbox compiles on its own branch; the template picker itself
// (approved templates, their parameters, sending one) replaces this file.
export function TemplatePicker(_props: { conversationId: Id<"conversations">; onSent?: () => void }) {
  return <p className="text-sm text-muted-foreground">Template messages are not available here yet.</p>;
}
