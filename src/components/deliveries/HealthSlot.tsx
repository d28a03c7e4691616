// The place at the top of the deliveries page for the delivery health components (counts per status for
// the last 24 h and the health panel, src/components/deliveries/StatusCounts.tsx and HealthPanel.tsx),
// which another part of the app provides; empty until they are wired in here.
export function HealthSlot() {
  return null;
}
