// Local dates (`YYYY-MM-DD`) are calendar days, not instants: format them in UTC
// so the browser's own time zone never shifts them.

export function formatLocalDate(date: string, style: "long" | "short" = "long"): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) {
    return date;
  }
  return d.toLocaleDateString("en-GB", {
    timeZone: "UTC",
    ...(style === "long"
      ? { weekday: "short", day: "numeric", month: "short", year: "numeric" }
      : { day: "numeric", month: "short" }),
  });
}

export function formatInstant(ms: number): string {
  return new Date(ms).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) {
    return "–";
  }
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "Grok (grok-4.1-fast)", "Deterministic", "Deterministic (LLM failed)". */
export function generatorLabel(generator: string | undefined): string {
  if (!generator) {
    return "–";
  }
  if (generator.startsWith("llm:")) {
    return `Grok (${generator.slice(4)})`;
  }
  if (generator === "deterministic-fallback") {
    return "Deterministic (LLM failed)";
  }
  if (generator === "deterministic") {
    return "Deterministic";
  }
  return generator;
}
