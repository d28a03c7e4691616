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
