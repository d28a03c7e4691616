/** "26 Nov 2026, 14:53" in the reader's locale and time zone; "—" when there is no time. */
export function formatWhen(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) {
    return "—";
  }
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(ms);
}
