export { displayPhone as formatPhone } from "@/domain/phone";

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** Time today, "26 Nov" this year, "26 Nov 2025" before: the inbox style. */
export function formatWhen(ms: number | undefined, now: number = Date.now()): string {
  if (ms === undefined) {
    return "";
  }
  const date = new Date(ms);
  const today = new Date(now);
  if (sameDay(date, today)) {
    return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  }
  const sameYear = date.getFullYear() === today.getFullYear();
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", ...(sameYear ? {} : { year: "numeric" }) });
}

/** Full date and time, for tooltips and message bubbles. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}
