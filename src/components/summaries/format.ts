"use client";
import * as React from "react";
import { useFormatter, useTranslations } from "next-intl";

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

/** A run's progress as the job stores it ("reading:1200", "writing", "saving"); older runs stored English. */
export function useRunProgress(): (progress: string | undefined) => string {
  const t = useTranslations("summaries.progress");
  return React.useCallback(
    (progress) => {
      if (!progress) {
        return t("working");
      }
      const [step, count] = progress.split(":");
      if (step === "reading") {
        return t("reading", { count: Number(count) || 0 });
      }
      if (step === "writing" || step === "saving") {
        return t(step);
      }
      return progress;
    },
    [t],
  );
}
