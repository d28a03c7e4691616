"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import { useAction } from "convex/react";
import { api } from "@convex/_generated/api";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { SUGGESTED_MODELS } from "@/domain/workflowSettings";

export type ProviderModelOption = { id: string | null; name: string; provider: string | null };

export type ProviderModels = {
  models: ProviderModelOption[];
  /** "kapso": Kapso's own list (GET /provider_models); "builtin": common models, shown until or unless Kapso answers. */
  source: "kapso" | "builtin";
  note: string | null;
  loading: boolean;
};

const BUILTIN: ProviderModelOption[] = SUGGESTED_MODELS.map((name) => ({ id: null, name, provider: null }));

/**
 * Model choices for the AI model field: Kapso's provider models when the
 * deployment has a Kapso API key, else the built-in suggestions. Asked once per
 * workspace; the built-in list shows while loading and on any failure.
 */
export function useProviderModels(): ProviderModels {
  const { workspaceId } = useWorkspace();
  const t = useTranslations("workflows.editor");
  const fetchModels = useAction(api.kapsoSync.providerModels);
  const [state, setState] = React.useState<ProviderModels>({
    models: BUILTIN,
    source: "builtin",
    note: null,
    loading: true,
  });

  React.useEffect(() => {
    let cancelled = false;
    fetchModels({ workspaceId })
      .then((result) => {
        if (cancelled) {
          return;
        }
        if (result && result.models.length > 0) {
          setState({ ...result, loading: false });
        } else {
          setState((s) => ({ ...s, loading: false }));
        }
      })
      .catch(() => {
        if (!cancelled) {
          setState({
            models: BUILTIN,
            source: "builtin",
            note: t("modelsFailed"),
            loading: false,
          });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [fetchModels, workspaceId, t]);

  return state;
}
