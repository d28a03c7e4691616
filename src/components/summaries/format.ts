"use client";
import * as React from "react";
import { useFormatter, useTranslations } from "next-intl";
import { decodeRunProgress } from "@/domain/summaryRuns";

/** Durations and "written by" labels of runs and notes, in the reader's language. */
export function useSummaryFormat() {
  const t = useTranslations("summaries.generator");
  const format = useFormatter();
  return React.useMemo(
    () => ({
      duration(ms: number | undefined): string {
        if (ms === undefined) {
          return "–";
        }
        return ms < 1000
          ? format.number(ms, { style: "unit", unit: "millisecond" })
          : format.number(ms / 1000, { style: "unit", unit: "second", maximumFractionDigits: 1 });
      },
      /** "Grok (grok-4.1-fast)", "Deterministic", "Deterministic (LLM failed)". */
      generator(generator: string | undefined): string {
        if (!generator) {
          return "–";
        }
        if (generator.startsWith("llm:")) {
          return t("llm", { model: generator.slice(4) });
        }
        if (generator === "deterministic-fallback") {
          return t("fallback");
        }
        if (generator === "deterministic") {
          return t("deterministic");
        }
        return generator;
      },
    }),
    [t, format],
  );
}

/** A run's progress as the job stores it (decodeRunProgress); older runs stored English, shown as it is. */
export function useRunProgress(): (progress: string | undefined) => string {
  const t = useTranslations("summaries.progress");
  return React.useCallback(
    (progress) => {
      if (!progress) {
        return t("working");
      }
      const decoded = decodeRunProgress(progress);
      if (!decoded) {
        return progress;
      }
      switch (decoded.step) {
        case "reading":
          return t("reading", { count: decoded.count });
        case "writing":
          return t("writing");
        case "saving":
          return t("saving");
      }
    },
    [t],
  );
}
