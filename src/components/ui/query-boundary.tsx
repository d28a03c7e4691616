"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import { useErrorMessage } from "@/lib/errors";
import { ErrorState } from "./states";

// A class (error boundaries must be) renders the failure through this component, which may use hooks.
function QueryFailed({ title, error, className }: { title?: string; error: unknown; className?: string }) {
  const t = useTranslations("common");
  const errorMessage = useErrorMessage();
  return <ErrorState title={title ?? t("couldNotLoad")} message={errorMessage(error)} className={className} />;
}

/**
 * Shows an ErrorState when a Convex query below throws (useQuery rethrows server
 * errors during render). `resetKey` clears the error when the subject changes.
 */
export class QueryBoundary extends React.Component<
  { title?: string; resetKey?: unknown; className?: string; children: React.ReactNode },
  { error: unknown; key: unknown }
> {
  state = { error: null as unknown, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey?: unknown }, state: { error: unknown; key: unknown }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  render() {
    if (this.state.error) {
      return <QueryFailed title={this.props.title} error={this.state.error} className={this.props.className} />;
    }
    return this.props.children;
  }
}
