"use client";
import * as React from "react";

/** The current time, refreshed every `intervalMs`, so time-based UI (the 24-hour window) closes on its own. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
